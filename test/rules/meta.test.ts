// Checks the rule registry and every rule's metadata, fixtures and docs are complete. Rules that are
// still being written fail here until their author finishes them.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { presetSeverity, SEVERITIES } from '../../server/src/engine/config';
import type { RuleCategory, RuleDefinition, RuleExample, RuleMeta, SecuritySeverity } from '../../server/src/engine/rule';
import type { FileKind, SeverityOrOff } from '../../server/src/engine/types';
import { rules } from '../../server/src/rules';
import { parseFixture } from '../helpers/fixture-annotations';

const RULES_DIR = join(import.meta.dirname, '..', '..', 'server', 'src', 'rules');
const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rules');
const ID_PATTERN = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;
// Records keyed by the union types, so a new member fails typechecking until it is listed here too.
const CATEGORIES: Record<RuleCategory, true> = {
  images: true,
  secrets: true,
  'user-and-privileges': true,
  'supply-chain': true,
  'pod-security': true,
  hardening: true,
  meta: true,
};
const SECURITY_SEVERITIES: Record<SecuritySeverity, true> = { critical: true, high: true, medium: true, low: true };
const FILE_KINDS: Record<FileKind, true> = { dockerfile: true, kubernetes: true, compose: true };
const SEVERITY_RANK: Record<SeverityOrOff, number> = { off: 0, info: 1, warning: 2, error: 3 };

const ruleFiles = readdirSync(RULES_DIR)
  .filter((name) => name.endsWith('.ts') && name !== 'index.ts')
  .map((name) => basename(name, '.ts'))
  .sort(compareIds);
const ids = rules.map((rule) => rule.meta.id);

function compareIds(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function fixtureNames(ruleId: string): string[] {
  const folder = join(FIXTURES, ruleId);
  if (!existsSync(folder)) return [];
  return readdirSync(folder, { withFileTypes: true })
    .filter((entry) => entry.isFile() && !entry.name.startsWith('.') && !entry.name.endsWith('.md'))
    .map((entry) => entry.name)
    .sort();
}

const isFixedFile = (name: string): boolean => /\.fixed(\.|$)/.test(name);

describe('rule registry', () => {
  it('has unique ids', () => {
    const duplicates = ids.filter((id, index) => ids.indexOf(id) !== index);
    assert.deepEqual(duplicates, []);
  });

  it('uses slug ids', () => {
    assert.deepEqual(ids.filter((id) => !ID_PATTERN.test(id)), [], 'ids are lower-case words joined by hyphens');
  });

  it('is sorted alphabetically by id', () => {
    assert.deepEqual(ids, [...ids].sort(compareIds));
  });

  it('lists exactly the rule files in server/src/rules/', () => {
    const registered = [...ids].sort(compareIds);
    assert.deepEqual(
      { missingFromRegistry: ruleFiles.filter((id) => !registered.includes(id)), withoutFile: registered.filter((id) => !ruleFiles.includes(id)) },
      { missingFromRegistry: [], withoutFile: [] },
    );
  });

  for (const name of ruleFiles) {
    it(`${name}.ts default-exports the registered rule whose id is its file name`, async () => {
      const module = (await import(pathToFileURL(join(RULES_DIR, `${name}.ts`)).href)) as { default?: RuleDefinition };
      assert.ok(module.default, `${name}.ts has no default export`);
      assert.equal(module.default.meta.id, name, `${name}.ts declares id "${module.default.meta.id}"`);
      assert.ok(rules.includes(module.default), `${name}.ts is not the module registered in server/src/rules/index.ts`);
    });
  }
});

for (const rule of rules) {
  const meta = rule.meta;
  describe(`rule ${meta.id} metadata`, () => {
    it('has a title of at most 70 characters without a trailing period', () => {
      assert.ok(meta.title.trim() !== '' && meta.title === meta.title.trim(), 'title is empty or has surrounding spaces');
      assert.ok(meta.title.length <= 70, `title is ${meta.title.length} characters: "${meta.title}"`);
      assert.ok(!meta.title.endsWith('.'), `title ends with a period: "${meta.title}"`);
    });

    it('has a valid category, applies-to and security severity', () => {
      assert.ok(Object.hasOwn(CATEGORIES, meta.category), `unknown category "${meta.category}"`);
      assert.ok(Object.hasOwn(SECURITY_SEVERITIES, meta.securitySeverity), `unknown securitySeverity "${meta.securitySeverity}"`);
      assert.ok(meta.appliesTo.length > 0, 'appliesTo is empty');
      assert.ok(meta.appliesTo.every((kind) => Object.hasOwn(FILE_KINDS, kind)), `unknown file kind in appliesTo: ${meta.appliesTo.join(', ')}`);
      assert.equal(new Set(meta.appliesTo).size, meta.appliesTo.length, 'appliesTo repeats a kind');
    });

    it('has valid default and strict severities', () => {
      assert.ok(SEVERITIES.includes(meta.defaultSeverity), `defaultSeverity "${meta.defaultSeverity}" is not one of ${SEVERITIES.join(', ')}`);
      if (meta.strictSeverity !== undefined) {
        assert.ok(SEVERITIES.includes(meta.strictSeverity), `strictSeverity "${meta.strictSeverity}" is not one of ${SEVERITIES.join(', ')}`);
      }
      const strict = presetSeverity(meta, 'strict');
      assert.ok(SEVERITY_RANK[strict] >= SEVERITY_RANK[meta.defaultSeverity], `the strict preset (${strict}) is weaker than the default (${meta.defaultSeverity})`);
      if (meta.enabledBy) assert.equal(meta.defaultSeverity, 'off', `rules enabled by ${meta.enabledBy} are off until it is set`);
    });

    it('has well-formed CWE ids, peers and references', () => {
      for (const cwe of meta.cwe ?? []) assert.match(cwe, /^CWE-[1-9]\d*$/);
      for (const peer of meta.peers ?? []) assert.ok(peer.trim() !== '', 'empty peer');
      for (const reference of meta.docs.references) {
        assert.ok(reference.title.trim() !== '', `reference ${reference.url} has no title`);
        assert.match(reference.url, /^https:\/\/\S+$/, `reference "${reference.title}" is not an https URL`);
      }
    });

    it('has examples of the kinds it applies to', () => {
      for (const [index, example] of meta.docs.examples.entries()) {
        const label = `example ${index + 1}`;
        assert.ok(meta.appliesTo.includes(example.kind), `${label} is a ${example.kind} snippet but the rule applies to ${meta.appliesTo.join(', ')}`);
        assert.ok(example.bad.trim() !== '' && example.good.trim() !== '', `${label} has an empty snippet`);
        assert.notEqual(example.bad, example.good, `${label}: bad and good are the same`);
        if (meta.enabledBy) assert.ok(setsList(example, meta.enabledBy), `${label} needs a config that sets ${meta.enabledBy}, or the rule has nothing to check`);
      }
    });

    if (meta.fix !== undefined) {
      it('has a .fixed fixture because it offers fixes', () => {
        assert.ok(fixtureNames(meta.id).some(isFixedFile), `add test/fixtures/rules/${meta.id}/<case>.fixed.<ext> with the text after the fixes`);
      });
    }

    if (meta.category === 'meta') return;

    it('has rationale, remediation, an example and references', () => {
      assert.ok(meta.docs.rationale.trim() !== '', 'docs.rationale is empty');
      assert.ok(meta.docs.remediation.trim() !== '', 'docs.remediation is empty');
      assert.ok(meta.docs.examples.length > 0, 'docs.examples is empty');
      assert.ok(meta.docs.references.length > 0, 'docs.references is empty');
    });

    it('has fixtures with expect and ok annotations', () => {
      const cases = fixtureNames(meta.id).filter((name) => !isFixedFile(name));
      assert.ok(cases.length > 0, `test/fixtures/rules/${meta.id}/ has no fixtures`);
      const kinds = new Set<string>();
      for (const name of cases) {
        const fixture = parseFixture(readFileSync(join(FIXTURES, meta.id, name), 'utf8'));
        for (const expectation of fixture.expectations) if (expectation.ruleId === meta.id) kinds.add(expectation.kind);
      }
      assert.ok(kinds.has('expect'), `no fixture has a "# expect: ${meta.id} ..." annotation`);
      assert.ok(kinds.has('ok'), `no fixture has a "# ok: ${meta.id} ..." annotation`);
    });
  });
}

function setsList(example: RuleExample, setting: NonNullable<RuleMeta['enabledBy']>): boolean {
  const images = example.config?.images;
  const list = setting === 'images.allowedRegistries' ? images?.allowedRegistries : images?.approved;
  return list !== undefined && list.length > 0;
}
