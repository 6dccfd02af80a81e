// The engine bound to the rule registry: what the CLI and the language server call.
import { resolveConfig, type ConfigLayer, type ResolvedConfig } from './engine/config';
import { fix, lint, type LintOptions } from './engine/lint';
import type { FixRun } from './engine/fixes';
import type { FixSafety, LintResult, SourceFile } from './engine/types';
import type { ChartFiles } from './engine/languages/helm/chart';
import { lintChart, type ChartLintResult } from './engine/languages/helm/chart-lint';
import type { RenderOptions } from './engine/languages/helm/render';
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

/** Renders a Helm chart and lints its documents, findings located in the chart's templates and values files. */
export function lintChartFiles(files: ChartFiles, origin: string, config: ResolvedConfig, options: RenderOptions = {}): ChartLintResult {
  return lintChart(files, origin, config, rules, options);
}
