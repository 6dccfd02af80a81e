// The scan report webviews: one panel per scanned image name (a new scan of the same image replaces its
// content), the reports of this window kept for Open Scan Report, and the page's messages (links, exports)
// checked and carried out here, since the page only asks.
import { randomBytes } from 'node:crypto';
import { homedir } from 'node:os';
import * as path from 'node:path';
import { env, Uri, ViewColumn, window, workspace, type Disposable, type WebviewPanel } from 'vscode';
import { ScanRequests, type ExportScanParams, type ScanExportFormat, type ScanReport } from '../../../server/src/protocol';
import { describe, type ServerConnection } from '../language-client';
import { renderReportPage } from '../util/scan-report-html';
import { exportFileName, readReportMessage } from '../util/scan-report-messages';

/** Reports kept for Open Scan Report; the oldest go first. */
const MAX_REPORTS = 20;

export class ScanReportPanels implements Disposable {
  private readonly reports = new Map<string, ScanReport>();
  private readonly panels = new Map<string, WebviewPanel>();

  constructor(private readonly server: ServerConnection) {}

  /** Shows a report, in the panel of its image when one is open. */
  show(report: ScanReport): void {
    const name = report.image.name;
    this.reports.delete(name);
    this.reports.set(name, report);
    while (this.reports.size > MAX_REPORTS) {
      const oldest = this.reports.keys().next().value;
      if (oldest === undefined) break;
      this.reports.delete(oldest);
    }
    const existing = this.panels.get(name);
    if (existing) {
      this.render(existing, report);
      existing.reveal();
      return;
    }
    const panel = window.createWebviewPanel('shipshape.scanReport', `Scan: ${name}`, { viewColumn: ViewColumn.Active, preserveFocus: false }, {
      enableScripts: true,
      enableFindWidget: true,
      localResourceRoots: [],
    });
    this.panels.set(name, panel);
    panel.onDidDispose(() => {
      if (this.panels.get(name) === panel) this.panels.delete(name);
    });
    panel.webview.onDidReceiveMessage((message: unknown) => void this.handle(message, name));
    this.render(panel, report);
  }

  /** Open Scan Report: the named image's latest report, or a pick among this window's reports. */
  async open(name?: unknown): Promise<void> {
    if (typeof name === 'string') {
      const report = this.reports.get(name);
      if (report) {
        this.show(report);
        return;
      }
      void window.showWarningMessage(`There is no report of ${name} in this window any more (reports last until the window closes). Scan the image again to see one.`);
      return;
    }
    const reports = [...this.reports.values()].reverse();
    if (reports.length === 0) {
      void window.showInformationMessage('No image has been scanned in this window yet. Run Shipshape: Scan Image first.');
      return;
    }
    const picked = await window.showQuickPick(
      reports.map((report) => ({ label: report.image.name, description: `${report.image.platform} · scanned ${report.scannedAt}`, report })),
      { title: 'Shipshape scan reports', placeHolder: 'Report to open' },
    );
    if (picked) this.show(picked.report);
  }

  dispose(): void {
    for (const panel of this.panels.values()) panel.dispose();
    this.panels.clear();
  }

  private render(panel: WebviewPanel, report: ScanReport): void {
    panel.title = `Scan: ${report.image.name}`;
    panel.webview.html = renderReportPage(report, { cspSource: panel.webview.cspSource, nonce: randomBytes(18).toString('base64') });
  }

  private async handle(raw: unknown, name: string): Promise<void> {
    const message = readReportMessage(raw);
    if (!message) {
      this.server.output.warn(`Ignored a message from the report of ${name} that Shipshape does not know: ${safeJson(raw)}`);
      return;
    }
    if (message.type === 'openExternal') {
      await env.openExternal(Uri.parse(message.url, true));
      return;
    }
    const report = this.reports.get(name);
    if (report) await this.export(report, message.format);
  }

  private async export(report: ScanReport, format: ScanExportFormat): Promise<void> {
    const fileName = exportFileName(report.image.name, format);
    const folder = workspace.workspaceFolders?.[0]?.uri ?? Uri.file(homedir());
    const { label, filters } = EXPORT_DIALOG[format];
    const target = await window.showSaveDialog({
      title: `Export the scan of ${report.image.name} as ${label}`,
      defaultUri: Uri.joinPath(folder, fileName),
      filters,
    });
    if (!target) return;
    try {
      const text = await this.server.sendRequest<string>(ScanRequests.exportScan, { report, format } satisfies ExportScanParams);
      await workspace.fs.writeFile(target, new TextEncoder().encode(text));
    } catch (error) {
      void window.showErrorMessage(`Shipshape could not export the scan of ${report.image.name} to ${target.fsPath}: ${describe(error)}`);
      return;
    }
    const choice = await window.showInformationMessage(`Exported the scan of ${report.image.name} to ${path.basename(target.fsPath)}.`, 'Open File');
    if (choice === 'Open File') await window.showTextDocument(target);
  }
}

const EXPORT_DIALOG: Record<ScanExportFormat, { label: string; filters: Record<string, string[]> }> = {
  json: { label: 'JSON', filters: { JSON: ['json'] } },
  sarif: { label: 'SARIF', filters: { SARIF: ['sarif', 'json'] } },
  cyclonedx: { label: 'a CycloneDX SBOM', filters: { 'CycloneDX JSON': ['json'] } },
  spdx: { label: 'an SPDX SBOM', filters: { 'SPDX JSON': ['json'] } },
};

function safeJson(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 200);
  } catch {
    return String(value).slice(0, 200);
  }
}
