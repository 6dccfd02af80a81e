// Linting the examples in rule metadata the way the docs present them. The docs generator uses this to
// place the suppression comment, and the docs-examples test uses it to prove every example true.
import { configFromLayers, lintSource } from '../server/src/analysis';
import { presetSeverity, type ConfigLayer, type ResolvedConfig } from '../server/src/engine/config';
import { parseDockerfile } from '../server/src/engine/languages/dockerfile/model';
import { SYNTAX_ERROR_RULE, UNUSED_SUPPRESSION_RULE } from '../server/src/engine/lint';
import type { RuleExample, RuleMeta } from '../server/src/engine/rule';
import { LineIndex } from '../server/src/engine/text';
import type { FileKind, Finding, LintResult } from '../server/src/engine/types';

/** The file name an example is linted as, so file-kind detection works as it does for users. */
export const EXAMPLE_FILE_NAMES: Record<FileKind, string> = {
  dockerfile: 'Dockerfile',
  kubernetes: 'manifest.yaml',
  compose: 'compose.yaml',
};

export const SUPPRESSION_REASON = '<reason>';

/**
 * Default configuration plus the example's own `config`. A rule that is still off after that is switched
 * on at its strict severity (or `warning` when even `strict` leaves it off), so off-by-default rules can
 * show what they catch.
 */
export function exampleConfig(meta: RuleMeta, example: RuleExample): ResolvedConfig {
  const layers: ConfigLayer[] = example.config ? [example.config] : [];
  const config = configFromLayers(layers);
  if (config.severities.get(meta.id) !== 'off') return config;
  const strict = presetSeverity(meta, 'strict');
  return configFromLayers([...layers, { rules: { [meta.id]: strict === 'off' ? 'warning' : strict } }]);
}

/** Lints `text` as the example's kind of file, with every rule at its example configuration. */
export function lintExample(meta: RuleMeta, example: RuleExample, text: string): LintResult {
  return lintSource({ path: EXAMPLE_FILE_NAMES[example.kind], text, ...(example.registryFacts ? { registryFacts: example.registryFacts } : {}) }, exampleConfig(meta, example));
}

export function findingsOf(ruleId: string, findings: readonly Finding[]): Finding[] {
  return findings.filter((finding) => finding.ruleId === ruleId);
}

/** The engine reports these itself, after suppressions are matched, so no comment can silence them. */
export function isSuppressible(meta: RuleMeta): boolean {
  return meta.id !== SYNTAX_ERROR_RULE && meta.id !== UNUSED_SUPPRESSION_RULE;
}

export function suppressionComment(ruleId: string): string {
  return `# shipshape-ignore ${ruleId} -- ${SUPPRESSION_REASON}`;
}

/**
 * The bad snippet with a suppression comment above what the rule flags first (the whole instruction in a
 * Dockerfile, the flagged line's node in YAML), or undefined when the rule does not fire on the snippet.
 */
export function suppressedExample(meta: RuleMeta, example: RuleExample): string | undefined {
  const [first] = findingsOf(meta.id, lintExample(meta, example, example.bad).findings);
  if (!first) return undefined;
  const text = example.bad;
  const lines = new LineIndex(text);
  const line = lines.positionAt(suppressionTarget(example.kind, text, first)).line;
  const lineStart = lines.lineStart(line);
  const indent = /^[ \t]*/.exec(text.slice(lineStart))?.[0] ?? '';
  return `${text.slice(0, lineStart)}${indent}${suppressionComment(meta.id)}\n${text.slice(lineStart)}`;
}

/** Offset of the construct a comment above which covers the finding. */
function suppressionTarget(kind: FileKind, text: string, finding: Finding): number {
  if (kind !== 'dockerfile') return finding.range.start;
  const instruction = parseDockerfile(text).instructions.find(
    (candidate) => candidate.range.start <= finding.range.start && finding.range.start <= candidate.range.end,
  );
  return instruction?.range.start ?? finding.range.start;
}
