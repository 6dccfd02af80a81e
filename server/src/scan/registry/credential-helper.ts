// Runs a Docker credential helper (`docker-credential-<name> get`, the protocol of
// github.com/docker/docker-credential-helpers): the server URL on stdin, `{"Username","Secret"}` on stdout.
import { spawn } from 'node:child_process';

export interface HelperCredentials {
  username: string;
  secret: string;
}

/** Helper names become part of a program name; anything else than this could point outside PATH. */
const HELPER_NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*$/;
const MAX_OUTPUT_BYTES = 64 * 1024;
const HELPER_TIMEOUT_MS = 30_000;

function isValidHelperName(name: string): boolean {
  return HELPER_NAME.test(name);
}

export function helperProgram(name: string): string {
  return `docker-credential-${name}`;
}

/**
 * Asks a helper for the credentials of `serverUrl`. Undefined when the helper has none ("credentials not
 * found"); throws when the helper is missing, fails or answers something unreadable.
 */
export function runCredentialHelper(
  name: string,
  serverUrl: string,
  options: { signal?: AbortSignal; timeoutMs?: number } = {},
): Promise<HelperCredentials | undefined> {
  if (!isValidHelperName(name)) return Promise.reject(new Error(`"${name}" is not a valid credential helper name`));
  const program = helperProgram(name);
  return new Promise((resolve, reject) => {
    const timeoutMs = options.timeoutMs ?? HELPER_TIMEOUT_MS;
    const child = spawn(program, ['get'], { stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true, signal: options.signal });
    // Not spawn's own `timeout`: its timer outlives a program that could not be started.
    const timer = setTimeout(() => child.kill(), timeoutMs);
    let stdout = '';
    let stderr = '';
    const collect = (append: (text: string) => void) => (chunk: Buffer) => {
      if (stdout.length + stderr.length < MAX_OUTPUT_BYTES) append(chunk.toString('utf8'));
    };
    child.stdout.on('data', collect((text) => (stdout += text)));
    child.stderr.on('data', collect((text) => (stderr += text)));
    child.stdin.on('error', () => undefined);
    child.on('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      if (options.signal?.aborted) reject(options.signal.reason);
      else if (error.code === 'ENOENT') reject(new Error(`${program} is not installed or not on PATH`));
      else reject(new Error(`${program} could not be run: ${error.message}`));
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      if (options.signal?.aborted) return;
      const output = `${stdout}\n${stderr}`.trim();
      if (code !== 0) {
        if (/credentials not found/i.test(output)) resolve(undefined);
        else if (signal !== null) reject(new Error(`${program} was stopped (${signal}), perhaps after ${timeoutMs / 1000} s without an answer`));
        else reject(new Error(`${program} failed (exit code ${code}): ${firstLine(output) || 'no message'}`));
        return;
      }
      try {
        resolve(parseHelperOutput(stdout, program));
      } catch (error) {
        reject(error);
      }
    });
    child.stdin.end(serverUrl);
  });
}

function parseHelperOutput(stdout: string, program: string): HelperCredentials | undefined {
  let parsed: unknown;
  try {
    parsed = JSON.parse(stdout);
  } catch {
    throw new Error(`${program} printed something that is not JSON`);
  }
  const { Username: username, Secret: secret } = (parsed ?? {}) as { Username?: unknown; Secret?: unknown };
  if (typeof secret !== 'string' || secret === '') return undefined;
  return { username: typeof username === 'string' ? username : '', secret };
}

function firstLine(text: string): string {
  return text.split(/\r?\n/, 1)[0]?.slice(0, 200) ?? '';
}
