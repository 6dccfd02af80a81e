// `shipshape lint`: find the files, resolve each one's configuration, lint (and fix), report, pick the
// exit code. The engine does the analysis; this file does the I/O around it.
import { isUtf8 } from 'node:buffer';
import { existsSync, writeFileSync } from 'node:fs';
import nodePath from 'node:path';
import { configFromLayers, fixSource, lintChartFiles, lintSource } from '../analysis';
import type { ConfigLayer, ResolvedConfig } from '../engine/config';
import { detectFileKind, lintCandidate } from '../engine/detect';
import { LineIndex } from '../engine/text';
import type { Severity, SourceFile } from '../engine/types';
import { readBuildContext } from '../host/build-context';
import { NamespaceIndex, projectRoot } from '../host/namespaces';
import { BASELINE_FILE_NAME, BaselineFinder, baselineEntries, formatBaseline, splitByBaseline, type Baseline } from '../host/baseline';
import { BuildToolIndex } from '../host/build-tools';
import { configIgnoresFor } from '../host/config-ignores';
import { readComposeProject } from '../host/compose-project';
import { ConfigFileFinder, formatConfigProblem, type ConfigFile } from '../host/config-files';
import { createExcludeMatcher, discoverFiles, isExcluded, relativeInside, type DiscoverResult } from '../host/discover';
import { describeError } from '../host/file-system';
import { chartRootOf, readChartFolder } from '../host/chart-folder';
import { createFixFiles } from '../host/fix-files';
import { FileSkipped, readRegularFile } from '../host/read-file';
import { rules, ruleIds } from '../rules';
import type { FailOn, LintArgs } from './args';
import { lintKustomizations } from './kustomize-lint';
import { COLORS, PLAIN, useColor } from './color';
import { formatJson } from './formatters/json';
import { formatSarif } from './formatters/sarif';
import { formatStylish } from './formatters/stylish';
import { createStatusLine, printError, printNote, writeReport, type CliIo } from './io';
import { isStandardInput, notLintableMessage } from './unlintable';
import { describeFixes, plural, SEVERITY_RANK, type EnabledRule, type FileReport, type FixSummary, type LintReport, type RunFailure } from './report';

/** Below this many files a progress line would only flicker. */
const PROGRESS_MIN_FILES = 20;

/** Text read from standard input (`--stdin`), standing for the file at `path`. */
export interface StdinFile {
  path: string;
  text: string;
  languageId?: string;
}

/** `registryFacts`: what `--online` learnt from registries (see lint-online.ts), given to every file. */
export function runLint(args: LintArgs, io: CliIo, stdinFile?: StdinFile, registryFacts?: SourceFile['registryFacts']): number {
  const cwd = nodePath.resolve(io.cwd);
  const display = (path: string): string => nodePath.relative(cwd, path) || nodePath.basename(path);
  const portable = (path: string): string => (nodePath.relative(cwd, path) || nodePath.basename(path)).split(nodePath.sep).join('/');

  const finder = new ConfigFileFinder({ knownRuleIds: ruleIds });
  const explicitConfig = args.config === undefined ? undefined : finder.load(nodePath.resolve(cwd, args.config));
  const configFor = (folder: string): ConfigFile | null => explicitConfig ?? finder.nearest(folder);

  const composeFiles = args.composeFiles.map((file) => nodePath.resolve(cwd, file));
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
  const maxFileBytesFor = (folder: string): number => resolvedFor(configFor(folder)).maxFileSize * 1024 * 1024;

  const discovered = stdinFile ? stdinDiscovery(stdinFile, display(stdinFile.path), configFor) : discoverFiles([...args.paths, ...args.composeFiles], {
    cwd,
    excludesFor: (folder) => {
      const config = configFor(folder);
      return config?.layer.exclude ? { folder: config.folder, patterns: config.layer.exclude } : null;
    },
    maxFileBytesFor,
  });

  const configProblems = finder.loaded().flatMap((config) => config.problems);
  if (configProblems.length > 0) {
    for (const problem of configProblems) printError(io, formatConfigProblem(problem, display));
    printNote(io, `the configuration is invalid, so nothing was linted; fix ${configProblems.length === 1 ? 'the problem' : 'the problems'} above.`);
    return 2;
  }
  if (discovered.missing.length > 0 || discovered.unmatched.length > 0) {
    for (const missing of discovered.missing) printError(io, isStandardInput(missing) ? notLintableMessage(missing, missing, false) : `no such file or folder: ${missing}`);
    for (const glob of discovered.unmatched) printError(io, `no files match ${glob}`);
    return 2;
  }
  for (const excluded of discovered.excluded) {
    const config = configFor(nodePath.dirname(nodePath.resolve(cwd, excluded)));
    printNote(io, `skipped ${excluded}: excluded by ${config ? display(config.path) : 'the configuration'}`);
  }
  // An excluded file given on standard input is passed through unchanged, so a caller replacing its text with
  // the output of `--fix --stdin` keeps it.
  if (stdinFile && args.fix && discovered.excluded.length > 0) io.stdout.write(stdinFile.text);
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
  // A file named on the command line that cannot be linted is a usage error: exit 2 whatever --fail-on says.
  let usageErrors = 0;
  const usageError = (path: string, message: string): void => {
    failure(path, message);
    usageErrors++;
  };
  const skipped = (path: string, reason: string): void => {
    printNote(io, `skipped ${display(path)}: ${reason}`);
    failures.push({ path, displayPath: display(path), portablePath: portable(path), message: `skipped ${display(path)}: ${reason}`, skipped: true });
  };
  for (const { path, reason } of discovered.skipped) skipped(path, reason);

  const baselines = new BaselineFinder();
  const explicitBaseline = args.baseline === undefined ? undefined : baselines.load(nodePath.resolve(cwd, args.baseline));
  const brokenBaselines = new Set<string>();
  const baselineFor = (folder: string): Baseline | null => (args.useBaseline ? (explicitBaseline ?? baselines.nearest(folder)) : null);
  if (explicitBaseline?.problem && args.useBaseline) {
    printError(io, explicitBaseline.problem);
    return 2;
  }

  // Namespaces anywhere in the project count, also when only some files are linted (`lint deploy.yaml`); files
  // from outside the project are judged by the Namespaces among the linted files alone.
  const root = projectRoot(cwd);
  const linted = discovered.files.map((entry) => entry.path);
  const inProject = linted.every((path) => relativeInside(root, path) !== undefined);
  const namespacePolicies = new NamespaceIndex(() => (inProject ? [root] : [])).policies(linted);
  // Kustomizations are linted through their builds; the files the builds read are not linted alone.
  const kustomize = stdinFile
    ? { reports: [], failures: [], consumed: new Set<string>() }
    : lintKustomizations(args.paths, cwd, (folder) => resolvedFor(configFor(folder)), { display, portable }, (folder) => {
        const scope = configFor(folder)?.layer.exclude ? configFor(folder) : null;
        return scope !== null && scope.layer.exclude !== undefined && createExcludeMatcher(scope.layer.exclude)(nodePath.relative(scope.folder, folder).split(nodePath.sep).join('/'));
      }, args.fix);
  for (const item of kustomize.failures) failure(item.path, item.message);
  const buildTools = new BuildToolIndex();
  // Files of Helm charts are linted through their chart (rendered), not as raw templates.
  const charts = stdinFile ? [] : chartsOf(args.paths.map((path) => nodePath.resolve(cwd, path)), discovered.files.map((entry) => entry.path));
  const plainFiles = discovered.files.filter((entry) => !charts.some((chart) => relativeInside(chart, entry.path) !== undefined));
  const progress = createProgress(io, plainFiles.length + charts.length);
  const files: FileReport[] = [...kustomize.reports];
  for (const [index, chart] of charts.entries()) {
    progress.update(index, display(chart));
    const config = resolvedFor(configFor(chart));
    let result;
    try {
      result = lintChartFiles(readChartFolder(chart), nodePath.basename(chart), config);
    } catch (error) {
      failure(chart, `cannot read the chart ${display(chart)}: ${describeError(error)}`);
      continue;
    }
    for (const ruleFailure of result.ruleFailures) failure(chart, `rule ${ruleFailure.ruleId} failed on ${display(chart)} and was skipped there: ${ruleFailure.error.split('\n')[0] ?? ''}`);
    for (const file of [...result.files.values()].sort((a, b) => (a.path < b.path ? -1 : 1))) {
      const path = nodePath.join(chart, ...file.path.split('/'));
      files.push({
        path,
        displayPath: display(path),
        portablePath: portable(path),
        text: file.text,
        lines: new LineIndex(file.text),
        kind: 'kubernetes',
        findings: args.quiet ? file.findings.filter((finding) => finding.severity === 'error') : file.findings,
        suppressed: file.suppressed,
        fixed: undefined,
      });
    }
  }
  for (const [index, entry] of plainFiles.entries()) {
    if (kustomize.consumed.has(entry.path) && !entry.explicit) continue;
    progress.update(charts.length + index, display(entry.path));
    // Checked before reading: a named pipe such as /dev/stdin would block the read.
    if (!stdinFile && entry.explicit && lintCandidate(entry.path) === null) {
      if (args.skipUnlintable) continue;
      usageError(entry.path, notLintableMessage(display(entry.path), entry.path, false));
      continue;
    }
    const configFile = configFor(nodePath.dirname(entry.path));
    const config = resolvedFor(configFile);
    let bytes: Buffer;
    try {
      bytes = stdinFile ? Buffer.from(stdinFile.text, 'utf8') : readRegularFile(entry.path, config.maxFileSize * 1024 * 1024);
    } catch (error) {
      if (error instanceof FileSkipped) skipped(entry.path, error.reason);
      else failure(entry.path, `cannot read ${display(entry.path)}: ${describeError(error)}`);
      continue;
    }
    const text = stdinFile ? stdinFile.text : bytes.toString('utf8');
    const source: SourceFile = {
      path: entry.path,
      text,
      configIgnores: configIgnoresFor(configFile, entry.path),
      // A file given with -f is a Compose file whatever its name.
      ...(stdinFile?.languageId ? { languageId: stdinFile.languageId } : composeFiles.includes(entry.path) ? { languageId: 'dockercompose' } : {}),
      ...(registryFacts ? { registryFacts } : {}),
    };
    const kind = detectFileKind(source);
    if (kind === null) {
      if (entry.explicit && !args.skipUnlintable) usageError(entry.path, notLintableMessage(display(entry.path), entry.path, true));
      continue;
    }
    if (kind === 'dockerfile') source.buildContext = readBuildContext(entry.path, undefined, undefined, text);
    if (kind === 'kubernetes') {
      source.namespacePolicies = namespacePolicies;
      source.buildToolImages = buildTools.imagesFor(entry.path, cwd);
    }
    // Files given with -f are one project, merged in order; any other Compose file brings its own override.
    if (kind === 'compose') source.compose = readComposeProject(entry.path, composeFiles.includes(entry.path) ? { files: composeFiles } : {});

    let fixed: FixSummary | undefined;
    // Decoding replaced the bytes that are not UTF-8; writing the text back would change them on lines no fix
    // touched, so such files are linted but never fixed.
    const fixable = args.fix && !stdinFile && isUtf8(bytes);
    if (args.fix && !stdinFile && !fixable) printNote(io, `not fixed ${display(entry.path)}: it is not valid UTF-8 text, and writing it back would change bytes no fix touches`);
    if (args.fix && stdinFile) {
      const run = fixSource(source, config, { safety: 'safe' });
      source.text = run.text;
      fixed = { applied: run.applied, createdFiles: [] };
      for (const created of run.createFiles) printNote(io, `not created with --stdin: ${display(nodePath.resolve(nodePath.dirname(entry.path), created.relativePath))}; run --fix on the file to create it`);
    } else if (fixable) {
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
        if (creation.created.length > 0 && kind === 'dockerfile') source.buildContext = readBuildContext(entry.path, undefined, undefined, source.text);
        fixed = { applied: run.applied, createdFiles: creation.created.map(portable) };
      }
    }

    const result = lintSource(source, config);
    for (const ruleFailure of result.ruleFailures) {
      const detail = io.env.SHIPSHAPE_DEBUG ? ruleFailure.error : (ruleFailure.error.split('\n')[0] ?? '');
      failure(entry.path, `rule ${ruleFailure.ruleId} failed on ${display(entry.path)} and was skipped there: ${detail}`);
    }
    const baseline = baselineFor(nodePath.dirname(entry.path));
    if (baseline?.problem && !brokenBaselines.has(baseline.path)) {
      brokenBaselines.add(baseline.path);
      usageError(baseline.path, baseline.problem);
    }
    const { fresh, baselined } = splitByBaseline(baseline, entry.path, source.text, result.findings);
    files.push({
      path: entry.path,
      displayPath: display(entry.path),
      portablePath: portable(entry.path),
      text: source.text,
      lines: new LineIndex(source.text),
      kind,
      findings: args.quiet ? fresh.filter((finding) => finding.severity === 'error') : fresh,
      suppressed: result.suppressed,
      fixed,
      ...(baseline && !baseline.problem ? { baselined } : {}),
    });
  }
  progress.done();
  // A file named on the command line is reported as linted on its own, not twice.
  const explicit = new Set(discovered.files.filter((entry) => entry.explicit && kustomize.consumed.has(entry.path)).map((entry) => entry.path));
  const reported = files.filter((file, index) => !(explicit.has(file.path) && index < kustomize.reports.length));
  files.splice(0, files.length, ...reported);
  files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));

  if (args.writeBaseline) return writeBaselineFile(args, io, cwd, files, failures);

  const report: LintReport = { cwd, files, rules: enabledRules(resolved.size > 0 ? [...resolved.values()] : [resolvedFor(configFor(cwd))], files), failures };
  const output = format(args, io, report);

  for (const item of failures) if (!item.skipped) printError(io, item.message);
  // `--fix --stdin` prints the fixed text, so the report of what remains goes to standard error.
  const fixedStdin = stdinFile && args.fix ? files[0] : undefined;
  if (fixedStdin) io.stdout.write(fixedStdin.text);
  if (args.fix && args.format !== 'stylish') {
    for (const file of files) {
      const line = describeFixes(file);
      if (line !== undefined) printNote(io, line);
    }
  }

  if (!writeReport(stdinFile && args.fix ? { ...io, stdout: io.stderr } : io, output, args.output)) return 2;

  if (usageErrors > 0) return 2;
  return failsOn(args.failOn, files, failures) ? 1 : 0;
}

/** What discovery would find for the file standing for standard input: that file, unless an `exclude` skips it. */
function stdinDiscovery(stdinFile: StdinFile, shown: string, configFor: (folder: string) => ConfigFile | null): DiscoverResult {
  const folder = nodePath.dirname(stdinFile.path);
  const config = configFor(folder);
  const excluded = config?.layer.exclude ? isExcluded(stdinFile.path, { folder: config.folder, patterns: config.layer.exclude }) : false;
  return {
    files: excluded ? [] : [{ path: stdinFile.path, explicit: true }],
    missing: [],
    unmatched: [],
    excluded: excluded ? [shown] : [],
    errors: [],
    skipped: [],
  };
}

/** `shipshape baseline`: every finding of the run into the baseline file. */
function writeBaselineFile(args: LintArgs, io: CliIo, cwd: string, files: readonly FileReport[], failures: readonly RunFailure[]): number {
  const target = nodePath.resolve(cwd, args.output ?? BASELINE_FILE_NAME);
  const entries = files.flatMap((file) => baselineEntries(nodePath.dirname(target), file.path, file.text, file.findings));
  for (const item of failures) printError(io, item.message);
  try {
    writeFileSync(target, formatBaseline(entries));
  } catch (error) {
    printError(io, `cannot write the baseline to ${nodePath.relative(cwd, target) || target}: ${describeError(error)}`);
    return 2;
  }
  const withFindings = files.filter((file) => file.findings.length > 0).length;
  printNote(io, `recorded ${plural(entries.length, 'finding')} in ${plural(withFindings, 'file')} in ${nodePath.relative(cwd, target) || target}; \`shipshape lint\` and the editor now report only new findings.`);
  return failures.length > 0 ? 2 : 0;
}

/** Chart folders among the linted paths: those given directly and those holding discovered files. */
function chartsOf(paths: readonly string[], files: readonly string[]): string[] {
  const roots = new Set<string>();
  for (const path of paths) {
    if (!existsSync(nodePath.join(path, 'Chart.yaml'))) continue;
    roots.add(chartRootOf(nodePath.join(path, 'Chart.yaml')) ?? path);
  }
  for (const file of files) {
    const root = chartRootOf(file);
    if (root !== undefined) roots.add(root);
  }
  return [...roots].sort();
}

/** Configuration layers for one file, lowest precedence first: its config file, then the command line. */
export function configLayers(config: ConfigFile | null, commandLine: ConfigLayer): ConfigLayer[] {
  return config ? [config.layer, commandLine] : [commandLine];
}

/** The layer the command-line flags make (`--preset`, `--rule`, `--pss-*`). */
export function commandLineLayer(args: Pick<LintArgs, 'preset' | 'rules' | 'pssLevel' | 'pssVersion'> & Partial<Pick<LintArgs, 'maxFileSize'>>): ConfigLayer {
  const layer: ConfigLayer = {};
  if (args.preset) layer.preset = args.preset;
  if (args.maxFileSize) layer.maxFileSize = args.maxFileSize;
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

function failsOn(failOn: FailOn, files: readonly FileReport[], failures: readonly RunFailure[]): boolean {
  if (failOn === 'never') return false;
  if (failures.some((failure) => !failure.skipped)) return true;
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
