// Runs every fixture under test/fixtures/rules/<rule-id>/ with only that rule enabled and checks the
// findings against the annotations, then checks the fixed output against <case>.fixed.<ext>.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configFromLayers, fixSource, lintSource } from '../../server/src/analysis';
import { detectFileKind } from '../../server/src/engine/detect';
import { readComposeProject } from '../../server/src/host/compose-project';
import type { ConfigLayer } from '../../server/src/engine/config';
import { parseKubernetes } from '../../server/src/engine/languages/kubernetes/model';
import { LineIndex } from '../../server/src/engine/text';
import { parseAllDocuments } from 'yaml';
import type { Finding, SourceFile } from '../../server/src/engine/types';
import { rules } from '../../server/src/rules';
import { parseFixture } from '../helpers/fixture-annotations';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rules');

export function fixtureCases(ruleId: string): string[] {
  const folder = join(FIXTURES, ruleId);
  if (!existsSync(folder)) return [];
  // Dot files (a `.env`) and folders (files a Compose fixture extends) belong to the cases beside them.
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .filter((name) => !/\.fixed(\.|$)/.test(name) && !name.endsWith('.md'))
    .sort();
}

function fixedName(name: string): string {
  const dot = name.indexOf('.');
  return dot === -1 ? `${name}.fixed` : `${name.slice(0, dot)}.fixed${name.slice(dot)}`;
}

function describeFinding(text: string, finding: Finding): string {
  const lines = new LineIndex(text);
  const start = lines.positionAt(finding.range.start);
  return `${start.line + 1}:${start.character + 1} ${finding.ruleId} ${JSON.stringify(text.slice(finding.range.start, finding.range.end))} ${finding.message}`;
}

/** A YAML fix must leave a file that parses and still holds every comment of the original. */
function assertYamlFixKeepsStructure(name: string, before: string, after: string): void {
  const errors = parseAllDocuments(after).flatMap((document) => ('errors' in document ? document.errors : []));
  assert.deepEqual(errors.map((e) => e.message), [], `${name}: the fixed YAML does not parse`);
  const comments = (text: string) => parseKubernetes(text).comments.map((c) => c.content.trim());
  const remaining = comments(after);
  for (const comment of comments(before)) {
    if (/^shipshape-ignore/.test(comment)) continue;
    assert.ok(remaining.includes(comment), `${name}: the fix dropped the comment "# ${comment}"`);
  }
}

for (const rule of rules) {
  const ruleId = rule.meta.id;
  describe(`rule ${ruleId}`, () => {
    for (const name of fixtureCases(ruleId)) {
      it(name, () => {
        const path = join(FIXTURES, ruleId, name);
        const fixture = parseFixture(readFileSync(path, 'utf8'));
        const config = configFromLayers(fixture.config ? [fixture.config as ConfigLayer] : []);
        const file: SourceFile = {
          path,
          text: fixture.text,
          ...(fixture.dockerignore !== undefined ? { buildContext: { dockerignore: fixture.dockerignore } } : {}),
          ...(fixture.registry !== undefined ? { registryFacts: fixture.registry as SourceFile['registryFacts'] } : {}),
        };
        if (detectFileKind(file) === 'compose') file.compose = readComposeProject(path, { openText: fixture.text });
        const only = new Set([ruleId]);
        const result = lintSource(file, config, { onlyRules: only });
        assert.deepEqual(result.ruleFailures, [], 'the rule threw');
        const lines = new LineIndex(fixture.text);
        const lineOf = (finding: Finding): number => lines.positionAt(finding.range.start).line;

        const unexpected = result.findings.filter(
          (finding) => !fixture.expectations.some((e) => e.kind === 'expect' && e.ruleId === finding.ruleId && e.line === lineOf(finding)),
        );
        assert.deepEqual(unexpected.map((f) => describeFinding(fixture.text, f)), [], `${name}: findings without an expect annotation`);

        for (const expectation of fixture.expectations.filter((e) => e.ruleId === ruleId)) {
          const onLine = result.findings.filter((f) => lineOf(f) === expectation.line);
          if (expectation.kind === 'ok') {
            assert.equal(onLine.length, 0, `${name}:${expectation.sourceLine}: expected no ${ruleId} finding, got ${onLine.map((f) => describeFinding(fixture.text, f)).join('; ')}`);
            continue;
          }
          assert.ok(onLine.length > 0, `${name}:${expectation.sourceLine}: expected a ${ruleId} finding on the next line`);
          if (expectation.snippet !== undefined) {
            const snippets = onLine.map((f) => fixture.text.slice(f.range.start, f.range.end).split(/\r?\n/)[0]);
            assert.ok(
              snippets.includes(expectation.snippet),
              `${name}:${expectation.sourceLine}: expected range ${JSON.stringify(expectation.snippet)}, got ${JSON.stringify(snippets)}`,
            );
          }
          if (expectation.severity !== undefined) {
            const severities = onLine.map((f) => f.severity);
            assert.ok(severities.includes(expectation.severity), `${name}:${expectation.sourceLine}: expected severity ${expectation.severity}, got ${severities.join(', ')}`);
          }
        }
        for (const finding of result.findings) {
          assert.ok(finding.message.length > 20, `message too short: ${finding.message}`);
          assert.ok(finding.range.start <= finding.range.end && finding.range.end <= fixture.text.length, 'range inside the text');
        }

        const fixable = result.findings.filter((f) => f.fixes.length > 0);
        // The docs promise what `--fix` does from `meta.fix`: every fix's own safety must keep that promise.
        const safeties = new Set(fixable.flatMap((f) => f.fixes.map((fix) => fix.safety)));
        if (rule.meta.fix === 'safe' || rule.meta.fix === 'unsafe') {
          assert.deepEqual([...safeties].filter((safety) => safety !== rule.meta.fix), [], `${name}: a fix's safety disagrees with meta.fix "${rule.meta.fix}" (use 'mixed')`);
        }
        const fixedPath = join(FIXTURES, ruleId, fixedName(name));
        if (fixable.length === 0) {
          assert.ok(!existsSync(fixedPath), `${fixedName(name)} exists but no finding offers a fix`);
          return;
        }
        assert.ok(existsSync(fixedPath), `${name} has fixable findings; add ${fixedName(name)} with the expected text after every fix`);
        const run = fixSource(file, config, { onlyRules: only, safety: 'all' });
        assert.equal(run.text, readFileSync(fixedPath, 'utf8'), `${name}: fixed text differs from ${fixedName(name)}`);
        if (result.kind === 'kubernetes' || result.kind === 'compose') assertYamlFixKeepsStructure(name, fixture.text, run.text);
        const after = lintSource({ ...file, text: run.text }, config, { onlyRules: only });
        const stillFixable = after.findings.filter((f) => f.fixes.some((fix) => fix.edits.length > 0));
        assert.deepEqual(stillFixable.map((f) => describeFinding(run.text, f)), [], `${name}: fixable findings remain after fixing`);
        if (fixable.some((f) => f.fixes.some((fix) => fix.edits.length > 0))) {
          assert.ok(after.findings.length < result.findings.length, `${name}: fixing did not remove any finding`);
        }
      });
    }
  });
}
