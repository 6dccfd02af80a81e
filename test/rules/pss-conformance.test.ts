// Pod Security Standards conformance: every case in test/rules/pss-cases/ is linted with all Pod Security
// rules on, at the case's level and version. A `pass` case gets no Pod Security finding at all; any other
// case gets findings of exactly the rule it names, so no second rule reports the same violation.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromLayers, lintSource } from '../../server/src/analysis';
import type { ResolvedConfig } from '../../server/src/engine/config';
import type { LintResult } from '../../server/src/engine/types';
import { rules } from '../../server/src/rules';
import { pssCases, type PssCase } from './pss-cases';
import { LEVELS, podYaml, VERSIONS, type PssLevel } from './pss-cases/pods';

const pssRules = rules.filter((rule) => rule.meta.category === 'pod-security');
const pssIds = new Set(pssRules.map((rule) => rule.meta.id));

const configs = new Map<string, ResolvedConfig>();
function configFor(level: PssLevel, version: string): ResolvedConfig {
  const key = `${level} ${version}`;
  let config = configs.get(key);
  if (!config) {
    // Default severities, so restricted-only findings keep their warning cap; a rule that is off is switched on.
    const severities = Object.fromEntries(pssRules.map((rule) => [rule.meta.id, rule.meta.defaultSeverity === 'off' ? 'warning' : rule.meta.defaultSeverity] as const));
    config = configFromLayers([{ podSecurity: { level, version }, rules: severities }]);
    configs.set(key, config);
  }
  return config;
}

function lintPod(level: PssLevel, version: string, pod: string): LintResult {
  return lintSource({ path: 'pod.yaml', text: pod }, configFor(level, version));
}

/** What is wrong with one case's result, or undefined when it conforms. */
function problemOf(testCase: PssCase): string | undefined {
  const where = `${testCase.level} ${testCase.version}`;
  const result = lintPod(testCase.level, testCase.version, testCase.pod);
  if (result.ruleFailures.length > 0) return `${where}: rules threw: ${result.ruleFailures.map((failure) => `${failure.ruleId}: ${failure.error.split('\n')[0]}`).join('; ')}`;
  const findings = result.findings.filter((finding) => pssIds.has(finding.ruleId));
  const reported = [...new Set(findings.map((finding) => finding.ruleId))].sort();
  const wanted = testCase.expected === 'pass' ? [] : [testCase.expected];
  if (reported.join() !== wanted.join()) {
    const detail = findings.map((finding) => `  ${finding.ruleId}: ${finding.message}`).join('\n');
    return `${where}: expected ${testCase.expected === 'pass' ? 'no Pod Security finding' : testCase.expected}, got ${reported.length > 0 ? reported.join(', ') : 'nothing'}${detail ? `\n${detail}` : ''}`;
  }
  if (testCase.severity) {
    const wrong = findings.filter((finding) => finding.severity !== testCase.severity);
    if (wrong.length > 0) return `${where}: expected severity ${testCase.severity}, got ${wrong.map((finding) => finding.severity).join(', ')}`;
  }
  return undefined;
}

describe('Pod Security conformance table', () => {
  it('names only registered Pod Security rules', () => {
    const unknown = pssCases.flatMap((testCase) => [testCase.control, testCase.expected].filter((id) => id !== 'pass' && !pssIds.has(id)));
    assert.deepEqual([...new Set(unknown)], [], 'cases name rules that are not registered with category pod-security');
  });

  it('has passing and failing cases for every Pod Security rule', () => {
    const missing: string[] = [];
    for (const id of pssIds) {
      const own = pssCases.filter((testCase) => testCase.control === id);
      if (!own.some((testCase) => testCase.expected === 'pass')) missing.push(`${id}: no pass case`);
      if (!own.some((testCase) => testCase.expected === id)) missing.push(`${id}: no fail case`);
    }
    assert.deepEqual(missing, []);
  });

  it('starts from pods that pass every control of their level, at every version, Linux and Windows', () => {
    const problems: string[] = [];
    for (const level of LEVELS) {
      for (const windows of [false, true]) {
        const pod = podYaml(level, { windows });
        for (const version of VERSIONS) {
          const problem = problemOf({ control: 'base', name: 'base pod', level, version, pod, expected: 'pass' });
          if (problem) problems.push(`${windows ? 'windows ' : ''}${problem}`);
        }
      }
    }
    assert.deepEqual(problems, []);
  });
});

const groups = new Map<string, Map<string, PssCase[]>>();
for (const testCase of pssCases) {
  const byName = groups.get(testCase.control) ?? new Map<string, PssCase[]>();
  groups.set(testCase.control, byName);
  byName.set(testCase.name, [...(byName.get(testCase.name) ?? []), testCase]);
}

for (const [control, byName] of groups) {
  describe(`Pod Security conformance: ${control}`, () => {
    for (const [name, cases] of byName) {
      const [first] = cases;
      const label = cases.length === 1 && first ? `${name} (${first.level} ${first.version}: ${first.expected})` : `${name} (${cases.length} level and version cases)`;
      it(label, () => {
        const problems = cases.map(problemOf).filter((problem): problem is string => problem !== undefined);
        assert.deepEqual(problems, []);
      });
    }
  });
}
