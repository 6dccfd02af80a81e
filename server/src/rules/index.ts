// The rule registry: an explicit, alphabetically sorted list (a test checks it matches the files here).
import type { RuleDefinition } from '../engine/rule';
import imageTagLatest from './image-tag-latest';
import suppressionUnused from './suppression-unused';
import syntaxError from './syntax-error';

export const rules: readonly RuleDefinition[] = [
  imageTagLatest,
  suppressionUnused,
  syntaxError,
];

export const ruleIds: ReadonlySet<string> = new Set(rules.map((rule) => rule.meta.id));

export function findRule(id: string): RuleDefinition | undefined {
  return rules.find((rule) => rule.meta.id === id);
}
