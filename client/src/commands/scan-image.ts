// Scan Image: the image a code lens passes, else the one on the cursor's line, else one picked from the
// images the workspace names (or typed in, or a tarball or OCI layout from disk). The scan runs in the
// server under a cancellable progress notification, and the report opens in a webview.
import { randomUUID } from 'node:crypto';
import {
  CancellationError,
  ProgressLocation,
  QuickPickItemKind,
  Uri,
  window,
  workspace,
  type CancellationToken,
  type QuickPickItem,
} from 'vscode';
import { ErrorCodes, LSPErrorCodes, ResponseError } from 'vscode-languageclient/node';
import { ScanRequests, type FindImagesParams, type FoundImage, type ScanImageParams, type ScanReport, type ScanTarget } from '../../../server/src/protocol';
import { describe, type ServerConnection } from '../language-client';
import type { ScanReportPanels } from '../scan-report/report-panels';
import { batchFiles } from '../util/batches';
import { DOCKERFILE_GLOB, EXCLUDED_FOLDERS_GLOB, isHandledDocument, looksLikeManifest, MANIFEST_GLOB, workspaceLintKind } from '../util/files';
import { checkTypedReference, imageOnLine, imagePicks, OTHER_SOURCES, targetFromArgument, targetTitle, type ScanPick } from '../util/scan-picks';

/** Files read to find the workspace's images; a pick list needs no more. */
const MAX_WORKSPACE_FILES = 500;
const MAX_FILE_BYTES = 1024 * 1024;

interface PickItem extends QuickPickItem {
  pick?: ScanPick;
}

export class ImageScanner {
  constructor(
    private readonly server: ServerConnection,
    private readonly panels: ScanReportPanels,
  ) {}

  async run(argument?: unknown): Promise<void> {
    const editor = window.activeTextEditor;
    const documentUri = editor?.document.uri.toString();
    let target = targetFromArgument(argument);
    if (!target && argument !== undefined && typeof argument !== 'object') {
      void window.showErrorMessage(`Shipshape cannot scan ${JSON.stringify(argument)}: pass an image reference such as nginx:1.27.`);
      return;
    }
    target ??= await this.imageAtCursor();
    target ??= await this.pickTarget();
    if (!target) return;
    await this.scan(target, documentUri);
  }

  /** The image named on the active editor's cursor line, when the editor shows a Dockerfile or manifest. */
  private async imageAtCursor(): Promise<ScanTarget | undefined> {
    const editor = window.activeTextEditor;
    if (!editor) return undefined;
    const document = editor.document;
    if (!isHandledDocument({ languageId: document.languageId, path: document.uri.path, text: document.getText() })) return undefined;
    try {
      const found = await this.server.sendRequest<FoundImage[]>(ScanRequests.findImages, { files: [{ uri: document.uri.toString(), text: document.getText() }] } satisfies FindImagesParams);
      const image = imageOnLine(found, document.uri.toString(), editor.selection.active.line);
      return image !== undefined ? { kind: 'registry', image } : undefined;
    } catch (error) {
      this.server.output.warn(`Could not find the image under the cursor: ${describe(error)}`);
      return undefined;
    }
  }

  /** A pick list that opens at once with the other sources and fills in the workspace's images as they are found. */
  private async pickTarget(): Promise<ScanTarget | undefined> {
    const quickPick = window.createQuickPick<PickItem>();
    quickPick.title = 'Shipshape: Scan Image';
    quickPick.placeholder = 'Image to scan: pick one your workspace uses, or choose another source';
    quickPick.matchOnDescription = true;
    quickPick.busy = true;
    const others: PickItem[] = [{ label: 'Other sources', kind: QuickPickItemKind.Separator }, ...OTHER_SOURCES.map(toItem)];
    quickPick.items = others;
    const searching = new AbortController();
    const chosen = new Promise<ScanPick | undefined>((resolve) => {
      quickPick.onDidAccept(() => {
        resolve(quickPick.selectedItems[0]?.pick);
        quickPick.hide();
      });
      quickPick.onDidHide(() => resolve(undefined));
    });
    quickPick.show();
    void this.workspaceImages(searching.signal).then(
      (found) => {
        const images = imagePicks(found, (uri) => workspace.asRelativePath(Uri.parse(uri))).map(toItem);
        if (images.length > 0) quickPick.items = [{ label: 'Images in this workspace', kind: QuickPickItemKind.Separator }, ...images, ...others];
        quickPick.busy = false;
      },
      (error: unknown) => {
        this.server.output.warn(`Could not list the images of the workspace: ${describe(error)}`);
        quickPick.busy = false;
      },
    );
    const pick = await chosen;
    searching.abort();
    quickPick.dispose();
    if (!pick) return undefined;
    if (pick.kind === 'image') return { kind: 'registry', image: pick.image };
    if (pick.kind === 'enter' || pick.kind === 'docker-engine') {
      const local = pick.kind === 'docker-engine';
      const typed = await window.showInputBox({
        title: 'Shipshape: Scan Image',
        prompt: local ? 'Image of the local Docker Engine to scan (read through its API socket)' : 'Image reference to pull from its registry and scan',
        placeHolder: 'nginx:1.27, ghcr.io/org/app:2.1, registry.example.com:5000/team/api@sha256:…',
        validateInput: checkTypedReference,
        ignoreFocusOut: true,
      });
      if (typed === undefined || typed.trim() === '') return undefined;
      return { kind: local ? 'docker-engine' : 'registry', image: typed.trim() };
    }
    const isArchive = pick.kind === 'docker-archive';
    const selected = await window.showOpenDialog({
      title: isArchive ? 'docker save tarball to scan' : 'OCI image layout folder to scan',
      openLabel: 'Scan',
      canSelectFiles: isArchive,
      canSelectFolders: !isArchive,
      canSelectMany: false,
      filters: isArchive ? { 'Image tarballs': ['tar'], 'All files': ['*'] } : undefined,
    });
    const uri = selected?.[0];
    if (!uri) return undefined;
    if (uri.scheme !== 'file') {
      void window.showErrorMessage(`Shipshape scans files on this machine only; ${uri.toString()} is not a local file.`);
      return undefined;
    }
    return isArchive ? { kind: 'docker-archive', path: uri.fsPath } : { kind: 'oci-layout', path: uri.fsPath };
  }

  /** Images named by the workspace's Dockerfiles and manifests; open documents count with their unsaved text. */
  private async workspaceImages(signal: AbortSignal): Promise<FoundImage[]> {
    const [dockerfiles, yamlFiles] = await Promise.all([
      workspace.findFiles(DOCKERFILE_GLOB, EXCLUDED_FOLDERS_GLOB, MAX_WORKSPACE_FILES),
      workspace.findFiles(MANIFEST_GLOB, EXCLUDED_FOLDERS_GLOB, MAX_WORKSPACE_FILES),
    ]);
    const open = new Map(workspace.textDocuments.map((document) => [document.uri.toString(), document.getText()]));
    const seen = new Set<string>();
    const files: Array<{ uri: string; text: string }> = [];
    for (const uri of [...dockerfiles, ...yamlFiles]) {
      if (signal.aborted || files.length >= MAX_WORKSPACE_FILES) break;
      const key = uri.toString();
      const kind = workspaceLintKind(uri.path);
      if (seen.has(key) || kind === null) continue;
      seen.add(key);
      const text = open.get(key) ?? (await this.readSmallFile(uri));
      if (text === undefined || (kind === 'yaml' && !looksLikeManifest(text))) continue;
      files.push({ uri: key, text });
    }
    const found: FoundImage[] = [];
    for (const batch of batchFiles(files)) {
      if (signal.aborted) break;
      found.push(...(await this.server.sendRequest<FoundImage[]>(ScanRequests.findImages, { files: batch } satisfies FindImagesParams)));
    }
    return found;
  }

  private async readSmallFile(uri: Uri): Promise<string | undefined> {
    try {
      if ((await workspace.fs.stat(uri)).size > MAX_FILE_BYTES) return undefined;
      return new TextDecoder('utf-8').decode(await workspace.fs.readFile(uri));
    } catch (error) {
      this.server.output.debug(`Scan Image skipped ${uri.toString()}: ${describe(error)}`);
      return undefined;
    }
  }

  private async scan(target: ScanTarget, uri: string | undefined): Promise<void> {
    const title = targetTitle(target);
    try {
      const report = await window.withProgress(
        { location: ProgressLocation.Notification, title: `Shipshape: scanning ${title}`, cancellable: true },
        (progress, token) => this.request(target, uri, token, (message, increment) => progress.report({ message, increment })),
      );
      this.panels.show(report);
    } catch (error) {
      if (isCancellation(error)) {
        window.setStatusBarMessage(`Shipshape: the scan of ${title} was cancelled`, 4000);
        return;
      }
      const refused = error instanceof ResponseError && (error.code === ErrorCodes.InvalidRequest || error.code === ErrorCodes.InvalidParams);
      const message = refused ? describe(error) : `The scan of ${title} failed: ${describe(error)}`;
      this.server.output.error(message);
      const choice = await window.showErrorMessage(message, 'Show Output');
      if (choice) this.server.output.show(true);
    }
  }

  private async request(target: ScanTarget, uri: string | undefined, token: CancellationToken, report: (message: string | undefined, increment: number | undefined) => void): Promise<ScanReport> {
    const progressToken = `shipshape-scan-${randomUUID()}`;
    let percentage = 0;
    const subscription = this.server.onWorkDoneProgress(progressToken, (value) => {
      if (value.kind === 'end') return;
      let increment: number | undefined;
      if (typeof value.percentage === 'number' && value.percentage > percentage) {
        increment = value.percentage - percentage;
        percentage = value.percentage;
      }
      report(value.message, increment);
    });
    try {
      const params: ScanImageParams & { workDoneToken: string } = { target, ...(uri ? { uri } : {}), workDoneToken: progressToken };
      return await this.server.sendRequest<ScanReport>(ScanRequests.scanImage, params, token);
    } finally {
      subscription.dispose();
    }
  }
}

function toItem(pick: ScanPick): PickItem {
  return { label: pick.label, description: pick.description, pick };
}

function isCancellation(error: unknown): boolean {
  return error instanceof CancellationError || (error instanceof ResponseError && error.code === LSPErrorCodes.RequestCancelled);
}
