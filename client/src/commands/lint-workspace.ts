// Lint Workspace: every Dockerfile, Kubernetes manifest and Compose file in the workspace, into the Problems panel. Open files
// are left to the server's own diagnostics; this covers the rest, and a file's entry is dropped once it is
// opened (the server takes over) and recomputed when it is closed again.
import {
  CancellationError,
  commands,
  DiagnosticSeverity,
  FileType,
  languages,
  ProgressLocation,
  Uri,
  window,
  workspace,
  type CancellationToken,
  type DiagnosticCollection,
  type Disposable,
  type TextDocument,
} from 'vscode';
import { DEFAULT_SETTINGS, Requests, type LintFilesParams, type LintFilesResult } from '../../../server/src/protocol';
import { describe, type ServerConnection } from '../language-client';
import { batchFiles, chunks } from '../util/batches';
import { DOCKERFILE_GLOB, EXCLUDED_FOLDERS_GLOB, looksLikeManifest, MANIFEST_GLOB, workspaceLintKind } from '../util/files';
import { describeCounts } from '../util/status';

/** Files larger than this are data, not configuration; the CLI skips them too. */
/** Files read from disk at the same time. */
const READ_CHUNK = 32;

interface FileText {
  uri: string;
  text: string;
}

interface Totals {
  files: number;
  errors: number;
  warnings: number;
  infos: number;
}

export class WorkspaceLinter implements Disposable {
  private readonly collection: DiagnosticCollection;
  private readonly disposables: Disposable[] = [];
  /** Set once the user has linted the workspace; closing a file then brings its entry back. */
  private linted = false;
  private running = false;

  constructor(private readonly server: ServerConnection) {
    this.collection = languages.createDiagnosticCollection('shipshape-workspace');
    this.disposables.push(
      this.collection,
      workspace.onDidOpenTextDocument((document) => this.collection.delete(document.uri)),
      workspace.onDidCloseTextDocument((document) => void this.relintClosed(document)),
      workspace.onDidDeleteFiles((event) => event.files.forEach((uri) => this.forgetUnder(uri))),
      workspace.onDidRenameFiles((event) => event.files.forEach(({ oldUri }) => this.forgetUnder(oldUri))),
    );
  }

  async run(): Promise<void> {
    if (this.running) {
      void window.showInformationMessage('Shipshape is already linting the workspace.');
      return;
    }
    if (!workspace.workspaceFolders?.length) {
      void window.showErrorMessage('Open a folder or workspace first: Lint Workspace checks the files in its folders.');
      return;
    }
    this.running = true;
    try {
      const outcome = await window.withProgress(
        { location: ProgressLocation.Notification, title: 'Shipshape: linting the workspace', cancellable: true },
        (progress, token) => this.lintAll(token, (message, increment) => progress.report({ message, increment })),
      );
      this.linted = true;
      const { totals, cancelled } = outcome;
      const summary = `${totals.files} file${totals.files === 1 ? '' : 's'} linted, ${describeCounts(totals)} found.`;
      const choice = await window.showInformationMessage(cancelled ? `Shipshape stopped early: ${summary}` : `Shipshape: ${summary}`, 'Open Problems');
      if (choice === 'Open Problems') await commands.executeCommand('workbench.actions.view.problems');
    } catch (error) {
      this.server.output.error(`Lint Workspace failed: ${describe(error)}`);
      void window.showErrorMessage(`Shipshape could not lint the workspace: ${describe(error)}. The Shipshape output has details.`);
    } finally {
      this.running = false;
    }
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private async lintAll(token: CancellationToken, report: (message: string, increment: number) => void): Promise<{ totals: Totals; cancelled: boolean }> {
    const totals: Totals = { files: 0, errors: 0, warnings: 0, infos: 0 };
    report('finding files…', 0);
    const candidates = await this.findCandidates(token);
    this.collection.clear();
    if (candidates.length === 0) return { totals, cancelled: token.isCancellationRequested };
    let done = 0;
    for (const slice of chunks(candidates, READ_CHUNK)) {
      if (token.isCancellationRequested) return { totals, cancelled: true };
      const files = (await Promise.all(slice.map((uri) => this.readCandidate(uri)))).filter((file): file is FileText => file !== undefined);
      for (const batch of batchFiles(files)) {
        if (token.isCancellationRequested) return { totals, cancelled: true };
        await this.lintBatch(batch, totals, token);
      }
      done += slice.length;
      report(`${done} of ${candidates.length} files`, (slice.length / candidates.length) * 100);
    }
    return { totals, cancelled: token.isCancellationRequested };
  }

  private async findCandidates(token: CancellationToken): Promise<Uri[]> {
    const [dockerfiles, yamlFiles] = await Promise.all([
      workspace.findFiles(DOCKERFILE_GLOB, EXCLUDED_FOLDERS_GLOB, undefined, token),
      workspace.findFiles(MANIFEST_GLOB, EXCLUDED_FOLDERS_GLOB, undefined, token),
    ]);
    const open = new Set(workspace.textDocuments.map((document) => document.uri.toString()));
    const seen = new Set<string>();
    return [...dockerfiles, ...yamlFiles]
      .filter((uri) => {
        const key = uri.toString();
        if (seen.has(key) || open.has(key) || workspaceLintKind(uri.path) === null) return false;
        seen.add(key);
        return true;
      })
      .sort((a, b) => (a.toString() < b.toString() ? -1 : 1));
  }

  /** The file's text when it is worth sending to the server; undefined for large, unreadable or non-manifest files. */
  private async readCandidate(uri: Uri, quiet = false): Promise<FileText | undefined> {
    try {
      const stat = await workspace.fs.stat(uri);
      // A link to /dev/zero or a named pipe would be read forever: only regular files, up to the size limit.
      if ((stat.type & FileType.File) === 0) throw new Error('it is not a regular file');
      const maxMegabytes = workspace.getConfiguration('shipshape', uri).get<number>('maxFileSize') ?? DEFAULT_SETTINGS.maxFileSize;
      if (stat.size > maxMegabytes * 1024 * 1024) {
        // Large YAML files are mostly data, not manifests: only a large Dockerfile is worth a warning.
        if (workspaceLintKind(uri.path) === 'yaml') return undefined;
        throw new Error(`it is larger than the ${maxMegabytes} MB limit (shipshape.maxFileSize)`);
      }
      const text = new TextDecoder('utf-8').decode(await workspace.fs.readFile(uri));
      if (workspaceLintKind(uri.path) === 'yaml' && !looksLikeManifest(text)) return undefined;
      return { uri: uri.toString(), text };
    } catch (error) {
      const message = `Lint Workspace skipped ${uri.fsPath}: ${describe(error)}`;
      if (quiet) this.server.output.debug(message);
      else this.server.output.warn(message);
      return undefined;
    }
  }

  private async lintBatch(files: FileText[], totals: Totals, token?: CancellationToken): Promise<void> {
    let result: LintFilesResult;
    try {
      result = await this.server.sendRequest<LintFilesResult>(Requests.lintFiles, { files } satisfies LintFilesParams, token);
    } catch (error) {
      if (token?.isCancellationRequested || error instanceof CancellationError) return;
      throw error;
    }
    const open = new Set(workspace.textDocuments.map((document) => document.uri.toString()));
    for (const file of result.files) {
      totals.files++;
      if (open.has(file.uri)) continue;
      const diagnostics = await this.server.asDiagnostics(file.diagnostics);
      for (const diagnostic of diagnostics) {
        if (diagnostic.severity === DiagnosticSeverity.Error) totals.errors++;
        else if (diagnostic.severity === DiagnosticSeverity.Warning) totals.warnings++;
        else totals.infos++;
      }
      const uri = Uri.parse(file.uri);
      if (diagnostics.length > 0) this.collection.set(uri, diagnostics);
      else this.collection.delete(uri);
    }
  }

  /** Drops the entries of a deleted or renamed file, or of every file under a deleted or renamed folder. */
  private forgetUnder(uri: Uri): void {
    const prefix = `${uri.toString()}/`;
    const gone: Uri[] = [];
    this.collection.forEach((entry) => {
      if (entry.toString() === uri.toString() || entry.toString().startsWith(prefix)) gone.push(entry);
    });
    for (const entry of gone) this.collection.delete(entry);
  }

  /** A closed file loses the server's diagnostics; after a workspace lint, bring its entry back. */
  private async relintClosed(document: TextDocument): Promise<void> {
    if (!this.linted || document.uri.scheme !== 'file' || workspaceLintKind(document.uri.path) === null) return;
    if (!workspace.getWorkspaceFolder(document.uri)) return;
    // Quiet: the file may have been closed because it was deleted.
    const file = await this.readCandidate(document.uri, true);
    if (!file) return;
    try {
      await this.lintBatch([file], { files: 0, errors: 0, warnings: 0, infos: 0 });
    } catch (error) {
      this.server.output.warn(`Could not re-lint ${document.uri.fsPath} after it was closed: ${describe(error)}`);
    }
  }
}
