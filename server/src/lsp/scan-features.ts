// The language server's side of image scans: the scan request (with work-done progress and cancellation),
// finding image references for the pick list, exporting a report, the summary diagnostics a scan leaves on
// the lines that name the image, and the quick fixes that ask a registry. Workspace trust decides what may
// touch the network: the client says whether the workspace is trusted at start and when that changes.
import {
  CodeActionKind,
  ErrorCodes,
  LSPErrorCodes,
  ResponseError,
  type CancellationToken,
  type CodeAction,
  type Connection,
  type Diagnostic,
  type InitializeParams,
  type TextDocuments,
  type WorkDoneProgressParams,
} from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { formatScanJson } from '../cli/formatters/scan-json';
import { formatScanSarif } from '../cli/formatters/scan-sarif';
import { formatScanCycloneDx } from '../cli/formatters/scan-cyclonedx';
import { formatScanSpdx } from '../cli/formatters/scan-spdx';
import type { ResolvedConfig } from '../engine/config';
import {
  ClientCommands,
  Notifications,
  ScanRequests,
  type ExportScanParams,
  type FindImagesParams,
  type FoundImage,
  type ScanImageParams,
  type ScanReport,
  type ShipshapeInitializationOptions,
  type ShipshapeSettings,
  type WorkspaceTrustParams,
} from '../protocol';
import { parsePlatform } from '../scan/platform';
import { describeScanError, scanImage, targetName } from '../scan/scan-image';
import { findImages } from './image-references';
import { RegistryActions } from './registry-actions';
import { planScan } from './scan-options';
import { ProgressThrottle } from './scan-progress';
import { isScanSummaryDiagnostic, ScanSummaries } from './scan-summaries';
import { displayText } from '../engine/display-text';

export interface ScanFeatureDeps {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  /** Settings for a resource; '' for the window's. */
  settingsFor: (uri: string) => Promise<ShipshapeSettings>;
  /** `scan.*` of the effective configuration for a resource (settings merged with `.shipshape.yaml`). */
  scanConfigFor: (uri: string, settings: ShipshapeSettings) => ResolvedConfig['scan'];
  /** `images.signatures` of the project file that governs a resource. */
  signaturePolicyFor?: (uri: string, settings: ShipshapeSettings) => ResolvedConfig['signatures'] | undefined;
  /** Asks the client to show the named documents' diagnostics again. */
  refreshDiagnostics: (uris: string[]) => void;
  today: () => string;
}

export class ScanFeatures {
  readonly summaries = new ScanSummaries();
  /** Clients without a notion of trust (other editors) count as trusted; VS Code says. */
  private trusted = true;
  private cacheDir: string | undefined;
  private scanAvailable = false;
  private canResolveEdits = false;
  private readonly registry: RegistryActions;

  constructor(private readonly deps: ScanFeatureDeps) {
    this.registry = new RegistryActions({
      connection: deps.connection,
      document: (uri) => deps.documents.get(uri),
      access: (uri) => this.registryAccess(uri),
    });
  }

  initialize(params: InitializeParams): void {
    const options = (params.initializationOptions ?? {}) as ShipshapeInitializationOptions;
    this.trusted = options.trusted !== false;
    this.scanAvailable = options.scanAvailable === true;
    this.cacheDir = typeof options.cacheDir === 'string' && options.cacheDir !== '' ? options.cacheDir : undefined;
    const codeAction = params.capabilities.textDocument?.codeAction;
    this.canResolveEdits = codeAction?.dataSupport === true && codeAction.resolveSupport?.properties.includes('edit') === true;
  }

  /** Whether the client shows "Scan image" code lenses and runs Open Scan Report. */
  get canScan(): boolean {
    return this.scanAvailable;
  }

  listen(): void {
    const { connection } = this.deps;
    connection.onNotification(Notifications.workspaceTrustChanged, (params: WorkspaceTrustParams) => {
      if (typeof params?.trusted === 'boolean') this.trusted = params.trusted;
    });
    connection.onRequest(ScanRequests.findImages, (params: FindImagesParams): FoundImage[] => findImages(params));
    connection.onRequest(ScanRequests.scanImage, (params: ScanImageParams & WorkDoneProgressParams, token: CancellationToken) => this.scan(params, token));
    connection.onRequest(ScanRequests.exportScan, (params: ExportScanParams): string => exportScan(params));
  }

  /** Summary diagnostics of earlier scans on this document's current text. */
  diagnosticsFor(document: TextDocument): Diagnostic[] {
    return this.summaries.has(document.uri) ? this.summaries.diagnosticsFor(document) : [];
  }

  forget(uri: string): void {
    this.summaries.forget(uri);
  }

  /** "Open the scan report" for summary diagnostics, and the registry quick fixes. Never waits for the network. */
  async codeActions(document: TextDocument, diagnostics: Diagnostic[]): Promise<CodeAction[]> {
    const actions: CodeAction[] = [];
    if (this.scanAvailable) {
      for (const diagnostic of diagnostics.filter(isScanSummaryDiagnostic)) {
        const name = diagnostic.data.scanReport;
        actions.push({
          title: `Open the scan report of ${name}`,
          kind: CodeActionKind.QuickFix,
          diagnostics: [diagnostic],
          isPreferred: true,
          command: { title: `Open the scan report of ${name}`, command: ClientCommands.openScanReport, arguments: [name] },
        });
      }
    }
    actions.push(...(await this.registry.list(document, diagnostics, this.canResolveEdits)));
    return actions;
  }

  resolveCodeAction(action: CodeAction, token: CancellationToken): Promise<CodeAction> {
    return this.registry.resolve(action, token);
  }

  private async scan(params: ScanImageParams & WorkDoneProgressParams, token: CancellationToken): Promise<ScanReport> {
    const { connection } = this.deps;
    const uri = typeof params?.uri === 'string' ? params.uri : '';
    const settings = await this.deps.settingsFor(uri);
    const plan = planScan(params?.target, params?.platform, {
      trusted: this.trusted,
      settings,
      config: this.deps.scanConfigFor(uri, settings),
      signatures: this.deps.signaturePolicyFor?.(uri, settings),
      cacheDir: this.cacheDir,
      today: this.deps.today(),
    });
    if (!plan.ok) throw new ResponseError(ErrorCodes.InvalidRequest, plan.message);
    const label = targetName(plan.target);
    const progress = connection.window.attachWorkDoneProgress(params.workDoneToken);
    const controller = new AbortController();
    const cancellation = token.onCancellationRequested(() => controller.abort());
    progress.begin(`Scanning ${label}`, 0, 'starting', true);
    const throttle = new ProgressThrottle((report) => progress.report(report.percentage, report.message));
    try {
      const report = await scanImage(plan.target, { ...plan.options, signal: controller.signal, onProgress: (update) => throttle.report(update) });
      this.deps.refreshDiagnostics(this.summaries.record(plan.target, report, this.deps.documents.all()));
      return report;
    } catch (error) {
      if (controller.signal.aborted) throw new ResponseError(LSPErrorCodes.RequestCancelled, `The scan of ${label} was cancelled.`);
      const message = displayText(
        describeScanError(error, (example) => `Choose one in the shipshape.scan.platform setting (for example ${example}) or with scan.platform in .shipshape.yaml.`),
      );
      connection.console.error(`The scan of ${label} failed: ${message}`);
      throw new ResponseError(LSPErrorCodes.RequestFailed, message);
    } finally {
      cancellation.dispose();
      progress.done();
    }
  }

  /** Registry options for quick fixes and registry facts, or undefined when the workspace allows no registry access. */
  async registryAccess(uri: string): Promise<{ insecureRegistries: string[]; allowCredentialHelpers: boolean; platform?: ReturnType<typeof parsePlatform> } | undefined> {
    if (!this.trusted) return undefined;
    const settings = await this.deps.settingsFor(uri);
    if (!settings.scan.allowNetwork) return undefined;
    const config = this.deps.scanConfigFor(uri, settings);
    const platform = config.platform ? parsePlatform(config.platform) : undefined;
    return { insecureRegistries: config.insecureRegistries, allowCredentialHelpers: true, ...(platform ? { platform } : {}) };
  }
}

function exportScan(params: ExportScanParams): string {
  const report = params?.report as ScanReport | undefined;
  if (typeof report !== 'object' || report === null || report.schemaVersion !== 1 || typeof report.image !== 'object' || !Array.isArray(report.vulnerabilities)) {
    throw new ResponseError(ErrorCodes.InvalidParams, 'The report to export is not a Shipshape scan report (schema version 1).');
  }
  try {
    if (params.format === 'json') return formatScanJson(report);
    if (params.format === 'sarif') return formatScanSarif(report);
    if (params.format === 'cyclonedx') return formatScanCycloneDx(report);
    if (params.format === 'spdx') return formatScanSpdx(report);
  } catch (error) {
    throw new ResponseError(LSPErrorCodes.RequestFailed, `The report of ${String(report.image.name)} could not be converted to ${params.format}: ${error instanceof Error ? error.message : String(error)}`);
  }
  throw new ResponseError(ErrorCodes.InvalidParams, `Reports export as json, sarif, cyclonedx or spdx, not ${JSON.stringify(params?.format)}.`);
}
