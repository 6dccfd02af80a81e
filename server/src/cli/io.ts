// The process around a command, passed in so commands can run inside tests as well as from main.ts.
import { mkdirSync, writeFileSync } from 'node:fs';
import nodePath from 'node:path';
import { describeError } from '../host/file-system';
import { displayText } from '../engine/display-text';

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface InputStream {
  isTTY?: boolean;
  /** Everything until the end of the input. */
  readAll(): Promise<Buffer>;
}

export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: OutputStream;
  stderr: OutputStream;
  /** Standard input, for `lint --stdin`; absent where there is none. */
  stdin?: InputStream;
}

export function printError(io: CliIo, message: string): void {
  io.stderr.write(`shipshape: error: ${displayText(message)}\n`);
}

export function printNote(io: CliIo, message: string): void {
  io.stderr.write(`shipshape: ${displayText(message)}\n`);
}

/** Writes a report to `--output FILE` (creating its folder) or to standard output; false when it could not. */
export function writeReport(io: CliIo, output: string, file: string | undefined): boolean {
  if (file === undefined) {
    io.stdout.write(output);
    return true;
  }
  const target = nodePath.resolve(io.cwd, file);
  try {
    mkdirSync(nodePath.dirname(target), { recursive: true });
    writeFileSync(target, output);
    return true;
  } catch (error) {
    printError(io, `cannot write the report to ${file}: ${describeError(error)}`);
    return false;
  }
}

export interface StatusLine {
  /** Replaces the line; calls closer together than 100 ms are dropped unless `force`. */
  show(text: string, force?: boolean): void;
  clear(): void;
}

/** A single self-overwriting progress line on stderr, only for a terminal; never mixed into stdout. */
export function createStatusLine(io: CliIo): StatusLine {
  if (io.stderr.isTTY !== true) return { show: () => undefined, clear: () => undefined };
  let shown = false;
  let last = 0;
  return {
    show(text, force = false) {
      const now = Date.now();
      if (!force && now - last < 100) return;
      last = now;
      const width = Math.max(20, (io.stderr.columns || 80) - 1);
      const line = `shipshape: ${displayText(text)}`;
      io.stderr.write(`\r\u001b[K${line.length > width ? `${line.slice(0, width - 1)}…` : line}`);
      shown = true;
    },
    clear() {
      if (shown) io.stderr.write('\r\u001b[K');
    },
  };
}
