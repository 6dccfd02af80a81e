// JSON over HTTP for the OSV client: one timeout per request (body included), a cap on answer size, a
// few short retries when the service says it is busy or failing (429, 5xx) or drops the connection, and
// cancellation that stops at once. Failures become OsvRequestError with a reason a person can act on
// ("ECONNREFUSED", "timed out after 30 s", "HTTP 503 Service Unavailable").

import { networkFetch } from '../network-fetch';

export class OsvRequestError extends Error {
  constructor(
    /** The URL that failed. */
    readonly url: string,
    /** Short cause: an error code, "timed out after 30 s", "HTTP 500 Internal Server Error". */
    readonly reason: string,
    /** Whether the service was never reached, or reached and answered badly. */
    readonly reached: boolean,
  ) {
    super(`${url}: ${reason}`);
    this.name = 'OsvRequestError';
  }
}

export interface HttpOptions {
  signal?: AbortSignal;
  timeoutMs: number;
  /** Waits before each retry; its length is the number of retries. */
  retryDelaysMs: readonly number[];
  maxResponseBytes: number;
}

const RETRY_STATUSES = new Set([429, 500, 502, 503, 504]);
const RETRY_CODES = new Set(['ECONNRESET', 'EPIPE', 'UND_ERR_SOCKET']);
/** The longest Retry-After the client honours; a longer one is a sign to give up, not to wait. */
const MAX_RETRY_AFTER_MS = 5000;

/** The error that cancellation rejects with: the signal's reason, or an AbortError. */
export function abortError(signal: AbortSignal): Error {
  return signal.reason instanceof Error ? signal.reason : new DOMException('The vulnerability lookup was cancelled.', 'AbortError');
}

function errorCode(error: unknown): string | undefined {
  if (typeof error !== 'object' || error === null) return undefined;
  const code = (error as { code?: unknown }).code;
  if (typeof code === 'string') return code;
  const cause = (error as { cause?: unknown }).cause;
  if (cause !== undefined && cause !== error) return errorCode(cause);
  // Connecting to every address of a host fails as an AggregateError of per-address errors.
  const errors = (error as { errors?: unknown }).errors;
  return Array.isArray(errors) ? errorCode(errors[0]) : undefined;
}

function networkReason(error: unknown): string {
  const code = errorCode(error);
  if (code) return code;
  const cause = (error as { cause?: unknown } | undefined)?.cause;
  if (cause instanceof Error && cause.message) return cause.message;
  return error instanceof Error ? error.message : String(error);
}

function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(abortError(signal));
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError(signal as AbortSignal));
    };
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

async function readCapped(response: Response, url: string, maxBytes: number): Promise<string> {
  const declared = Number(response.headers.get('content-length') ?? NaN);
  if (declared > maxBytes) throw new OsvRequestError(url, `answer of ${declared} bytes is larger than the ${maxBytes}-byte limit`, true);
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let total = 0;
  for await (const chunk of response.body) {
    total += chunk.byteLength;
    if (total > maxBytes) throw new OsvRequestError(url, `answer is larger than the ${maxBytes}-byte limit`, true);
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function retryAfterMs(response: Response): number | undefined {
  const seconds = Number(response.headers.get('retry-after') ?? NaN);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : undefined;
}

interface AttemptResult {
  json?: unknown;
  retryable?: OsvRequestError;
  retryAfterMs?: number;
}

async function attempt(url: string, body: unknown, options: HttpOptions): Promise<AttemptResult> {
  const controller = new AbortController();
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, options.timeoutMs);
  const onAbort = (): void => controller.abort();
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    const response = await networkFetch(url, {
      method: body === undefined ? 'GET' : 'POST',
      headers: body === undefined ? { accept: 'application/json' } : { accept: 'application/json', 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: controller.signal,
    });
    if (!response.ok) {
      await response.body?.cancel().catch(() => undefined);
      const error = new OsvRequestError(url, `HTTP ${response.status}${response.statusText ? ` ${response.statusText}` : ''}`, true);
      if (RETRY_STATUSES.has(response.status)) return { retryable: error, retryAfterMs: retryAfterMs(response) };
      throw error;
    }
    const text = await readCapped(response, url, options.maxResponseBytes);
    try {
      return { json: JSON.parse(text) as unknown };
    } catch {
      throw new OsvRequestError(url, 'the answer is not valid JSON', true);
    }
  } catch (error) {
    if (options.signal?.aborted) throw abortError(options.signal);
    if (error instanceof OsvRequestError) throw error;
    if (timedOut) throw new OsvRequestError(url, `timed out after ${Math.round(options.timeoutMs / 100) / 10} s`, false);
    const reason = networkReason(error);
    const failure = new OsvRequestError(url, reason, false);
    if (RETRY_CODES.has(reason)) return { retryable: failure };
    throw failure;
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

/** GETs `url` (or POSTs `body` as JSON) and returns the parsed answer. Rejects with OsvRequestError, or
 * with the cancellation error when `options.signal` aborts. */
export async function requestJson(url: string, body: unknown, options: HttpOptions): Promise<unknown> {
  for (let retry = 0; ; retry++) {
    if (options.signal?.aborted) throw abortError(options.signal);
    const result = await attempt(url, body, options);
    if (!result.retryable) return result.json;
    const delay = options.retryDelaysMs[retry];
    if (delay === undefined || (result.retryAfterMs ?? 0) > MAX_RETRY_AFTER_MS) throw result.retryable;
    await sleep(Math.max(delay, result.retryAfterMs ?? 0), options.signal);
  }
}
