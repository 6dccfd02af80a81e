// The deadlines that keep a scan from running forever when a registry (or a pipe, or a slow disk) trickles
// its data: one for the whole scan, one per blob from its request to its last byte, and a minimum transfer
// rate checked over fixed windows, so a registry that sends one byte every few seconds fails within a window
// instead of holding the scan until the blob deadline.
import type { ScanConfig, ScanLimitKey } from '../engine/config';
import { formatSeconds } from './registry/http-transport';

export interface TransferLimits {
  /** The whole scan, from opening the image to the report. */
  scanTimeoutMs: number;
  /** One blob (a layer, a manifest, a config), from its request to its last byte. */
  blobTimeoutMs: number;
  /** Bytes per second a blob must average over each window; 0 turns the check off. */
  minBytesPerSecond: number;
  rateWindowMs: number;
}

export const DEFAULT_TRANSFER_LIMITS: TransferLimits = {
  scanTimeoutMs: 60 * 60_000,
  blobTimeoutMs: 15 * 60_000,
  minBytesPerSecond: 1024,
  rateWindowMs: 30_000,
};

/** A deadline or the minimum rate was not met; the message says which, and which setting changes it. */
export class TransferLimitError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'TransferLimitError';
  }
}

export function transferLimits(overrides: Partial<TransferLimits> | undefined): TransferLimits {
  const positive = (value: number | undefined, fallback: number) => (value !== undefined && Number.isFinite(value) && value > 0 ? value : fallback);
  return {
    scanTimeoutMs: positive(overrides?.scanTimeoutMs, DEFAULT_TRANSFER_LIMITS.scanTimeoutMs),
    blobTimeoutMs: positive(overrides?.blobTimeoutMs, DEFAULT_TRANSFER_LIMITS.blobTimeoutMs),
    minBytesPerSecond: Math.max(0, overrides?.minBytesPerSecond ?? DEFAULT_TRANSFER_LIMITS.minBytesPerSecond),
    rateWindowMs: positive(overrides?.rateWindowMs, DEFAULT_TRANSFER_LIMITS.rateWindowMs),
  };
}

/** A signal that aborts when the caller cancels or the scan passes its deadline; `stop` clears the timer. */
export function scanDeadline(limits: TransferLimits, caller: AbortSignal | undefined): { signal: AbortSignal; stop(): void } {
  const controller = new AbortController();
  const timer = setTimeout(() => {
    controller.abort(new TransferLimitError(`the scan took longer than its limit of ${formatSeconds(limits.scanTimeoutMs)} (scan timeout setting)`));
  }, limits.scanTimeoutMs);
  const signal = caller ? AbortSignal.any([caller, controller.signal]) : controller.signal;
  return { signal, stop: () => clearTimeout(timer) };
}

/**
 * Watches one blob's transfer: aborts `signal` (with a TransferLimitError) when the blob deadline passes or
 * a window ends with fewer bytes than the minimum rate asks for, and when `caller` aborts.
 */
export class BlobTransfer {
  readonly signal: AbortSignal;
  private readonly controller = new AbortController();
  private readonly deadline: NodeJS.Timeout;
  private window: NodeJS.Timeout | undefined;
  private inWindow = 0;
  private finished = false;

  constructor(
    private readonly what: string,
    private readonly limits: TransferLimits,
    caller: AbortSignal | undefined,
  ) {
    this.signal = caller ? AbortSignal.any([caller, this.controller.signal]) : this.controller.signal;
    this.deadline = setTimeout(() => {
      this.fail(`${what} was not read within its limit of ${formatSeconds(limits.blobTimeoutMs)} (blob timeout setting)`);
    }, limits.blobTimeoutMs);
  }

  /** The rate is measured from the first byte: waiting for an answer (a registry's Retry-After, say) is the
   * blob deadline's and the registry timeout's business. */
  private startWindows(): void {
    const { limits } = this;
    const needed = (limits.minBytesPerSecond * limits.rateWindowMs) / 1000;
    this.window = setInterval(() => {
      if (this.inWindow < needed) {
        const rate = (this.inWindow * 1000) / limits.rateWindowMs;
        this.fail(
          `${this.what} arrived at ${rate < 10 ? rate.toFixed(1) : Math.round(rate)} bytes/s over ${formatSeconds(limits.rateWindowMs)}, ` +
            `below the minimum of ${limits.minBytesPerSecond} bytes/s (minimum transfer rate setting)`,
        );
      }
      this.inWindow = 0;
    }, limits.rateWindowMs);
  }

  /** The limit that stopped the transfer, if one did. */
  get failure(): TransferLimitError | undefined {
    const reason: unknown = this.controller.signal.reason;
    return reason instanceof TransferLimitError ? reason : undefined;
  }

  received(count: number): void {
    if (this.window === undefined && !this.finished && this.limits.minBytesPerSecond > 0) this.startWindows();
    this.inWindow += count;
  }

  finish(): void {
    this.finished = true;
    clearTimeout(this.deadline);
    clearInterval(this.window);
  }

  private fail(message: string): void {
    this.finish();
    this.controller.abort(new TransferLimitError(message));
  }
}

/** The limits a configuration sets (`scan.scanTimeout` and `scan.blobTimeout` in seconds, `scan.minTransferRate`
 * in bytes per second), for ScanOptions.transfer. */
export function transferFromConfig(config: Pick<ScanConfig, ScanLimitKey>): Partial<TransferLimits> {
  const limits: Partial<TransferLimits> = {};
  if (config.scanTimeout !== undefined) limits.scanTimeoutMs = config.scanTimeout * 1000;
  if (config.blobTimeout !== undefined) limits.blobTimeoutMs = config.blobTimeout * 1000;
  if (config.minTransferRate !== undefined) limits.minBytesPerSecond = config.minTransferRate;
  return limits;
}
