// The engine bound to the rule registry: what the CLI and the language server call.
import { resolveConfig, type ConfigLayer, type ResolvedConfig } from './engine/config';
import { fix, lint, type LintOptions } from './engine/lint';
import type { FixRun } from './engine/fixes';
import type { FixSafety, LintResult, SourceFile } from './engine/types';
import { rules } from './rules';

export function configFromLayers(layers: readonly ConfigLayer[]): ResolvedConfig {
  return resolveConfig(rules.map((rule) => rule.meta), layers);
}

export function lintSource(file: SourceFile, config: ResolvedConfig, options: LintOptions = {}): LintResult {
  return lint(file, config, rules, options);
}

export function fixSource(
  file: SourceFile,
  config: ResolvedConfig,
  options: LintOptions & { safety?: FixSafety | 'all'; maxPasses?: number } = {},
): FixRun {
  return fix(file, config, rules, options);
}
