// The language server, built on a connection it is given so tests can drive it in-process over streams.
// Importing this module has no side effects; `main.ts` creates the real connection.
import {
  CodeActionKind,
  DiagnosticSeverity,
  DidChangeConfigurationNotification,
  DocumentDiagnosticReportKind,
  TextDocumentSyncKind,
  TextDocuments,
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
import { nodeFileSystem, type HostFileSystem } from '../host/file-system';
import {
  ClientCommands,
  DIAGNOSTIC_SOURCE,
  FIX_ALL_KIND,
  Notifications,
  Requests,
  ServerCommands,
  SETTINGS_SECTION,
  type DocumentSummary,
  type LintFilesParams,
  type LintFilesResult,
  type RuleSummary,
  type ShipshapeSettings,
} from '../protocol';
import { findRule, ruleIds, rules } from '../rules';
import { fixAllAction, quickFixActions } from './code-actions';
import { completionsAt } from './completion';
import { toDiagnostic, toLspRange } from './diagnostics';
import { DocumentLinter, fsPathOf, isConfigFileUri } from './document-linter';
import { harden } from './harden-action';
import { hoverAt, imageUsesOf } from './hover';
import { ScanFeatures } from './scan-features';
import { normalizeSettings, settingsLayer } from './settings';

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
  const linter = new DocumentLinter((fsPath) => openTextAt(fsPath), deps.fileSystem ?? nodeFileSystem, deps.rules);
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

  function openTextAt(fsPath: string): string | undefined {
    for (const document of documents.all()) if (fsPathOf(document.uri) === fsPath) return document.getText();
    return undefined;
  }

  connection.onInitialize((params: InitializeParams): InitializeResult => {
    const capabilities = params.capabilities;
    canPullConfiguration = capabilities.workspace?.configuration === true;
    canPullDiagnostics = capabilities.textDocument?.diagnostic !== undefined;
    canRefreshDiagnostics = capabilities.workspace?.diagnostics?.refreshSupport === true;
    canShowDocument = capabilities.window?.showDocument?.support === true;
    scans.initialize(params);
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
    const { result } = linter.lint(document, settings);
    for (const failure of result.ruleFailures) {
      logOnce(`failure:${failure.ruleId}:${document.uri}:${document.version}`, () =>
        connection.console.error(`Rule ${failure.ruleId} failed on ${document.uri} (the other rules still ran):\n${failure.error}`),
      );
    }
    const diagnostics = [...result.findings.map((finding) => toDiagnostic(document, finding)), ...scans.diagnosticsFor(document)];
    sendSummary(document, diagnostics);
    return diagnostics;
  }

  function sendSummary(document: TextDocument, diagnostics: Diagnostic[]): void {
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
        void diagnosticsOf(current).then((diagnostics) => {
          if (documents.get(current.uri)?.version !== current.version) return;
          void connection.sendDiagnostics({ uri: current.uri, version: current.version, diagnostics });
        });
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
    if (canPullDiagnostics) {
      if (canRefreshDiagnostics) void connection.languages.diagnostics.refresh();
    } else {
      for (const document of documents.all()) schedulePush(document);
    }
  }

  documents.onDidOpen((event) => schedulePush(event.document));
  documents.onDidChangeContent((event) => {
    if (isConfigFileUri(event.document.uri)) relintAll();
    schedulePush(event.document);
  });
  documents.onDidClose((event) => {
    linter.forget(event.document.uri);
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
    if (change.changes.some((event) => isConfigFileUri(event.uri) || /(^|[\\/])[^\\/]*\.?dockerignore$/.test(URI.parse(event.uri).path))) relintAll();
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
      const findings = new Map(result.findings.map((finding) => [`${finding.ruleId}:${finding.range.start}:${finding.range.end}`, finding]));
      const findingFor = (diagnostic: Diagnostic) =>
        findings.get(`${String(diagnostic.code)}:${document.offsetAt(diagnostic.range.start)}:${document.offsetAt(diagnostic.range.end)}`);
      actions.push(...quickFixActions(document, params.context.diagnostics, findingFor));
      const hardening = harden(document, params.context.diagnostics);
      if (hardening) actions.push(hardening);
      actions.push(...(await scans.codeActions(document, params.context.diagnostics)));
    }
    if (wantsFixAll) {
      const { config } = linter.configFor(document.uri, settings);
      const path = fsPathOf(document.uri) ?? document.uri;
      const fixAll = fixAllAction(document, { path, text: document.getText(), languageId: document.languageId }, config);
      if (fixAll) actions.push(fixAll);
    }
    return actions;
  });

  connection.onCodeActionResolve((action, token) => scans.resolveCodeAction(action, token));

  connection.onHover(async (params) => {
    const document = documents.get(params.textDocument.uri);
    if (!document) return null;
    const diagnostics = isConfigFileUri(document.uri) ? [] : await diagnosticsOf(document);
    return hoverAt(document, document.offsetAt(params.position), diagnostics, today(), scans.canScan);
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
      const { result } = linter.lintText(file.uri, file.text, undefined, settings);
      files.push({ uri: file.uri, diagnostics: result.findings.map((finding) => toDiagnostic(document, finding)) });
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
  documents.listen(connection);
  return { documents };
}
