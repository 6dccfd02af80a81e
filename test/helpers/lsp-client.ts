// A real LSP client talking JSON-RPC to `createServer` over a pair of in-memory streams, answering the
// server's requests (configuration, registrations, refresh, showDocument) the way an editor would.
import { PassThrough } from 'node:stream';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { createConnection } from 'vscode-languageserver/node';
import type { ClientCapabilities, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { createServer, type ServerDeps } from '../../server/src/lsp/server';

export interface TestClientOptions {
  /** Settings returned for `workspace/configuration`, per scope uri (or for every uri). */
  settings?: unknown | ((scopeUri: string | undefined) => unknown);
  capabilities?: ClientCapabilities;
  deps?: ServerDeps;
  initializationOptions?: unknown;
  /** Workspace folder URIs sent in `initialize`. */
  workspaceFolders?: string[];
  /** The workspace folder the client opens (none by default); also sent as the only workspace folder unless `workspaceFolders` is given. */
  rootUri?: string;
}

export const FULL_CAPABILITIES: ClientCapabilities = {
  workspace: { configuration: true, diagnostics: { refreshSupport: true }, didChangeConfiguration: { dynamicRegistration: true } },
  textDocument: { diagnostic: { dynamicRegistration: false }, codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } } } },
  window: { showDocument: { support: true } },
};

export class TestClient {
  readonly connection: MessageConnection;
  readonly published = new Map<string, PublishDiagnosticsParams>();
  readonly logs: Array<{ type: number; message: string }> = [];
  readonly shownDocuments: string[] = [];
  readonly summaries: Array<{ uri: string; errors: number; warnings: number; infos: number }> = [];
  refreshes = 0;
  settings: TestClientOptions['settings'];
  private readonly versions = new Map<string, TextDocument>();
  private readonly waiters: Array<() => void> = [];

  constructor(options: TestClientOptions = {}) {
    this.settings = options.settings ?? {};
    const toServer = new PassThrough();
    const toClient = new PassThrough();
    const serverConnection = createConnection(new StreamMessageReader(toServer), new StreamMessageWriter(toClient));
    createServer(serverConnection, { pushDelayMs: 10, ...options.deps });
    serverConnection.listen();
    this.connection = createMessageConnection(new StreamMessageReader(toClient), new StreamMessageWriter(toServer));
    this.connection.onRequest('workspace/configuration', (params: { items: Array<{ scopeUri?: string; section?: string }> }) =>
      params.items.map((item) => (typeof this.settings === 'function' ? (this.settings as (uri: string | undefined) => unknown)(item.scopeUri) : this.settings)),
    );
    this.connection.onRequest('client/registerCapability', () => null);
    this.connection.onRequest('workspace/diagnostic/refresh', () => {
      this.refreshes++;
      this.notify();
      return null;
    });
    this.connection.onRequest('window/showDocument', (params: { uri: string }) => {
      this.shownDocuments.push(params.uri);
      return { success: true };
    });
    this.connection.onNotification('window/logMessage', (params: { type: number; message: string }) => {
      this.logs.push(params);
      this.notify();
    });
    this.connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
      this.published.set(params.uri, params);
      this.notify();
    });
    this.connection.onNotification('shipshape/summaryChanged', (params: TestClient['summaries'][number]) => {
      this.summaries.push(params);
      this.notify();
    });
    this.connection.listen();
    this.initializing = this.connection
      .sendRequest('initialize', {
        processId: null,
        rootUri: options.rootUri ?? null,
        workspaceFolders:
          options.workspaceFolders?.map((uri) => ({ uri, name: uri.split('/').pop() ?? uri })) ??
          (options.rootUri ? [{ uri: options.rootUri, name: 'workspace' }] : null),
        capabilities: options.capabilities ?? FULL_CAPABILITIES,
        initializationOptions: options.initializationOptions,
      })
      .then((result) => {
        void this.connection.sendNotification('initialized', {});
        return result as { capabilities: Record<string, unknown> };
      });
  }

  readonly initializing: Promise<{ capabilities: Record<string, unknown> }>;

  private notify(): void {
    for (const waiter of this.waiters.splice(0)) waiter();
  }

  /** Resolves when `condition` holds, re-checking after every message from the server. */
  async waitFor<T>(condition: () => T | undefined | false, timeoutMs = 5000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = condition();
      if (value) return value;
      if (Date.now() > deadline) throw new Error('timed out waiting for the server');
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  async open(uri: string, text: string, languageId: string): Promise<TextDocument> {
    await this.initializing;
    const document = TextDocument.create(uri, languageId, 1, text);
    this.versions.set(uri, document);
    await this.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
    return document;
  }

  /** Replaces the whole text (as a ranged, incremental change) and returns the new document. */
  async change(uri: string, text: string): Promise<TextDocument> {
    const current = this.versions.get(uri);
    if (!current) throw new Error(`${uri} is not open`);
    const range = { start: { line: 0, character: 0 }, end: current.positionAt(current.getText().length) };
    return this.sendChange(current, range, text);
  }

  /** A small incremental edit: insert `text` at `offset`. */
  async insert(uri: string, offset: number, text: string): Promise<TextDocument> {
    const current = this.versions.get(uri);
    if (!current) throw new Error(`${uri} is not open`);
    const position = current.positionAt(offset);
    return this.sendChange(current, { start: position, end: position }, text);
  }

  /** Documents are snapshots: a change makes a new one, so tests can keep the old text and version. */
  private async sendChange(current: TextDocument, range: { start: { line: number; character: number }; end: { line: number; character: number } }, text: string): Promise<TextDocument> {
    const next = TextDocument.create(current.uri, current.languageId, current.version + 1, TextDocument.applyEdits(current, [{ range, newText: text }]));
    this.versions.set(current.uri, next);
    await this.connection.sendNotification('textDocument/didChange', { textDocument: { uri: current.uri, version: next.version }, contentChanges: [{ range, text }] });
    return next;
  }

  document(uri: string): TextDocument {
    const document = this.versions.get(uri);
    if (!document) throw new Error(`${uri} is not open`);
    return document;
  }

  async close(uri: string): Promise<void> {
    this.versions.delete(uri);
    await this.connection.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  async pull(uri: string): Promise<Diagnostic[]> {
    const report = (await this.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } })) as { kind: string; items: Diagnostic[] };
    return report.items;
  }

  async changeSettings(settings: TestClientOptions['settings']): Promise<void> {
    this.settings = settings;
    await this.connection.sendNotification('workspace/didChangeConfiguration', { settings: { shipshape: typeof settings === 'function' ? {} : settings } });
  }

  request<T>(method: string, params: unknown): Promise<T> {
    return this.connection.sendRequest(method, params) as Promise<T>;
  }

  dispose(): void {
    this.connection.dispose();
  }
}

/** Applies a workspace edit's TextDocumentEdits to a document, checking the version like an editor does. */
export function applyWorkspaceEdit(document: TextDocument, edit: { documentChanges?: Array<{ textDocument: { uri: string; version: number | null }; edits: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }> }> }): string {
  let text = document.getText();
  for (const change of edit.documentChanges ?? []) {
    if (change.textDocument.uri !== document.uri) continue;
    if (change.textDocument.version !== null && change.textDocument.version !== document.version) {
      throw new Error(`stale edit: for version ${change.textDocument.version}, document is at ${document.version}`);
    }
    text = TextDocument.applyEdits(TextDocument.create(document.uri, document.languageId, document.version, text), change.edits);
  }
  return text;
}
