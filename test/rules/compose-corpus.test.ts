// The whole catalog over the real Compose projects of the shared corpus, with each project's Dockerfiles and
// .env read as the CLI and the editor read them: no rule may throw, every fix must leave YAML that parses and
// keeps its comments, and fixing must settle.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { configFromLayers, fixSource, lintSource } from '../../server/src/analysis';
import { readComposeProject } from '../../server/src/host/compose-project';
import { rules } from '../../server/src/rules';

const everything = configFromLayers([{ preset: 'strict', rules: Object.fromEntries(rules.map((rule) => [rule.meta.id, 'info' as const])) }]);
const corpus = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'compose');

describe('Compose corpus', () => {
  it('lints and fixes every Compose project without a rule failure', { skip: !existsSync(corpus) && 'shared corpus not present' }, () => {
    const projects = readdirSync(corpus).filter((name) => existsSync(join(corpus, name, 'compose.yaml'))).sort();
    assert.ok(projects.length >= 10);
    let related = 0;
    for (const name of projects) {
      const path = join(corpus, name, 'compose.yaml');
      const text = readFileSync(path, 'utf8');
      const file = { path, text, compose: readComposeProject(path) };
      const result = lintSource(file, everything);
      assert.deepEqual(result.ruleFailures, [], name);
      assert.ok(result.findings.length > 0, name);
      assert.deepEqual(result.findings.filter((finding) => finding.ruleId === 'syntax-error'), [], name);
      related += result.findings.filter((finding) => finding.related.some((location) => location.path?.endsWith('Dockerfile'))).length;
      const fixed = fixSource(file, everything, { safety: 'all' });
      assert.deepEqual(parseAllDocuments(fixed.text).flatMap((document) => ('errors' in document ? document.errors : [])).map((error) => error.message), [], `${name}: fixed YAML parses`);
      for (const comment of text.match(/#.*$/gm) ?? []) assert.ok(fixed.text.includes(comment), `${name}: the fixes kept "${comment}"`);
      const after = lintSource({ ...file, text: fixed.text }, everything);
      assert.deepEqual(after.ruleFailures, [], `${name}: after fixing`);
      assert.deepEqual(after.findings.filter((finding) => finding.fixes.some((fix) => fix.edits.length > 0)).map((finding) => finding.ruleId), [], `${name}: nothing fixable remains`);
    }
    assert.ok(related >= 5, 'services that build point at their Dockerfiles');
  });
});
