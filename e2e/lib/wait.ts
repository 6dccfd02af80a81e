// Polling until something is true, for both sides of the e2e run: the Playwright driver and the suites inside
// the extension host. No Playwright or vscode import, so either can bundle it.

/** Longest a single wait lasts: code-server shares the machine with other work and may be slow. */
export const WAIT_MS = 60_000;

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `probe` until it returns something other than undefined; fails after `timeoutMs` naming `what`
 * and the last error the probe threw. */
export async function waitUntil<T>(what: string, probe: () => T | undefined | Promise<T | undefined>, timeoutMs = WAIT_MS, pollMs = 150): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const value = await probe();
      if (value !== undefined) return value;
    } catch (error) {
      last = error;
    }
    if (Date.now() > deadline) {
      throw new Error(`Timed out after ${timeoutMs / 1000} s waiting for ${what}${last instanceof Error ? ` (last error: ${last.message})` : ''}`);
    }
    await sleep(pollMs);
  }
}
