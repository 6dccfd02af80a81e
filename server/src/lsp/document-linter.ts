// Lints editor documents: resolves configuration for each one (editor settings and the nearest
// `.shipshape.yaml`, whose open, unsaved text wins over the disk), and caches results per (uri, version).
import nodePath from 'node:path';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { CONFIG_FILE_NAMES, parseConfigText, resolveConfig, type ConfigLayer, type ConfigProblem, type ResolvedConfig } from '../engine/config';
import { lint } from '../engine/lint';
import type { RuleDefinition } from '../engine/rule';
import type { LintResult, SourceFile } from '../engine/types';
import { detectFileKind } from '../engine/detect';
import { readBuildContext } from '../host/build-context';
import { composeProjectCandidates, readComposeProject } from '../host/compose-project';
import { ConfigFileFinder, type ConfigFile } from '../host/config-files';
import { nodeFileSystem, type HostFileSystem } from '../host/file-system';
import { ruleIds, rules as registeredRules } from '../rules';
import type { ShipshapeSettings } from '../protocol';
import { settingsLayer } from './settings';

export interface LintOutcome {
  result: LintResult;
  config: ResolvedConfig;
  /** The configuration file that applied, if any. */
  configFile: ConfigFile | null;
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

export function isConfigFileUri(uri: string): boolean {
  const path = fsPathOf(uri) ?? uri;
  return CONFIG_FILE_NAMES.includes(nodePath.basename(path));
}

export class DocumentLinter {
  private readonly cache = new Map<string, { version: number; epoch: number; outcome: LintOutcome }>();
  /** For each linted Compose document, the files its project was read from (absolute paths). */
  private readonly composeInputs = new Map<string, Set<string>>();
  private readonly finder: ConfigFileFinder;
  private readonly fileSystem: HostFileSystem;
  /** Bumped whenever settings or configuration files change: every cached result becomes stale. */
  private epoch = 0;

  constructor(
    private readonly openText: (fsPath: string) => string | undefined,
    fileSystem: HostFileSystem = nodeFileSystem,
    private readonly rules: readonly RuleDefinition[] = registeredRules,
  ) {
    this.fileSystem = { readTextIfExists: (path) => this.openText(path) ?? fileSystem.readTextIfExists(path) };
    this.finder = new ConfigFileFinder({ knownRuleIds: ruleIds, fileSystem: this.fileSystem });
  }

  invalidate(): void {
    this.epoch++;
    this.finder.clear();
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
    return { result: lint(this.sourceFile(uri, text, languageId), config, this.rules), config, configFile };
  }

  /**
   * The file as the engine sees it, with what the host can read around it: the build context of a Dockerfile;
   * for a Compose file its project (override, `.env`, files it extends, Dockerfiles it builds), open editors'
   * unsaved text first. Those paths are remembered so a change to one of them re-lints the Compose file.
   */
  sourceFile(uri: string, text: string, languageId: string | undefined): SourceFile {
    const path = fsPathOf(uri);
    const file: SourceFile = { path: path ?? uri, text, languageId };
    if (!path) return file;
    const kind = detectFileKind(file);
    if (kind === 'dockerfile') {
      const context = readBuildContext(path, this.fileSystem);
      if (context) file.buildContext = context;
    } else if (kind === 'compose') {
      file.compose = readComposeProject(path, { fileSystem: this.fileSystem, openText: text });
      const inputs = [...(file.compose.files ?? []).map((entry) => entry.path), ...Object.keys(file.compose.references ?? {})];
      const first = file.compose.files?.[0]?.path ?? path;
      inputs.push(nodePath.join(nodePath.dirname(first), '.env'), ...composeProjectCandidates(path));
      this.composeInputs.set(uri, new Set(inputs.map((input) => nodePath.resolve(input))));
    }
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
    const project: ConfigLayer = configFile && configFile.problems.length === 0 ? configFile.layer : {};
    const layers = settings.configurationPreference === 'editorFirst' ? [project, editor] : [editor, project];
    return { config: resolveConfig(this.rules.map((rule) => rule.meta), layers), configFile };
  }

  /** Validation problems of a `.shipshape.yaml` document, as offsets into its text. */
  configProblems(text: string): ConfigProblem[] {
    return parseConfigText(text, ruleIds).problems;
  }
}
