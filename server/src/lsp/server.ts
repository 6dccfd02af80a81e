// The language server, built on a connection it is given so tests can drive it in-process over streams.
// Importing this module has no side effects; `main.ts` creates the real connection.
import nodePath from 'node:path';
import {
  CodeActionKind,
  CreateFile,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  MessageType,
  ShowMessageNotification,
  TextDocumentEdit,
  TextDocumentSyncKind,
  TextDocuments,
  TextEdit,
  type CodeAction,
  type CodeActionParams,
  type CodeLens,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type InitializeResult,
} from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { URI } from 'vscode-uri';
import { version } from '../../../package.json';
import { resolveConfig } from '../engine/config';
import { ruleDocsUrl } from '../engine/docs-url';
import type { RuleDefinition } from '../engine/rule';
import type { Finding } from '../engine/types';
import { BASELINE_FILE_NAME } from '../host/baseline';
import { nodeFileSystem, type HostFileSystem } from '../host/file-system';
import { nodeKustomizeFileSystem } from '../host/kustomize-files';
import { mentionsNamespace } from '../host/namespaces';
import {
  ClientCommands,
  DIAGNOSTIC_SOURCE,
  FIX_ALL_KIND,
  Notifications,
  Requests,
  ServerCommands,
  SETTINGS_SECTION,
  type DiagnosticData,
  type DocumentSummary,
  type LintFilesParams,
  type LintFilesResult,
  type RuleSummary,
  type ShipshapeSettings,
} from '../protocol';
import { findRule, ruleIds, rules } from '../rules';
import { fixAllAction, quickFixActions } from './code-actions';
import { completionsAt } from './completion';
import { configQuickFixes, configTarget } from './config-actions';
import { toDiagnostics, toLspRange, toTextEdit } from './diagnostics';
import { DocumentLinter, fsPathOf, isConfigFileUri } from './document-linter';
import { RegistryFreshness } from './registry-freshness';
import { harden } from './harden-action';
import { hoverAt, imageUsesOf, withRenderedYaml } from './hover';
import { isKustomizationPath, KustomizeWorkspace } from './kustomize-workspace';
import { ScanFeatures } from './scan-features';
import { policyNotInForce } from './policy-warning';
import { normalizeSettings, settingsLayer } from './settings';
import { validatedSyncConnection } from './validated-sync';

export interface ServerDeps {
  /** Where configuration files and `.dockerignore` files are read from (the disk by default). */
  fileSystem?: HostFileSystem;
  /** Today's date (ISO), for end-of-life hovers. */
  today?: () => string;
  /** Delay before pushing diagnostics to clients that cannot pull them. */
  pushDelayMs?: number;
  /** The rules to run (the full registry by default). */
  rules?: readonly RuleDefinition[];
}

export function createServer(connection: Connection, deps: ServerDeps = {}): { documents: TextDocuments<TextDocument> } {
  const documents = new TextDocuments(TextDocument);
  /** File-system paths of the workspace folders: where Namespaces are indexed and a new `.shipshape.yaml` goes. */
  let workspaceFolders: string[] = [];
  const linter = new DocumentLinter((fsPath) => openTextAt(fsPath), deps.fileSystem ?? nodeFileSystem, deps.rules, () => workspaceFolders);
  const kustomize = new KustomizeWorkspace((fsPath) => openTextAt(fsPath), deps.rules ?? rules);
  let kustomizeTimer: ReturnType<typeof setTimeout> | undefined;
  const today = deps.today ?? (() => new Date().toISOString().slice(0, 10));
  const settingsCache = new Map<string, Promise<ShipshapeSettings>>();
  const loggedWarnings = new Set<string>();
  const pushTimers = new Map<string, ReturnType<typeof setTimeout>>();
  let globalSettings: unknown = undefined;
  let canPullConfiguration = false;
  let canPullDiagnostics = false;
  let canRefreshDiagnostics = false;
  let canShowDocument = false;
  const scans = new ScanFeatures({
    connection,
    documents,
    settingsFor: (uri) => settingsFor(uri),
    scanConfigFor: (uri, settings) =>
      uri === '' ? resolveConfig((deps.rules ?? rules).map((rule) => rule.meta), [settingsLayer(settings)]).scan : linter.configFor(uri, settings).config.scan,
    signaturePolicyFor: (uri, settings) => (uri === '' ? undefined : linter.configFor(uri, settings).config.signatures),
    refreshDiagnostics: (uris) => refreshDiagnostics(uris),
    today,
  });
  const freshness = new RegistryFreshness({
    access: (uri) => scans.registryAccess(uri),
    onChanged: (uri) => {
      linter.forget(uri);
      refreshDiagnostics([uri]);
    },
  });
  linter.registryFacts = (uri, file, config) => ((config.severities.get('image-outdated') ?? 'off') === 'off' ? undefined : freshness.factsFor(uri, file));

  function openTextAt(fsPath: string): string | undefined {
    for (const document of documents.all()) if (fsPathOf(document.uri) === fsPath) return document.getText();
    return undefined;
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const capabilities = params.capabilities;
    workspaceFolders = (params.workspaceFolders ?? []).map((folder) => fsPathOf(folder.uri)).filter((path): path is string => path !== undefined);
    canPullConfiguration = capabilities.workspace?.configuration === true;
    canPullDiagnostics = capabilities.textDocument?.diagnostic !== undefined;
    canRefreshDiagnostics = capabilities.workspace?.diagnostics?.refreshSupport === true;
    canShowDocument = capabilities.window?.showDocument?.support === true;
    scans.initialize(params);
    const roots = (params.workspaceFolders ?? []).map((folder) => fsPathOf(folder.uri)).filter((path): path is string => path !== undefined);
    const rootPath = params.rootUri ? fsPathOf(params.rootUri) : undefined;
    kustomize.setRoots(roots.length > 0 ? roots : rootPath ? [rootPath] : []);
    return {
      capabilities: {
        textDocumentSync: TextDocumentSyncKind.Incremental,
        diagnosticProvider: canPullDiagnostics ? { identifier: DIAGNOSTIC_SOURCE, interFileDependencies: false, workspaceDiagnostics: false } : undefined,
        codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND, CodeActionKind.SourceFixAll], resolveProvider: true },
        hoverProvider: true,
        completionProvider: { triggerCharacters: [' ', ',', '"'] },
        codeLensProvider: { resolveProvider: false },
        executeCommandProvider: { commands: [ServerCommands.showRuleDocumentation] },
      },
      serverInfo: { name: 'shipshape', version },
    };
  });

  connection.onInitialized(() => {
    if (canPullConfiguration) void connection.client.register(DidChangeConfigurationNotification.type, { section: SETTINGS_SECTION });
  });

  async function settingsFor(uri: string): Promise<ShipshapeSettings> {
    let pending = settingsCache.get(uri);
    if (!pending) {
      pending = (canPullConfiguration
        ? connection.workspace.getConfiguration({ scopeUri: uri === '' ? undefined : uri, section: SETTINGS_SECTION }).then(
            (raw: unknown) => raw,
            () => globalSettings,
          )
        : Promise.resolve(globalSettings)
      ).then((raw) => {
        const { settings, warnings } = normalizeSettings(raw, ruleIds);
        for (const warning of warnings) logOnce(`warning: ${warning}`, () => connection.console.warn(warning));
        return settings;
      });
      settingsCache.set(uri, pending);
    }
    return pending;
  }

  function logOnce(key: string, log: () => void): void {
    if (loggedWarnings.has(key)) return;
    loggedWarnings.add(key);
    log();
  }

  /** Diagnostics of one open document at its current version. */
  async function diagnosticsOf(document: TextDocument): Promise<Diagnostic[]> {
    const settings = await settingsFor(document.uri);
    if (!settings.enable) return [];
    if (isConfigFileUri(document.uri)) {
      return linter.configProblems(document.getText()).map((problem) => ({
        range: toLspRange(document, problem.range),
        severity: DiagnosticSeverity.Error,
        source: DIAGNOSTIC_SOURCE,
        message: `Invalid Shipshape configuration: ${problem.message}`,
      }));
    }
    const { result, configFile, baselined } = linter.lint(document, settings);
    const built = kustomizeFindings(document.uri, settings);
    const policyWarning = configFile ? policyNotInForce(configFile) : undefined;
    if (policyWarning && configFile) {
      const message = String(policyWarning.message);
      logOnce(`policy:${configFile.path}:${message}`, () => {
        void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Warning, message });
      });
    }
    for (const failure of result.ruleFailures) {
      logOnce(`failure:${failure.ruleId}:${document.uri}:${document.version}`, () =>
        connection.console.error(`Rule ${failure.ruleId} failed on ${document.uri} (the other rules still ran):\n${failure.error}`),
      );
    }
    const readRelated = (path: string): string | undefined => openTextAt(path) ?? nodeKustomizeFileSystem.readFile(path);
    const diagnostics = [
      ...toDiagnostics(document, built?.findings ?? result.findings, baselined, settings.baselinedFindings, readRelated),
      ...scans.diagnosticsFor(document),
    ];
    if (policyWarning) diagnostics.unshift(policyWarning);
    sendSummary(document, diagnostics);
    return diagnostics;
  }

  /** Findings of a file that kustomize builds read (undefined when none does: it is linted on its own). */
  function kustomizeFindings(uri: string, settings: ShipshapeSettings): ReturnType<KustomizeWorkspace['findingsFor']> {
    const path = fsPathOf(uri);
    if (!path) return undefined;
    try {
      return kustomize.findingsFor(path, (dir) => linter.configFor(URI.file(dir).toString(), settings).config, settings);
    } catch (error) {
      logOnce(`kustomize:${String(error)}`, () => connection.console.error(`Kustomize builds failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`));
      return undefined;
    }
  }

  /** A base, patch or kustomization changed: the other open files of the builds are re-linted, debounced. */
  function relintKustomizeBuilds(changedUri: string | undefined): void {
    const changedPath = changedUri ? fsPathOf(changedUri) : undefined;
    if (changedUri && (!changedPath || !kustomize.affects(changedPath))) return;
    kustomize.invalidate();
    clearTimeout(kustomizeTimer);
    kustomizeTimer = setTimeout(() => {
      kustomizeTimer = undefined;
      void (async () => {
        const changed = changedUri ? fsPathOf(changedUri) : undefined;
        const settings = await settingsFor(changedUri ?? '');
        const files = kustomize.buildFiles((dir) => linter.configFor(URI.file(dir).toString(), settings).config, settings);
        if (changed !== undefined && !files.has(changed) && !isKustomizationPath(changed)) return;
        const others = documents.all().filter((document) => document.uri !== changedUri && files.has(fsPathOf(document.uri) ?? ''));
        if (others.length === 0) return;
        if (canPullDiagnostics) {
          if (canRefreshDiagnostics) void connection.languages.diagnostics.refresh();
        } else for (const document of others) schedulePush(document);
      })();
    }, deps.pushDelayMs ?? 300);
  }

  /** "Add a patch to <overlay>/kustomization.yaml": a new patch file and its entry in the overlay. */
  function overlayPatchActions(document: TextDocument, diagnostics: Diagnostic[], findingFor: (diagnostic: Diagnostic) => Finding | undefined, settings: ShipshapeSettings): CodeAction[] {
    const path = fsPathOf(document.uri);
    if (!path) return [];
    const actions: CodeAction[] = [];
    for (const diagnostic of diagnostics) {
      const finding = findingFor(diagnostic);
      if (!finding) continue;
      for (const { title, patch, kustomizationPath } of kustomize.overlayPatches(path, finding, (dir) => linter.configFor(URI.file(dir).toString(), settings).config, settings)) {
        const patchUri = URI.file(nodePath.resolve(patch.file.path)).toString();
        const kustomizationUri = URI.file(kustomizationPath).toString();
        const open = documents.get(kustomizationUri);
        const kustomizationDocument = open ?? TextDocument.create(kustomizationUri, 'yaml', 0, nodeKustomizeFileSystem.readFile(kustomizationPath) ?? '');
        actions.push({
          title,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          edit: {
            documentChanges: [
              CreateFile.create(patchUri, { overwrite: false, ignoreIfExists: false }),
              TextDocumentEdit.create({ uri: patchUri, version: null }, [TextEdit.insert({ line: 0, character: 0 }, patch.file.text)]),
              TextDocumentEdit.create({ uri: kustomizationUri, version: open ? open.version : null }, patch.kustomizationEdits.map((edit) => toTextEdit(kustomizationDocument, edit))),
            ],
          },
        });
      }
    }
    return actions;
  }

  function sendSummary(document: TextDocument, all: Diagnostic[]): void {
    const diagnostics = all.filter((diagnostic) => (diagnostic.data as Partial<DiagnosticData> | undefined)?.baselined !== true);
    const summary: DocumentSummary = {
      uri: document.uri,
      errors: diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).length,
      warnings: diagnostics.filter((d) => d.severity === DiagnosticSeverity.Warning).length,
      infos: diagnostics.filter((d) => d.severity === DiagnosticSeverity.Information || d.severity === DiagnosticSeverity.Hint).length,
    };
    void connection.sendNotification(Notifications.summaryChanged, summary);
  }

  connection.languages.diagnostics.on(async (params, token) => {
    const document = documents.get(params.textDocument.uri);
    if (!document || token.isCancellationRequested) return { kind: DocumentDiagnosticReportKind.Full, items: [] };
    const items = await diagnosticsOf(document);
    return { kind: DocumentDiagnosticReportKind.Full, items };
  });

  /** For clients that cannot pull: push after a short pause, skipping versions that were superseded. */
  function schedulePush(document: TextDocument): void {
    if (canPullDiagnostics) return;
    clearTimeout(pushTimers.get(document.uri));
    pushTimers.set(
      document.uri,
      setTimeout(() => {
        pushTimers.delete(document.uri);
        const current = documents.get(document.uri);
        if (!current) return;
        diagnosticsOf(current).then(
          (diagnostics) => {
            if (documents.get(current.uri)?.version !== current.version) return;
            void connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics });
          },
          (error: unknown) => connection.console.error(`Could not lint ${current.uri}: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}`),
        );
      }, deps.pushDelayMs ?? 150),
    );
  }

  /** New scan summaries: the client shows the documents' diagnostics again (lint results stay cached). */
  function refreshDiagnostics(uris: string[]): void {
    if (uris.length === 0) return;
    if (canPullDiagnostics) {
      if (canRefreshDiagnostics) void connection.languages.diagnostics.refresh();
      return;
    }
    for (const uri of uris) {
      const document = documents.get(uri);
      if (document) schedulePush(document);
    }
  }

  /** Settings or configuration files changed: everything is re-linted. */
  function relintAll(): void {
    linter.invalidate();
    kustomize.invalidate();
    if (canPullDiagnostics) {
      if (canRefreshDiagnostics) void connection.languages.diagnostics.refresh();
    } else {
      for (const document of documents.all()) schedulePush(document);
    }
  }

  documents.onDidOpen((event) => schedulePush(event.document));
  /** A file changed in an editor or on disk: the open Compose files that read it (a Dockerfile they build) are linted again. */
  function relintComposeDependents(uri: string): void {
    const path = fsPathOf(uri);
    if (path) refreshDiagnostics(linter.composeDependents(path));
  }

  documents.onDidChangeContent((event) => {
    // An edited Namespace changes how the workspace's workloads are judged; a chart's files affect each other's
    // findings (values.yaml → templates), so all are re-linted.
    const changedPath = fsPathOf(event.document.uri);
    if (isConfigFileUri(event.document.uri) || mentionsNamespace(event.document.getText()) || (changedPath !== undefined && linter.charts.chartOf(changedPath))) relintAll();
    relintKustomizeBuilds(event.document.uri);
    schedulePush(event.document);
    relintComposeDependents(event.document.uri);
  });
  documents.onDidClose((event) => {
    linter.forget(event.document.uri);
    relintComposeDependents(event.document.uri);
    scans.forget(event.document.uri);
    settingsCache.delete(event.document.uri);
    clearTimeout(pushTimers.get(event.document.uri));
    if (!canPullDiagnostics) void connection.sendDiagnostics({ uri: event.document.uri, diagnostics: [] });
  });

  connection.onDidChangeConfiguration((change) => {
    const section = (change.settings as Record<string, unknown> | undefined)?.[SETTINGS_SECTION];
    if (section !== undefined) globalSettings = section;
    settingsCache.clear();
    relintAll();
  });

  connection.onDidChangeWatchedFiles((change) => {
    if (change.changes.some((event) => isKustomizationPath(URI.parse(event.uri).path))) kustomize.invalidateIndex();
    if (change.changes.some((event) => isConfigFileUri(event.uri) || URI.parse(event.uri).path.endsWith(`/${BASELINE_FILE_NAME}`) || /\.ya?ml$/i.test(URI.parse(event.uri).path) || /(^|[\\/])[^\\/]*\.?dockerignore$/.test(URI.parse(event.uri).path))) {
      kustomize.invalidate();
      relintAll();
    } else if (change.changes.length > 0) relintKustomizeBuilds(undefined);
    for (const event of change.changes) relintComposeDependents(event.uri);
  });

  connection.onCodeAction(async (params: CodeActionParams): Promise<CodeAction[]> => {
    const document = documents.get(params.textDocument.uri);
    if (!document || isConfigFileUri(document.uri)) return [];
    const only = params.context.only;
    const wantsFixAll = only?.some((kind) => kind === FIX_ALL_KIND || kind === CodeActionKind.SourceFixAll || kind === CodeActionKind.Source);
    const wantsQuickFixes = !only || only.some((kind) => kind === CodeActionKind.QuickFix || kind === 'quickfix');
    const actions: CodeAction[] = [];
    const settings = await settingsFor(document.uri);
    if (!settings.enable) return [];
    if (wantsQuickFixes) {
      const { result } = linter.lint(document, settings);
      const built = kustomizeFindings(document.uri, settings);
      const findings = new Map((built?.findings ?? result.findings).map((finding) => [`${finding.ruleId}:${finding.range.start}:${finding.range.end}`, finding]));
      const findingFor = (diagnostic: Diagnostic) => {
        const found = findings.get(`${String(diagnostic.code)}:${document.offsetAt(diagnostic.range.start)}:${document.offsetAt(diagnostic.range.end)}`);
        // Only fixes whose result was re-linted and found sound are offered (a build's own findings carry fixes
        // the build already checked).
        return found && !built ? { ...found, fixes: linter.verifiedFixes(document, settings, found) } : found;
      };
      actions.push(...quickFixActions(document, params.context.diagnostics, findingFor));
      if (built) actions.push(...overlayPatchActions(document, params.context.diagnostics, findingFor, settings));
      const path = fsPathOf(document.uri);
      if (path) {
        const nearest = linter.configFor(document.uri, settings).configFile?.path;
        const target = configTarget(path, nearest, workspaceFolders, (configPath) => {
          const open = documents.all().find((candidate) => fsPathOf(candidate.uri) === configPath);
          return open ? { text: open.getText(), version: open.version } : { text: linter.readText(configPath), version: null };
        });
        actions.push(...configQuickFixes(document, params.context.diagnostics, path, target));
      }
      const hardening = harden(document, params.context.diagnostics, linter.sourceFileFor(document, settings));
      if (hardening) actions.push(hardening);
      actions.push(...(await scans.codeActions(document, params.context.diagnostics)));
    }
    if (wantsFixAll) {
      const { config } = linter.configFor(document.uri, settings);
      const fixAll = fixAllAction(document, linter.sourceFileFor(document, settings), config);
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  });

  connection.onCodeActionResolve((action, token) => scans.resolveCodeAction(action, token));

  connection.onHover(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const diagnostics = isConfigFileUri(document.uri) ? [] : await diagnosticsOf(document);
    const hover = hoverAt(document, document.offsetAt(params.position), diagnostics, today(), scans.canScan);
    const path = fsPathOf(document.uri);
    const settings = await settingsFor(document.uri);
    if (!path || !isKustomizationPath(path)) return withRenderedYaml(hover, linter.renderedLine(document, document.offsetAt(params.position), settings));
    const entry = kustomize.entryAt(path, document.getText(), document.offsetAt(params.position), (dir) => linter.configFor(URI.file(dir).toString(), settings).config, settings);
    if (!entry) return hover;
    const section = describeBuildFindings(entry.target, entry.findings);
    return { contents: { kind: 'markdown', value: hover && typeof hover.contents === 'object' && 'value' in hover.contents ? `${section}\n\n---\n\n${hover.contents.value}` : section }, range: toLspRange(document, entry.range) };
  });

  connection.onCompletion((params) => {
    const document = documents.get(params.textDocument.uri);
    return document ? completionsAt(document, document.offsetAt(params.position)) : [];
  });

  connection.onCodeLens(async (params): Promise<CodeLens[]> => {
    const document = documents.get(params.textDocument.uri);
    if (!document || !scans.canScan) return [];
    const settings = await settingsFor(document.uri);
    if (!settings.enable || !settings.codeLens.enable) return [];
    return imageUsesOf(document)
      .filter((use) => use.reference !== undefined)
      .map((use) => ({
        range: toLspRange(document, use.range),
        command: { title: 'Scan image', command: ClientCommands.scanImage, arguments: [use.resolved] },
      }));
  });

  connection.onExecuteCommand(async (params) => {
    if (params.command !== ServerCommands.showRuleDocumentation) return;
    const ruleId = params.arguments?.[0];
    if (typeof ruleId !== 'string' || !findRule(ruleId)) return;
    const uri = ruleDocsUrl(ruleId);
    if (canShowDocument) await connection.window.showDocument({ uri, external: true });
    else connection.window.showInformationMessage(`Documentation for ${ruleId}: ${uri}`);
  });

  connection.onRequest(Requests.lintFiles, async (params: LintFilesParams): Promise<LintFilesResult> => {
    const files: LintFilesResult['files'] = [];
    for (const file of params.files) {
      const settings = await settingsFor(file.uri);
      if (!settings.enable) continue;
      const document = TextDocument.create(file.uri, '', 0, file.text);
      const { result, baselined, configFile } = linter.lintText(file.uri, file.text, undefined, settings);
      const policyWarning = configFile ? policyNotInForce(configFile) : undefined;
      const diagnostics = toDiagnostics(document, result.findings, baselined, settings.baselinedFindings);
      files.push({ uri: file.uri, diagnostics: policyWarning ? [policyWarning, ...diagnostics] : diagnostics });
    }
    return { files };
  });

  connection.onRequest(Requests.documentSummary, async (params: { uri: string }): Promise<DocumentSummary | null> => {
    const document = documents.get(params.uri);
    if (!document) return null;
    const diagnostics = await diagnosticsOf(document);
    return {
      uri: document.uri,
      errors: diagnostics.filter((d) => d.severity === DiagnosticSeverity.Error).length,
      warnings: diagnostics.filter((d) => d.severity === DiagnosticSeverity.Warning).length,
      infos: diagnostics.filter((d) => d.severity === DiagnosticSeverity.Information).length,
    };
  });

  connection.onRequest(Requests.listRules, (): RuleSummary[] =>
    rules.map((rule) => ({
      id: rule.meta.id,
      title: rule.meta.title,
      docsUrl: ruleDocsUrl(rule.meta.id),
      appliesTo: rule.meta.appliesTo,
      defaultSeverity: rule.meta.defaultSeverity,
    })),
  );

  scans.listen();
  documents.listen(validatedSyncConnection(connection, (message) => connection.console.warn(message)));
  return { documents };
}

/** Hover text for a kustomization entry: how many findings the build has in what it names. */
function describeBuildFindings(target: string, findings: readonly { severity: string }[]): string {
  if (findings.length === 0) return `**Kustomize** \`${target}\`: no findings in the build.`;
  const count = (severity: string): number => findings.filter((finding) => finding.severity === severity).length;
  const parts = [['error', count('error')], ['warning', count('warning')], ['info', count('info')]]
    .filter(([, n]) => (n as number) > 0)
    .map(([name, n]) => `${n} ${name}${n === 1 || name === 'info' ? '' : 's'}`);
  return `**Kustomize** \`${target}\`: ${findings.length} finding${findings.length === 1 ? '' : 's'} in the build (${parts.join(', ')}).`;
}
