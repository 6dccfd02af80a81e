// Lints editor documents: resolves configuration for each one (editor settings and the nearest
// `.shipshape.yaml`, whose open, unsaved text wins over the disk), and caches results per (uri, version).
import nodePath from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAMES, parseConfigText, resolveConfig, type ConfigLayer, type ConfigProblem, type ResolvedConfig } from '../engine/config';
import { lint, verifiedFixes } from '../engine/lint';
import type { RuleDefinition } from '../engine/rule';
import type { Finding, Fix, LintResult, SourceFile } from '../engine/types';
import { BaselineFinder, splitByBaseline } from '../host/baseline';
import { readBuildContext } from '../host/build-context';
import { configIgnoresFor } from '../host/config-ignores';
import { BuildToolIndex } from '../host/build-tools';
import { detectFileKind } from '../engine/detect';
import { composeProjectCandidates, readComposeProject } from '../host/compose-project';
import { ConfigFileFinder, type ConfigFile } from '../host/config-files';
import { nodeFileSystem, type HostFileSystem } from '../host/file-system';
import { NamespaceIndex } from '../host/namespaces';
import { ruleIds, rules as registeredRules } from '../rules';
import type { ShipshapeSettings } from '../protocol';
import { ChartLinter } from './chart-linter';
import { settingsLayer } from './settings';

export interface LintOutcome {
  result: LintResult;
  config: ResolvedConfig;
  /** The configuration file that applied, if any. */
  configFile: ConfigFile | null;
  /** Findings (of `result.findings`) that the nearest `.shipshape-baseline.json` holds. */
  baselined: ReadonlySet<Finding>;
}

/** The file-system path of a `file:` URI; undefined for other schemes (untitled, remote virtual files). */
export function fsPathOf(uri: string): string | undefined {
  try {
    const parsed = URI.parse(uri);
    return parsed.scheme === 'file' ? parsed.fsPath : undefined;
  } catch {
    return undefined;
  }
}

/** Only manifests need the workspace's Namespaces; a Dockerfile never triggers the index. */
function mentionsKind(text: string): boolean {
  return /^[ \t]*["']?kind["']?[ \t]*:/m.test(text) || /"kind"\s*:/.test(text);
}

export function isConfigFileUri(uri: string): boolean {
  const path = fsPathOf(uri) ?? uri;
  return CONFIG_FILE_NAMES.includes(nodePath.basename(path));
}

export class DocumentLinter {
  private readonly cache = new Map<string, { version: number; epoch: number; outcome: LintOutcome }>();
  /** For each linted Compose document, the files its project was read from (absolute paths). */
  private readonly composeInputs = new Map<string, Set<string>>();
  private readonly finder: ConfigFileFinder;
  private readonly baselines: BaselineFinder;
  /** Namespace policies of the workspace folders, for every manifest linted here (editor and Lint Workspace). */
  readonly namespaces: NamespaceIndex;
  private readonly fileSystem: HostFileSystem;
  /** Templates and values files of Helm charts are linted through the chart's render. */
  readonly charts: ChartLinter;
  /** Bumped whenever settings or configuration files change: every cached result becomes stale. */
  private epoch = 0;
  /** What registries said about a file's images, for rules that need the network; set by the server. */
  registryFacts?: (uri: string, file: SourceFile, config: ResolvedConfig) => SourceFile['registryFacts'];

  constructor(
    private readonly openText: (fsPath: string) => string | undefined,
    fileSystem: HostFileSystem = nodeFileSystem,
    private readonly rules: readonly RuleDefinition[] = registeredRules,
    workspaceFolders: () => readonly string[] = () => [],
  ) {
    this.fileSystem = { readTextIfExists: (path) => this.openText(path) ?? fileSystem.readTextIfExists(path) };
    this.finder = new ConfigFileFinder({ knownRuleIds: ruleIds, fileSystem: this.fileSystem });
    this.baselines = new BaselineFinder(this.fileSystem);
    this.namespaces = new NamespaceIndex(workspaceFolders, (path) => this.fileSystem.readTextIfExists(path) ?? '');
    this.charts = new ChartLinter(openText);
  }

  /** Rendered YAML that the template line at `offset` produced, for the hover. */
  renderedLine(document: TextDocument, offset: number, settings: ShipshapeSettings): string | undefined {
    const path = fsPathOf(document.uri);
    if (!path || !this.charts.chartOf(path)) return undefined;
    const line = document.positionAt(offset).line;
    const start = document.offsetAt({ line, character: 0 });
    const end = document.offsetAt({ line: line + 1, character: 0 });
    return this.charts.renderedAt(path, this.configFor(document.uri, settings).config, start, end);
  }

  invalidate(): void {
    this.epoch++;
    this.finder.clear();
    this.baselines.clear();
    this.namespaces.invalidate();
  }

  forget(uri: string): void {
    this.cache.delete(uri);
    this.composeInputs.delete(uri);
  }

  lint(document: TextDocument, settings: ShipshapeSettings): LintOutcome {
    const cached = this.cache.get(document.uri);
    if (cached && cached.version === document.version && cached.epoch === this.epoch) return cached.outcome;
    const outcome = this.lintText(document.uri, document.getText(), document.languageId, settings);
    this.cache.set(document.uri, { version: document.version, epoch: this.epoch, outcome });
    return outcome;
  }

  /** Lints text that may not be open (workspace lint, fix-all of a stale copy). */
  lintText(uri: string, text: string, languageId: string | undefined, settings: ShipshapeSettings): LintOutcome {
    const { config, configFile } = this.configFor(uri, settings);
    const path = fsPathOf(uri);
    const chartResult = path ? this.charts.lint(path, config) : undefined;
    if (chartResult) return { result: chartResult, config, configFile, baselined: new Set() };
    const result = lint(this.sourceFile(uri, text, languageId, configFile, config), config, this.rules);
    // A baseline that cannot be read holds nothing: every finding shows (the CLI reports the broken file).
    const baseline = path ? this.baselines.nearest(nodePath.dirname(path)) : null;
    const { baselined } = splitByBaseline(baseline, path ?? uri, text, result.findings);
    return { result, config, configFile, baselined: new Set(baselined) };
  }

  /** The fixes of one of a document's current findings that leave it parsing and without that finding. */
  verifiedFixes(document: TextDocument, settings: ShipshapeSettings, found: Finding): Fix[] {
    const { result, config, configFile } = this.lint(document, settings);
    return verifiedFixes(this.sourceFile(document.uri, document.getText(), document.languageId, configFile, config), config, this.rules, found, result);
  }

  /** The source file the engine lints for `document`, with everything the host gathers for it (build context, Compose project…). */
  sourceFileFor(document: TextDocument, settings: ShipshapeSettings): SourceFile {
    const { config, configFile } = this.configFor(document.uri, settings);
    return this.sourceFile(document.uri, document.getText(), document.languageId, configFile, config);
  }

  /**
   * The file as the engine sees it, with what the host can read around it: the build context of a Dockerfile;
   * for a Compose file its project (override, `.env`, files it extends, Dockerfiles it builds), open editors'
   * unsaved text first. Those paths are remembered so a change to one of them re-lints the Compose file.
   */
  private sourceFile(uri: string, text: string, languageId: string | undefined, configFile: ConfigFile | null, config: ResolvedConfig): SourceFile {
    const path = fsPathOf(uri);
    const file: SourceFile = { path: path ?? uri, text, languageId, configIgnores: path ? configIgnoresFor(configFile, path) : [] };
    if (mentionsKind(text)) file.namespacePolicies = this.namespaces.policies();
    if (path) {
      const context = readBuildContext(path, this.fileSystem, undefined, text);
      if (context) file.buildContext = context;
      // Read afresh each time (a few small files), so an edited skaffold.yaml counts at the next lint.
      if (/\.ya?ml$/i.test(path)) file.buildToolImages = new BuildToolIndex(this.fileSystem).imagesFor(path);
      if (detectFileKind(file) === 'compose') {
        file.compose = readComposeProject(path, { fileSystem: this.fileSystem, openText: text });
        const inputs = [...(file.compose.files ?? []).map((entry) => entry.path), ...Object.keys(file.compose.references ?? {})];
        const first = file.compose.files?.[0]?.path ?? path;
        inputs.push(nodePath.join(nodePath.dirname(first), '.env'), ...composeProjectCandidates(path));
        this.composeInputs.set(uri, new Set(inputs.map((input) => nodePath.resolve(input))));
      }
    }
    const facts = this.registryFacts?.(uri, file, config);
    if (facts) file.registryFacts = facts;
    return file;
  }

  /** Compose documents whose last lint read `path` (and so must be linted again); their cached results are dropped. */
  composeDependents(path: string): string[] {
    const resolved = nodePath.resolve(path);
    const dependents: string[] = [];
    for (const [uri, inputs] of this.composeInputs) {
      if (!inputs.has(resolved) || fsPathOf(uri) === resolved) continue;
      this.cache.delete(uri);
      dependents.push(uri);
    }
    return dependents;
  }

  configFor(uri: string, settings: ShipshapeSettings): { config: ResolvedConfig; configFile: ConfigFile | null } {
    const path = fsPathOf(uri);
    const configFile = path ? this.finder.nearest(nodePath.dirname(path)) : null;
    const editor = settingsLayer(settings);
    // A file with problems still applies what it says validly; the server warns on every linted file that the
    // policy is not fully in force, so a typo never silently drops the whole policy.
    const project: ConfigLayer = configFile ? configFile.layer : {};
    const layers = settings.configurationPreference === 'editorFirst' ? [project, editor] : [editor, project];
    return { config: resolveConfig(this.rules.map((rule) => rule.meta), layers), configFile };
  }

  /** A file's text as the linter sees it: the open editor's, else the disk's; undefined when it does not exist. */
  readText(path: string): string | undefined {
    try {
      return this.fileSystem.readTextIfExists(path);
    } catch {
      return undefined;
    }
  }

  /** Validation problems of a `.shipshape.yaml` document, as offsets into its text. */
  configProblems(text: string): ConfigProblem[] {
    return parseConfigText(text, ruleIds).problems;
  }
}
