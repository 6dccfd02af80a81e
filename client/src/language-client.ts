// Starts the language server (dist/server.js over IPC) and owns the connection to it. Commands and the status
// bar talk to the server only through this class, so a restart swaps the client underneath without them noticing.
import * as path from 'node:path';
import { EventEmitter, workspace, type Diagnostic, type Disposable, type ExtensionContext, type FileSystemWatcher, type LogOutputChannel } from 'vscode';
import {
  LanguageClient,
  RevealOutputChannelOn,
  State,
  TransportKind,
  WorkDoneProgress,
  type CancellationToken,
  type Diagnostic as LspDiagnostic,
  type DocumentSelector,
  type LanguageClientOptions,
  type ServerOptions,
  type WorkDoneProgressBegin,
  type WorkDoneProgressEnd,
  type WorkDoneProgressReport,
} from 'vscode-languageclient/node';
import { BASELINE_FILE_GLOB, ClientCommands, CONFIG_FILE_GLOB, MANIFEST_FILE_GLOB, Notifications, SETTINGS_SECTION, type DocumentSummary, type ShipshapeInitializationOptions } from '../../server/src/protocol';
import { COMPOSE_PROJECT_GLOB, DOCKERFILE_GLOB, DOCKERIGNORE_GLOB } from './util/files';
import { skipPull } from './util/pull-filter';
import { proxyEnvironment } from './util/proxy-environment';

export type WorkDoneProgressValue = WorkDoneProgressBegin | WorkDoneProgressReport | WorkDoneProgressEnd;

const DOCUMENT_SELECTOR: DocumentSelector = [
  { language: 'dockerfile' },
  { language: 'yaml' },
  // Docker's extension gives Compose files a language of their own.
  { language: 'dockercompose' },
  // Dockerfiles under names VS Code may give another language to, such as `Dockerfile.prod` when another extension claims `.prod`.
  { scheme: 'file', pattern: DOCKERFILE_GLOB },
];

export class ServerConnection implements Disposable {
  private client: LanguageClient;
  private readonly summaries = new EventEmitter<DocumentSummary>();
  /** The server drops cached configuration when these change. */
  private readonly watchers: FileSystemWatcher[];
  /** Fires with a document's counts each time the server has linted it. */
  readonly onSummary = this.summaries.event;

  constructor(
    private readonly context: ExtensionContext,
    readonly output: LogOutputChannel,
  ) {
    // Dockerfiles, `.env` files and Compose files change what an open Compose file's project says; YAML files can
    // hold Namespaces, kustomizations and chart values other files depend on.
    this.watchers = [CONFIG_FILE_GLOB, DOCKERIGNORE_GLOB, BASELINE_FILE_GLOB, MANIFEST_FILE_GLOB, DOCKERFILE_GLOB, '**/.env', COMPOSE_PROJECT_GLOB].map((glob) => workspace.createFileSystemWatcher(glob));
    this.client = this.createClient();
  }

  async start(): Promise<void> {
    try {
      await this.client.start();
    } catch (error) {
      this.output.error(`The Shipshape language server did not start: ${describe(error)}`);
      throw error;
    }
  }

  /** Restarts the server; a client whose start failed cannot be restarted, so it is replaced. */
  async restart(): Promise<void> {
    if (this.client.state === State.Running) {
      await this.client.restart();
      return;
    }
    const old = this.client;
    this.client = this.createClient();
    await old.dispose().catch((error: unknown) => this.output.warn(`Stopping the old language client failed: ${describe(error)}`));
    await this.start();
  }

  sendRequest<R>(method: string, params: unknown, token?: CancellationToken): Promise<R> {
    return this.client.sendRequest<R>(method, params, token);
  }

  sendNotification(method: string, params: unknown): Promise<void> {
    return this.client.sendNotification(method, params);
  }

  /** Work-done progress the server reports for a token the client put into a request. */
  onWorkDoneProgress(token: string, handler: (value: WorkDoneProgressValue) => void): Disposable {
    return this.client.onProgress(WorkDoneProgress.type, token, handler);
  }

  /** Server diagnostics (as the protocol carries them) in VS Code's form. */
  asDiagnostics(diagnostics: unknown[]): Promise<Diagnostic[]> {
    return this.client.protocol2CodeConverter.asDiagnostics(diagnostics as LspDiagnostic[]);
  }

  async dispose(): Promise<void> {
    for (const watcher of this.watchers) watcher.dispose();
    this.summaries.dispose();
    if (this.client.needsStop()) await this.client.stop();
  }

  private createClient(): LanguageClient {
    const module = this.context.asAbsolutePath(path.join('dist', 'server.js'));
    const http = workspace.getConfiguration('http');
    const env = { ...process.env, ...proxyEnvironment(http.get('proxy'), http.get('noProxy'), process.env) };
    const serverOptions: ServerOptions = {
      run: { module, transport: TransportKind.ipc, options: { env } },
      debug: { module, transport: TransportKind.ipc, options: { env, execArgv: ['--nolazy', '--inspect=6009'] } },
    };
    const clientOptions: LanguageClientOptions = {
      documentSelector: DOCUMENT_SELECTOR,
      synchronize: { fileEvents: this.watchers },
      diagnosticPullOptions: {
        onChange: true,
        onSave: true,
        filter: (document, mode) => skipPull(workspace.getConfiguration(SETTINGS_SECTION, document).get('run'), mode),
      },
      // A function, so a restarted server learns the trust of that moment.
      initializationOptions: (): ShipshapeInitializationOptions => ({
        scanAvailable: true,
        trusted: workspace.isTrusted,
        cacheDir: this.context.globalStorageUri.scheme === 'file' ? this.context.globalStorageUri.fsPath : undefined,
      }),
      // Image hovers link to Scan Image; no other command runs from a hover.
      markdown: { isTrusted: { enabledCommands: [ClientCommands.scanImage] } },
      outputChannel: this.output,
      // Rule failures and settings warnings are logged; none of them should pull the output panel open.
      revealOutputChannelOn: RevealOutputChannelOn.Never,
    };
    // The id makes the client read `shipshape.trace.server`.
    const client = new LanguageClient('shipshape', 'Shipshape', serverOptions, clientOptions);
    client.onNotification(Notifications.summaryChanged, (summary: DocumentSummary) => this.summaries.fire(summary));
    return client;
  }
}

export function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

