// `shipshape rules`: the catalog from the rules' own metadata.
import { mkdirSync, writeFileSync } from 'node:fs';
import nodePath from 'node:path';
import { presetSeverity } from '../engine/config';
import { ruleDocsUrl } from '../engine/docs-url';
import type { RuleMeta } from '../engine/rule';
import { describeError } from '../host/file-system';
import { rules } from '../rules';
import type { RulesArgs } from './args';
import { printError, type CliIo } from './io';
import { VERSION } from './version';

export function runRules(args: RulesArgs, io: CliIo): number {
  const metas = rules.map((rule) => rule.meta).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const output = args.format === 'json' ? rulesJson(metas) : args.format === 'markdown' ? rulesMarkdown(metas) : rulesText(metas);
  if (args.output === undefined) {
    io.stdout.write(output);
    return 0;
  }
  try {
    const target = nodePath.resolve(io.cwd, args.output);
    mkdirSync(nodePath.dirname(target), { recursive: true });
    writeFileSync(target, output);
    return 0;
  } catch (error) {
    printError(io, `cannot write to ${args.output}: ${describeError(error)}`);
    return 2;
  }
}

function rulesJson(metas: readonly RuleMeta[]): string {
  const list = metas.map((meta) => ({
    ...meta,
    strictSeverity: presetSeverity(meta, 'strict'),
    docsUrl: ruleDocsUrl(meta.id),
  }));
  return `${JSON.stringify({ tool: { name: 'shipshape', version: VERSION }, rules: list }, null, 2)}\n`;
}

function rulesText(metas: readonly RuleMeta[]): string {
  const rows = [
    ['RULE', 'CATEGORY', 'DEFAULT', 'STRICT', 'FIX', 'TITLE'],
    ...metas.map((meta) => [meta.id, meta.category, meta.defaultSeverity, presetSeverity(meta, 'strict'), meta.fix ?? '-', meta.title]),
  ];
  const widths = rows[0]?.map((_, column) => Math.max(...rows.map((row) => (row[column] ?? '').length))) ?? [];
  const lines = rows.map((row) => row.map((cell, column) => (column === row.length - 1 ? cell : cell.padEnd(widths[column] ?? 0))).join('  '));
  return `${lines.join('\n')}\n\n${metas.length} rules. Set severities in .shipshape.yaml (rules: { <id>: error|warning|info|off }) or with --rule <id>=<severity>.\n`;
}

function rulesMarkdown(metas: readonly RuleMeta[]): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const lines = [
    '| Rule | What it checks | Category | Default | Strict | Fix |',
    '|---|---|---|---|---|---|',
    ...metas.map(
      (meta) =>
        `| [\`${meta.id}\`](${ruleDocsUrl(meta.id)}) | ${cell(meta.title)} | ${meta.category} | ${meta.defaultSeverity} | ${presetSeverity(meta, 'strict')} | ${meta.fix ?? '—'} |`,
    ),
  ];
  return `${lines.join('\n')}\n`;
}
