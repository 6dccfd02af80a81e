// Runs named checks one after another, prints each outcome as it happens and keeps them for the summary.
import type { CheckOutcome } from './report';

export class Checks {
  readonly outcomes: CheckOutcome[] = [];

  constructor(
    private readonly prefix: string,
    /** Called after a check fails, before the next one starts (a screenshot of the moment, say). */
    private readonly onFailure: (title: string) => Promise<void> = async () => undefined,
  ) {}

  async run(title: string, check: () => Promise<void>): Promise<void> {
    const started = Date.now();
    const fullTitle = `${this.prefix} › ${title}`;
    try {
      await check();
      const durationMs = Date.now() - started;
      this.outcomes.push({ title: fullTitle, outcome: 'passed', durationMs });
      console.log(`  ✓ ${fullTitle} (${seconds(durationMs)})`);
    } catch (error) {
      const durationMs = Date.now() - started;
      const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
      this.outcomes.push({ title: fullTitle, outcome: 'failed', durationMs, error: message });
      console.log(`  ✗ ${fullTitle} (${seconds(durationMs)})\n${indent(message)}`);
      await this.onFailure(title).catch((failure: unknown) => console.log(`    (after the failure: ${String(failure)})`));
    }
  }

  fail(title: string, error: string): void {
    this.outcomes.push({ title: `${this.prefix} › ${title}`, outcome: 'failed', durationMs: 0, error });
    console.log(`  ✗ ${this.prefix} › ${title}\n${indent(error)}`);
  }
}

export function seconds(ms: number): string {
  return `${(ms / 1000).toFixed(1)} s`;
}

function indent(text: string): string {
  return text
    .split('\n')
    .slice(0, 12)
    .map((line) => `      ${line}`)
    .join('\n');
}

/** A file name for a check's title. */
export function slug(title: string): string {
  return title
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '')
    .slice(0, 80);
}
