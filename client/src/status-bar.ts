// The status bar item: the active editor's finding counts, hidden for files Shipshape does not lint.
import { languages, StatusBarAlignment, window, workspace, type Disposable, type StatusBarItem, type TextDocument } from 'vscode';
import { Requests, SETTINGS_SECTION, type DocumentSummary } from '../../server/src/protocol';
import { describe, type ServerConnection } from './language-client';
import { baseName, isConfigFileName, isHandledDocument } from './util/files';
import { statusText, statusTooltip, type FindingCounts } from './util/status';

export class StatusBar implements Disposable {
  private readonly item: StatusBarItem;
  /** Latest counts per document URI, from the server's notifications. */
  private readonly counts = new Map<string, FindingCounts>();
  private readonly disposables: Disposable[] = [];

  constructor(private readonly server: ServerConnection) {
    this.item = window.createStatusBarItem('shipshape.status', StatusBarAlignment.Left, 50);
    this.item.name = 'Shipshape';
    this.item.command = 'workbench.actions.view.problems';
    this.disposables.push(
      this.item,
      server.onSummary((summary) => {
        this.counts.set(summary.uri, summary);
        if (summary.uri === this.activeDocument()?.uri.toString()) this.render();
      }),
      window.onDidChangeActiveTextEditor(() => this.refresh()),
      workspace.onDidCloseTextDocument((document) => this.counts.delete(document.uri.toString())),
      workspace.onDidChangeConfiguration((event) => {
        if (event.affectsConfiguration(SETTINGS_SECTION)) this.refresh();
      }),
      // The server announces counts only for the files it lints, not for `.shipshape.yaml` itself.
      languages.onDidChangeDiagnostics((event) => {
        const active = this.activeDocument();
        if (active && isConfigFileName(baseName(active.uri.path)) && event.uris.some((uri) => uri.toString() === active.uri.toString())) this.refresh();
      }),
    );
    this.refresh();
  }

  /** Shows what is known about the active document at once, then asks the server for current counts. */
  refresh(): void {
    const document = this.activeDocument();
    if (!document || !this.handles(document)) {
      this.item.hide();
      return;
    }
    this.render();
    const uri = document.uri.toString();
    this.server.sendRequest<DocumentSummary | null>(Requests.documentSummary, { uri }).then(
      (summary) => {
        if (!summary) return;
        this.counts.set(uri, summary);
        if (this.activeDocument()?.uri.toString() === uri) this.render();
      },
      (error: unknown) => this.server.output.debug(`No finding counts for ${uri}: ${describe(error)}`),
    );
  }

  dispose(): void {
    for (const disposable of this.disposables) disposable.dispose();
  }

  private render(): void {
    const document = this.activeDocument();
    if (!document || !this.handles(document)) {
      this.item.hide();
      return;
    }
    const counts = this.counts.get(document.uri.toString());
    this.item.text = statusText(counts);
    this.item.tooltip = statusTooltip(counts, baseName(document.uri.path));
    this.item.show();
  }

  private handles(document: TextDocument): boolean {
    if (!workspace.getConfiguration(SETTINGS_SECTION, document).get<boolean>('enable', true)) return false;
    return isHandledDocument({ languageId: document.languageId, path: document.uri.path, text: document.getText() });
  }

  private activeDocument(): TextDocument | undefined {
    return window.activeTextEditor?.document;
  }
}
