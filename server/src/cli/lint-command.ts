// `shipshape lint`: find the files, resolve each one's configuration, lint (and fix), report, pick the
// exit code. The engine does the analysis; this file does the I/O around it.
import { readFileSync, writeFileSync } from 'node:fs';
import nodePath from 'node:path';
import { configFromLayers, fixSource, lintSource } from '../analysis';
import type { ConfigLayer, ResolvedConfig } from '../engine/config';
import { detectFileKind } from '../engine/detect';
import { LineIndex } from '../engine/text';
import type { Severity, SourceFile } from '../engine/types';
import { readBuildContext } from '../host/build-context';
import { readComposeProject } from '../host/compose-project';
import { collectNamespacePolicies } from '../host/namespaces';
import { ConfigFileFinder, formatConfigProblem, type ConfigFile } from '../host/config-files';
import { discoverFiles } from '../host/discover';
import { describeError } from '../host/file-system';
import { createFixFiles } from '../host/fix-files';
import { rules, ruleIds } from '../rules';
import type { FailOn, LintArgs } from './args';
import { COLORS, PLAIN, useColor } from './color';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatStylish } from './formatters/stylish';
import { createStatusLine, printError, printNote, writeReport, type CliIo } from './io';
import { describeFixes, SEVERITY_RANK, type EnabledRule, type FileReport, type FixSummary, type LintReport, type RunFailure } from './report';

/** Below this many files a progress line would only flicker. */
const PROGRESS_MIN_FILES = 20;

export function runLint(args: LintArgs, io: CliIo): number {
  const cwd = nodePath.resolve(io.cwd);
  const display = (path: string): string => nodePath.relative(cwd, path) || nodePath.basename(path);
  const portable = (path: string): string => (nodePath.relative(cwd, path) || nodePath.basename(path)).split(nodePath.sep).join('/');

  const finder = new ConfigFileFinder({ knownRuleIds: ruleIds });
  const explicitConfig = args.config === undefined ? undefined : finder.load(nodePath.resolve(cwd, args.config));
  const configFor = (folder: string): ConfigFile | null => explicitConfig ?? finder.nearest(folder);

  const composeFiles = args.composeFiles.map((file) => nodePath.resolve(cwd, file));
  const discovered = discoverFiles([...args.paths, ...args.composeFiles], {
    cwd,
    excludesFor: (folder) => {
      const config = configFor(folder);
      return config?.layer.exclude ? { folder: config.folder, patterns: config.layer.exclude } : null;
    },
  });

  const configProblems = finder.loaded().flatMap((config) => config.problems);
  if (configProblems.length > 0) {
    for (const problem of configProblems) printError(io, formatConfigProblem(problem, display));
    printNote(io, `the configuration is invalid, so nothing was linted; fix ${configProblems.length === 1 ? 'the problem' : 'the problems'} above.`);
    return 2;
  }
  if (discovered.missing.length > 0) {
    for (const missing of discovered.missing) printError(io, `no such file or folder: ${missing}`);
    return 2;
  }
  for (const excluded of discovered.excluded) {
    const config = configFor(nodePath.dirname(nodePath.resolve(cwd, excluded)));
    printNote(io, `skipped ${excluded}: excluded by ${config ? display(config.path) : 'the configuration'}`);
  }
  if (discovered.files.length === 0 && discovered.excluded.length === 0) {
    printNote(io, `no Dockerfiles, manifests or Compose files found in ${args.paths.join(', ')}`);
  }

  const failures: RunFailure[] = discovered.errors.map((error) => ({
    path: error.path,
    displayPath: display(error.path),
    portablePath: portable(error.path),
    message: `${display(error.path)}: ${error.message}`,
  }));
  const failure = (path: string, message: string): void => {
    failures.push({ path, displayPath: display(path), portablePath: portable(path), message });
  };

  const commandLine = commandLineLayer(args);
  const resolved = new Map<ConfigFile | null, ResolvedConfig>();
  const resolvedFor = (config: ConfigFile | null): ResolvedConfig => {
    let result = resolved.get(config);
    if (!result) {
      result = configFromLayers(configLayers(config, commandLine));
      resolved.set(config, result);
    }
    return result;
  };

  const namespacePolicies = collectNamespacePolicies(discovered.files.map((entry) => entry.path));
  const progress = createProgress(io, discovered.files.length);
  const files: FileReport[] = [];
  for (const [index, entry] of discovered.files.entries()) {
    progress.update(index, display(entry.path));
    let text: string;
    try {
      text = readFileSync(entry.path, 'utf8');
    } catch (error) {
      failure(entry.path, `cannot read ${display(entry.path)}: ${describeError(error)}`);
      continue;
    }
    const config = resolvedFor(configFor(nodePath.dirname(entry.path)));
    // A file given with -f is a Compose file whatever its name.
    const source: SourceFile = { path: entry.path, text, ...(composeFiles.includes(entry.path) ? { languageId: 'dockercompose' } : {}) };
    const kind = detectFileKind(source);
    if (kind === null) {
      if (entry.explicit) printNote(io, `skipped ${display(entry.path)}: not a Dockerfile or manifest Shipshape can lint`);
      continue;
    }
    if (kind === 'dockerfile') source.buildContext = readBuildContext(entry.path);
    if (kind === 'kubernetes') source.namespacePolicies = namespacePolicies;
    // Files given with -f are one project, merged in order; any other Compose file brings its own override.
    if (kind === 'compose') source.compose = readComposeProject(entry.path, composeFiles.includes(entry.path) ? { files: composeFiles } : {});

    let fixed: FixSummary | undefined;
    if (args.fix) {
      const run = fixSource(source, config, { safety: 'safe' });
      let written = true;
      if (run.text !== text) {
        try {
          writeFileSync(entry.path, run.text);
          source.text = run.text;
        } catch (error) {
          written = false;
          failure(entry.path, `cannot write the fixes to ${display(entry.path)}: ${describeError(error)}`);
        }
      }
      if (written) {
        const creation = createFixFiles(entry.path, run.createFiles);
        for (const { path, error } of creation.errors) failure(path, `cannot create ${display(path)}: ${describeError(error)}`);
        // A created .dockerignore changes what the build-context rules see.
        if (creation.created.length > 0 && kind === 'dockerfile') source.buildContext = readBuildContext(entry.path);
        fixed = { applied: run.applied, createdFiles: creation.created.map(portable) };
      }
    }

    const result = lintSource(source, config);
    for (const ruleFailure of result.ruleFailures) {
      const detail = io.env.SHIPSHAPE_DEBUG ? ruleFailure.error : (ruleFailure.error.split('\n')[0] ?? '');
      failure(entry.path, `rule ${ruleFailure.ruleId} failed on ${display(entry.path)} and was skipped there: ${detail}`);
    }
    files.push({
      path: entry.path,
      displayPath: display(entry.path),
      portablePath: portable(entry.path),
      text: source.text,
      lines: new LineIndex(source.text),
      kind,
      findings: args.quiet ? result.findings.filter((finding) => finding.severity === 'error') : result.findings,
      suppressed: result.suppressed,
      fixed,
    });
  }
  progress.done();

  const report: LintReport = { cwd, files, rules: enabledRules(resolved.size > 0 ? [...resolved.values()] : [resolvedFor(configFor(cwd))], files), failures };
  const output = format(args, io, report);

  for (const item of failures) printError(io, item.message);
  if (args.fix && args.format !== 'stylish') {
    for (const file of files) {
      const line = describeFixes(file);
      if (line !== undefined) printNote(io, line);
    }
  }

  if (!writeReport(io, output, args.output)) return 2;

  if (failures.length > 0) return 2;
  return failsOn(args.failOn, files) ? 1 : 0;
}

/** Configuration layers for one file, lowest precedence first: its config file, then the command line. */
export function configLayers(config: ConfigFile | null, commandLine: ConfigLayer): ConfigLayer[] {
  return config ? [config.layer, commandLine] : [commandLine];
}

/** The layer the command-line flags make (`--preset`, `--rule`, `--pss-*`). */
export function commandLineLayer(args: Pick<LintArgs, 'preset' | 'rules' | 'pssLevel' | 'pssVersion'>): ConfigLayer {
  const layer: ConfigLayer = {};
  if (args.preset) layer.preset = args.preset;
  if (Object.keys(args.rules).length > 0) layer.rules = args.rules;
  if (args.pssLevel || args.pssVersion) {
    layer.podSecurity = {};
    if (args.pssLevel) layer.podSecurity.level = args.pssLevel;
    if (args.pssVersion) layer.podSecurity.version = args.pssVersion;
  }
  return layer;
}

/** Each rule at the highest severity any file's configuration gave it; rules off everywhere are left out. */
function enabledRules(configs: readonly ResolvedConfig[], files: readonly FileReport[]): EnabledRule[] {
  const highest = new Map<string, Severity>();
  const raise = (id: string, severity: Severity): void => {
    const current = highest.get(id);
    if (current === undefined || SEVERITY_RANK[severity] > SEVERITY_RANK[current]) highest.set(id, severity);
  };
  for (const config of configs) {
    for (const [id, severity] of config.severities) if (severity !== 'off') raise(id, severity);
  }
  for (const file of files) for (const finding of [...file.findings, ...file.suppressed]) raise(finding.ruleId, finding.severity);
  return rules
    .filter((rule) => highest.has(rule.meta.id))
    .map((rule) => ({ meta: rule.meta, severity: highest.get(rule.meta.id) ?? rule.meta.defaultSeverity }) as EnabledRule)
    .sort((a, b) => (a.meta.id < b.meta.id ? -1 : a.meta.id > b.meta.id ? 1 : 0));
}

function format(args: LintArgs, io: CliIo, report: LintReport): string {
  if (args.format === 'json') return formatJson(report);
  if (args.format === 'sarif') return formatSarif(report);
  const color = useColor({ flag: args.color, isTTY: args.output === undefined && io.stdout.isTTY === true, env: io.env });
  return formatStylish(report, { palette: color ? COLORS : PLAIN, fixMode: args.fix, quiet: args.quiet });
}

function failsOn(failOn: FailOn, files: readonly FileReport[]): boolean {
  if (failOn === 'never') return false;
  const threshold = SEVERITY_RANK[failOn];
  return files.some((file) => file.findings.some((finding) => SEVERITY_RANK[finding.severity] >= threshold));
}

/** A status line naming the file being linted, only for runs long enough to need it. */
function createProgress(io: CliIo, total: number): { update(index: number, name: string): void; done(): void } {
  if (total < PROGRESS_MIN_FILES) return { update: () => undefined, done: () => undefined };
  const line = createStatusLine(io);
  return {
    update: (index, name) => line.show(`linting ${index + 1}/${total} ${name}`),
    done: () => line.clear(),
  };
}
