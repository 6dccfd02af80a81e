// The outcome of one e2e check or test, as the harnesses print and count it. The extension-host suites write
// these to a JSON file themselves, because their console output does not reliably reach the harness.

export type Outcome = 'passed' | 'failed' | 'skipped';

export interface CheckOutcome {
  /** "ui › Quick fix on a Dockerfile", "exthost › Commands › Restart Server brings back …" */
  title: string;
  outcome: Outcome;
  durationMs: number;
  error?: string;
}

export interface SuiteReport {
  /** False while the run is still going (or when it died part-way). */
  finished: boolean;
  checks: CheckOutcome[];
}

export function count(checks: readonly CheckOutcome[], outcome: Outcome): number {
  return checks.filter((check) => check.outcome === outcome).length;
}
