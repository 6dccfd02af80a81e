// The fuzz harness inside the unit tests: every kept failure (test/fixtures/fuzz/, minimised inputs that once
// broke a property) must now keep every property, and a few seconds of fresh seeded mutations must find
// nothing. `npm run fuzz -- --minutes N` runs longer and keeps what it finds.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { GROWTH_CONSTRUCTS } from '../../bench/growth-constructs';
import { fixtureFiles, fuzz } from '../fuzz/harness';
import { checkProperties } from '../fuzz/properties';

describe('fuzz: kept failures', () => {
  const fixtures = fixtureFiles();
  it('there are fixtures to replay', () => assert.ok(fixtures.length > 0));
  for (const { name, file } of fixtures) {
    it(name, () => assert.equal(checkProperties(file)?.detail, undefined));
  }
});

describe('fuzz: constructs that once grew quadratically', () => {
  for (const construct of GROWTH_CONSTRUCTS) {
    it(`${construct.name}, at 4× its benchmark size`, { timeout: 30_000 }, () => {
      assert.equal(checkProperties(construct.file(construct.base * 4))?.detail, undefined);
    });
  }
});

describe('fuzz: a short seeded run', () => {
  it('finds no input that breaks a property', { timeout: 120_000 }, () => {
    const summary = fuzz({ seed: 20261208, budgetMs: 4000, keepFixtures: false });
    assert.ok(summary.inputs > 20, `only ${summary.inputs} inputs in the budget`);
    assert.deepEqual(summary.failures.map((failure) => `${failure.kind}: ${failure.violation.property}: ${failure.violation.detail}\n${failure.file.text}`), []);
  });
});
