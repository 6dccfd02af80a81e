// Golden SARIF and JSON for test/fixtures/cli/project, made with a fixed set of rules (see GOLDEN_RULES)
// so rules added later do not change them. UPDATE_GOLDEN=1 rewrites the files.
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import type * as Sarif from 'sarif';
import { version } from '../../package.json';
import { GOLDEN, onlyRules, PROJECT, runCli } from './helpers';

function compareWithGolden(name: string, actual: unknown): void {
  const file = path.join(GOLDEN, name);
  const text = `${JSON.stringify(actual, null, 2)}\n`;
  if (process.env.UPDATE_GOLDEN === '1' || !existsSync(file)) {
    writeFileSync(file, text);
    if (process.env.UPDATE_GOLDEN !== '1') assert.fail(`${name} did not exist and was written; check it and run again`);
    return;
  }
  assert.deepEqual(actual, JSON.parse(readFileSync(file, 'utf8')), `${name} differs; if the change is intended, run with UPDATE_GOLDEN=1`);
}

describe('golden outputs for the fixture project', () => {
  it('SARIF', () => {
    const run = runCli(['lint', '.', '--format', 'sarif', ...onlyRules()]);
    assert.equal(run.stderr, '');
    assert.equal(run.status, 1, 'the worker has an error-level finding');
    const log = JSON.parse(run.stdout) as Sarif.Log;
    const sarifRun = log.runs[0]!;
    const driver = sarifRun.tool.driver;

    // Volatile fields: checked here, then normalised before the comparison.
    assert.equal(driver.version, version);
    assert.equal(driver.semanticVersion, version);
    assert.equal(sarifRun.originalUriBaseIds?.['%SRCROOT%']?.uri, `${pathToFileURL(PROJECT).href}/`);
    driver.version = '<version>';
    driver.semanticVersion = '<version>';
    sarifRun.originalUriBaseIds = { '%SRCROOT%': { uri: 'file:///<project>/' } };

    // Structure GitHub code scanning relies on.
    assert.equal(log.version, '2.1.0');
    assert.equal(log.runs.length, 1);
    assert.equal(sarifRun.columnKind, 'utf16CodeUnits');
    assert.equal(sarifRun.invocations?.[0]?.executionSuccessful, true);
    const rules = driver.rules ?? [];
    assert.deepEqual(rules.map((rule) => rule.id), [...rules.map((rule) => rule.id)].sort(), 'rules sorted by id');
    for (const rule of rules) {
      assert.ok(rule.shortDescription?.text && rule.fullDescription?.text && rule.help?.markdown && rule.helpUri, rule.id);
      assert.ok(rule.properties?.tags?.includes('security'), `${rule.id} is tagged security`);
      assert.match(String(rule.properties?.['security-severity']), /^\d+\.\d$/);
    }
    const results = sarifRun.results ?? [];
    for (const result of results) {
      assert.equal(rules[result.ruleIndex ?? -1]?.id, result.ruleId, 'ruleIndex points at the rule');
      assert.match(result.partialFingerprints?.primaryLocationLineHash ?? '', /^[0-9a-f]{16}:\d+$/);
      const location = result.locations?.[0]?.physicalLocation;
      assert.equal(location?.artifactLocation?.uriBaseId, '%SRCROOT%');
      assert.doesNotMatch(location?.artifactLocation?.uri ?? '', /^\/|\\/, 'relative, with forward slashes');
    }
    assert.ok(results.some((result) => result.suppressions?.[0]?.kind === 'inSource' && result.suppressions[0].justification), 'suppressed results carry their justification');
    assert.ok(results.some((result) => result.fixes?.[0]?.artifactChanges[0]?.replacements?.length), 'fixable results carry fixes');
    const uris = new Set(results.map((result) => result.locations?.[0]?.physicalLocation?.artifactLocation?.uri));
    assert.ok(!uris.has('legacy/Dockerfile') && !uris.has('services/api/app.generated.Dockerfile'), 'excluded files are not linted');

    compareWithGolden('project.sarif.json', log);
  });

  it('JSON', () => {
    const run = runCli(['lint', '--format', 'json', ...onlyRules()]);
    assert.equal(run.stderr, '');
    assert.equal(run.status, 1);
    const output = JSON.parse(run.stdout) as { tool: { version: string } };
    assert.equal(output.tool.version, version);
    output.tool.version = '<version>';
    compareWithGolden('project.json', output);
  });
});
