// Assertions on the ScanErrors a scan stage fails with: the step, and a message that names the image.
import assert from 'node:assert/strict';
import { ScanError, type ScanStep } from '../../server/src/scan/types';

/** The ScanError `promise` rejects with; fails the test when it resolves or rejects with anything else. */
export async function scanRejection(promise: Promise<unknown>): Promise<ScanError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof ScanError, `expected a ScanError, got ${String(error)}`);
    return error;
  }
  assert.fail('expected a failure');
}

/** For assert.rejects: the error is a ScanError of `step` whose message matches every pattern. */
export function scanErrorMatching(step: ScanStep, ...patterns: RegExp[]): (error: unknown) => boolean {
  return (error) => {
    assert.ok(error instanceof ScanError, `expected a ScanError, got ${String(error)}`);
    assert.equal(error.step, step, error.message);
    for (const pattern of patterns) assert.match(error.message, pattern);
    return true;
  };
}
