// One HTTP exchange with a registry or its token service, on Node's fetch: a deadline that restarts while
// data flows, retries with back-off for the answers that mean "try again", and bodies read within a limit.
// Failures are thrown as the transport errors below; the registry client turns them into ScanErrors that
// name the image, the registry and the step.

import { formatBytes } from '../layers/content-budget';
import { networkFetch } from '../network-fetch';

export interface HttpSettings {
  timeoutMs: number;
  /** The whole exchange, body included, however steadily data flows; none when absent. */
  totalTimeoutMs?: number;
  retries: number;
  retryDelayMs: number;
  signal?: AbortSignal;
}

/** A response whose body has not been read yet, with the deadline that guards the rest of the exchange. */
export interface Sent {
  response: Response;
  deadline: RequestDeadline;
  url: URL;
}

/** The registry stayed silent for longer than the timeout. */
export class RequestTimedOut extends Error {
  constructor(
    readonly timeoutMs: number,
    readonly whileReading: boolean,
    /** True when the exchange as a whole took too long (while data still trickled in). */
    readonly overall = false,
  ) {
    super(overall ? `not finished within ${formatSeconds(timeoutMs)}` : `no ${whileReading ? 'data' : 'answer'} for ${formatSeconds(timeoutMs)}`);
    this.name = 'RequestTimedOut';
  }
}

/** The connection failed or broke off; `retryable` is false for failures another attempt cannot fix. */
export class NetworkFailure extends Error {
  constructor(message: string, readonly retryable: boolean, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'NetworkFailure';
  }
}

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`the answer is larger than ${formatBytes(limit)}, the most Shipshape reads`);
    this.name = 'BodyTooLarge';
  }
}

/** Retry-After is honoured up to this long; a registry asking for more is treated as down. */
export const MAX_RETRY_AFTER_MS = 30_000;
const MAX_BACKOFF_MS = 10_000;

const RETRYABLE_STATUSES = new Set([429, 500, 502, 503, 504]);

function isRetryableStatus(status: number): boolean {
  return RETRYABLE_STATUSES.has(status);
}

/**
 * Aborts a request when the caller cancels or when the other side stays silent for `timeoutMs`. The timer
 * restarts on every chunk received, so a large layer may take as long as it needs while it keeps flowing.
 */
export class RequestDeadline {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private timer: NodeJS.Timeout | undefined;
  private readonly overallTimer: NodeJS.Timeout | undefined;
  private expired = false;
  private overallExpired = false;
  private readonly onCallerAbort = (): void => this.controller.abort(this.callerSignal?.reason);

  constructor(
    private readonly timeoutMs: number,
    private readonly callerSignal: AbortSignal | undefined,
    private readonly totalTimeoutMs?: number,
  ) {
    this.signal = this.controller.signal;
    if (callerSignal?.aborted) this.controller.abort(callerSignal.reason);
    else callerSignal?.addEventListener('abort', this.onCallerAbort, { once: true });
    if (totalTimeoutMs !== undefined) {
      this.overallTimer = setTimeout(() => {
        this.overallExpired = true;
        this.controller.abort(new RequestTimedOut(totalTimeoutMs, true, true));
      }, totalTimeoutMs);
    }
    this.restart();
  }

  get timedOut(): boolean {
    return this.expired || this.overallExpired;
  }

  get cancelled(): boolean {
    return this.callerSignal?.aborted === true;
  }

  restart(): void {
    clearTimeout(this.timer);
    if (this.signal.aborted) return;
    this.timer = setTimeout(() => {
      this.expired = true;
      this.controller.abort(new RequestTimedOut(this.timeoutMs, false));
    }, this.timeoutMs);
  }

  finish(): void {
    clearTimeout(this.timer);
    clearTimeout(this.overallTimer);
    this.callerSignal?.removeEventListener('abort', this.onCallerAbort);
  }

  /** Drops the exchange and frees its connection. */
  abandon(): void {
    this.finish();
    if (!this.signal.aborted) this.controller.abort();
  }

  /** What a failed fetch or body read means: the caller's cancellation, a timeout, or a network failure. */
  explain(error: unknown, whileReading: boolean): unknown {
    if (this.cancelled) return this.callerSignal?.reason ?? error;
    if (this.overallExpired && this.totalTimeoutMs !== undefined) return new RequestTimedOut(this.totalTimeoutMs, whileReading, true);
    if (this.expired) return new RequestTimedOut(this.timeoutMs, whileReading);
    if (error instanceof NetworkFailure || error instanceof BodyTooLarge) return error;
    return whileReading
      ? new NetworkFailure(`the connection broke off while reading the answer (${describeNetworkError(error)})`, true, { cause: error })
      : new NetworkFailure(describeNetworkError(error), isRetryableNetworkError(error), { cause: error });
  }
}

export interface RequestInit {
  method: 'GET' | 'HEAD' | 'POST';
  headers: Record<string, string>;
  body?: string;
}

/** One fetch without following redirects: the caller decides where credentials may go next. */
export async function sendOnce(url: URL, init: RequestInit, settings: HttpSettings): Promise<Sent> {
  const deadline = new RequestDeadline(settings.timeoutMs, settings.signal, settings.totalTimeoutMs);
  try {
    const response = await networkFetch(url, { method: init.method, headers: init.headers, body: init.body, redirect: 'manual', signal: deadline.signal });
    deadline.restart();
    return { response, deadline, url };
  } catch (error) {
    deadline.finish();
    throw deadline.explain(error, false);
  }
}

/** Throws away an answer that will not be read. */
export function discard(sent: Sent): void {
  sent.deadline.abandon();
  sent.response.body?.cancel().catch(() => undefined);
}

/**
 * Runs `attempt` until it gives an answer that is not a 429/5xx, retrying network failures too, with
 * exponential back-off (or the server's Retry-After). Returns the last answer and how many attempts it
 * took; the caller judges its status.
 */
export async function withRetries(settings: HttpSettings, attempt: () => Promise<Sent>): Promise<{ sent: Sent; attempts: number }> {
  for (let attempts = 1; ; attempts++) {
    const last = attempts > settings.retries;
    let sent: Sent;
    try {
      sent = await attempt();
    } catch (error) {
      if (last || !(error instanceof NetworkFailure) || !error.retryable) throw error;
      await sleep(backoffMs(settings.retryDelayMs, attempts), settings.signal);
      continue;
    }
    if (last || !isRetryableStatus(sent.response.status)) return { sent, attempts };
    const retryAfter = retryAfterMs(sent.response.headers.get('retry-after'), Date.now());
    if (retryAfter !== undefined && retryAfter > MAX_RETRY_AFTER_MS) return { sent, attempts };
    discard(sent);
    await sleep(retryAfter ?? backoffMs(settings.retryDelayMs, attempts), settings.signal);
  }
}

function backoffMs(baseMs: number, attempt: number): number {
  return Math.min(MAX_BACKOFF_MS, baseMs * 2 ** (attempt - 1));
}

/** Retry-After in seconds or as an HTTP date → milliseconds to wait; undefined when absent or unreadable. */
export function retryAfterMs(header: string | null, now: number): number | undefined {
  if (header === null) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  const date = Date.parse(text);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) {
      reject(signal.reason);
      return;
    }
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(signal?.reason);
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

/** Reads a whole body, refusing one over `limit` bytes (by Content-Length up front, else while reading) and
 * one shorter than its Content-Length. */
export async function readLimitedBody(sent: Sent, limit: number): Promise<Buffer> {
  const { response, deadline } = sent;
  const declared = contentLength(response);
  try {
    if (declared !== undefined && declared > limit) throw new BodyTooLarge(limit);
    const chunks: Buffer[] = [];
    let received = 0;
    if (response.body !== null) {
      const reader = response.body.getReader();
      try {
        for (;;) {
          const { done, value } = await reader.read();
          if (done) break;
          deadline.restart();
          received += value.byteLength;
          if (received > limit) throw new BodyTooLarge(limit);
          chunks.push(Buffer.from(value.buffer, value.byteOffset, value.byteLength));
        }
      } finally {
        reader.releaseLock();
      }
    }
    if (declared !== undefined && received < declared) {
      throw new NetworkFailure(`the answer was cut off after ${received} of ${declared} bytes (truncated body)`, true);
    }
    deadline.finish();
    return Buffer.concat(chunks, received);
  } catch (error) {
    discard(sent);
    throw deadline.explain(error, true);
  }
}

function contentLength(response: Response): number | undefined {
  const header = response.headers.get('content-length');
  if (header === null || !/^\d+$/.test(header.trim())) return undefined;
  return Number(header.trim());
}

const NETWORK_ERROR_TEXT: Record<string, string> = {
  ECONNREFUSED: 'the connection was refused',
  ECONNRESET: 'the connection was reset',
  ENOTFOUND: 'the host name could not be resolved',
  EAI_AGAIN: 'the host name could not be resolved (DNS lookup failed)',
  ETIMEDOUT: 'the connection timed out',
  EHOSTUNREACH: 'the host is unreachable',
  ENETUNREACH: 'the network is unreachable',
  EPIPE: 'the connection was closed',
  UND_ERR_SOCKET: 'the connection was closed by the other side',
  UND_ERR_CONNECT_TIMEOUT: 'the connection timed out',
};

/** TLS failures: another attempt gives the same answer. */
const TLS_ERROR = /CERT|SSL|TLS|SELF_SIGNED|UNABLE_TO_(?:GET|VERIFY)/;

function errorCode(error: unknown): string | undefined {
  for (let current: unknown = error, depth = 0; current instanceof Error && depth < 4; current = current.cause, depth++) {
    const code = (current as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

function describeNetworkError(error: unknown): string {
  const code = errorCode(error);
  if (code !== undefined && TLS_ERROR.test(code)) {
    return `the TLS certificate could not be verified (${code}); if the registry uses a private certificate authority, point NODE_EXTRA_CA_CERTS at its certificate`;
  }
  if (code !== undefined && NETWORK_ERROR_TEXT[code] !== undefined) return `${NETWORK_ERROR_TEXT[code]} (${code})`;
  const cause = error instanceof Error && error.cause instanceof Error ? error.cause : error;
  return cause instanceof Error ? cause.message : String(cause);
}

function isRetryableNetworkError(error: unknown): boolean {
  const code = errorCode(error);
  return code === undefined || !(TLS_ERROR.test(code) || code === 'ENOTFOUND');
}

export function formatSeconds(ms: number): string {
  const seconds = ms / 1000;
  return `${Number.isInteger(seconds) ? seconds : seconds.toFixed(1)} s`;
}

