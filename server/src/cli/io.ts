// The process around a command, passed in so commands can run inside tests as well as from main.ts.

export interface OutputStream {
  write(text: string): unknown;
  isTTY?: boolean;
  columns?: number;
}

export interface CliIo {
  cwd: string;
  env: Record<string, string | undefined>;
  stdout: OutputStream;
  stderr: OutputStream;
}

export function printError(io: CliIo, message: string): void {
  io.stderr.write(`shipshape: error: ${message}\n`);
}

export function printNote(io: CliIo, message: string): void {
  io.stderr.write(`shipshape: ${message}\n`);
}
