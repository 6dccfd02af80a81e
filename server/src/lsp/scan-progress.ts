// Scan progress as LSP work-done reports: a message naming the step (with layers and bytes while layers
// are read) and an overall percentage that only moves forward, sent at most a few times a second.
import type { ScanProgress, ScanStep } from '../scan/types';
import { formatBytes } from '../protocol';

export interface ProgressReport {
  message: string;
  percentage: number;
}

const STEP_TEXT: Record<ScanStep, string> = {
  resolve: 'finding the image',
  auth: 'signing in to the registry',
  manifest: 'reading the manifest',
  config: 'reading the image configuration',
  layers: 'reading layers',
  inventory: 'listing installed packages',
  checks: 'checking the image configuration and files',
  vulnerabilities: 'looking up vulnerabilities',
  signatures: 'checking signatures',
};

/** Share of the whole scan done when each step starts; reading layers is most of the work. */
const STEP_START: Record<ScanStep, number> = { resolve: 0, auth: 1, manifest: 2, config: 4, layers: 5, inventory: 85, checks: 88, vulnerabilities: 90, signatures: 97 };
const LAYERS_END = 85;

export function describeProgress(progress: ScanProgress): ProgressReport {
  const start = STEP_START[progress.step] ?? 0;
  if (progress.step !== 'layers') {
    const text = STEP_TEXT[progress.step] ?? progress.step;
    return { message: progress.detail ? `${text}: ${progress.detail}` : text, percentage: start };
  }
  const parts: string[] = [];
  const { layersDone, layersTotal, bytesDone, bytesTotal } = progress;
  if (layersTotal !== undefined && layersTotal > 0) parts.push(`layer ${Math.min((layersDone ?? 0) + 1, layersTotal)} of ${layersTotal}`);
  else parts.push(STEP_TEXT.layers);
  if (bytesDone !== undefined && bytesTotal !== undefined && bytesTotal > 0) parts.push(`${formatBytes(bytesDone)} of ${formatBytes(bytesTotal)}`);
  else if (bytesDone !== undefined) parts.push(formatBytes(bytesDone));
  let fraction = 0;
  if (bytesDone !== undefined && bytesTotal !== undefined && bytesTotal > 0) fraction = bytesDone / bytesTotal;
  else if (layersDone !== undefined && layersTotal !== undefined && layersTotal > 0) fraction = layersDone / layersTotal;
  fraction = Math.min(1, Math.max(0, fraction));
  return { message: parts.join(' · '), percentage: Math.floor(start + fraction * (LAYERS_END - start)) };
}

/** Forwards reports no more often than `intervalMs`, except when the step changes; percentages never go back. */
export class ProgressThrottle {
  private lastAt = -Infinity;
  private lastStep: ScanStep | undefined;
  private percentage = 0;

  constructor(
    private readonly send: (report: ProgressReport) => void,
    private readonly intervalMs = 200,
    private readonly now: () => number = Date.now,
  ) {}

  report(progress: ScanProgress): void {
    const at = this.now();
    if (progress.step === this.lastStep && at - this.lastAt < this.intervalMs) return;
    this.lastAt = at;
    this.lastStep = progress.step;
    const report = describeProgress(progress);
    this.percentage = Math.max(this.percentage, report.percentage);
    this.send({ message: report.message, percentage: this.percentage });
  }
}
