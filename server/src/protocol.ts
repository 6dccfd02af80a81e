// The contract between the VS Code client and the language server: the only server file the client imports.
// Names, ids and shapes only; no runtime dependencies.

export const DIAGNOSTIC_SOURCE = 'shipshape';
export const SETTINGS_SECTION = 'shipshape';
export const FIX_ALL_KIND = 'source.fixAll.shipshape';
export const CONFIG_FILE_GLOB = '**/.shipshape.{yaml,yml}';
export const BASELINE_FILE_GLOB = '**/.shipshape-baseline.json';
/** Manifests on disk: a Namespace among them sets the Pod Security level of the workloads in it. */
export const MANIFEST_FILE_GLOB = '**/*.{yaml,yml}';

/**
 * Dockerfile names (`Dockerfile`, `Containerfile`, `*.Dockerfile`, `Dockerfile.*`, …, not `*.dockerignore`).
 * Shared here because the client needs the same answer to decide which files to send.
 */
export function isDockerfileName(name: string): boolean {
  const lower = name.toLowerCase();
  if (lower.endsWith('.dockerignore')) return false;
  return (
    lower === 'dockerfile' ||
    lower === 'containerfile' ||
    lower.endsWith('.dockerfile') ||
    lower.endsWith('.containerfile') ||
    lower.startsWith('dockerfile.') ||
    lower.startsWith('containerfile.')
  );
}

/** "812 B", "4.2 kB", "31.5 MB", "1.2 GB": decimal units, as registries and `docker images` show sizes.
 * Shared here so the scan's progress and its report show sizes alike. */
export function formatBytes(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 1000) return `${Math.max(0, Math.round(Number.isFinite(bytes) ? bytes : 0))} B`;
  const units = ['kB', 'MB', 'GB', 'TB'];
  let value = bytes / 1000;
  let unit = 0;
  while (value >= 1000 && unit < units.length - 1) {
    value /= 1000;
    unit++;
  }
  return `${value.toFixed(value < 10 ? 1 : 0)} ${units[unit]}`;
}

/** Commands the client contributes (palette category "Shipshape"). */
export const ClientCommands = {
  lintWorkspace: 'shipshape.lintWorkspace',
  showRuleDocumentation: 'shipshape.showRuleDocumentation',
  createConfigFile: 'shipshape.createConfigFile',
  restartServer: 'shipshape.restartServer',
  showOutput: 'shipshape.showOutput',
  scanImage: 'shipshape.scanImage',
  /** Arguments: [image name] (optional). Shows a report from this window's scans. */
  openScanReport: 'shipshape.openScanReport',
} as const;

/** Commands the server executes (workspace/executeCommand). */
export const ServerCommands = {
  /** Arguments: [ruleId]. Opens the rule's documentation. */
  showRuleDocumentation: 'shipshape.server.showRuleDocumentation',
} as const;

/** Custom requests. */
export const Requests = {
  /** Lints files the editor has not opened; the client reads them and sends the text. */
  lintFiles: 'shipshape/lintFiles',
  /** Counts of the current findings of one open document, for the status bar. */
  documentSummary: 'shipshape/documentSummary',
  /** Rule metadata for pick lists and documentation. */
  listRules: 'shipshape/listRules',
} as const;

export const Notifications = {
  /** Sent after diagnostics of a document change, with its counts. */
  summaryChanged: 'shipshape/summaryChanged',
  /** Client → server when the user trusts the workspace ({@link WorkspaceTrustParams}); image scans may then
   * use the network and credentials. */
  workspaceTrustChanged: 'shipshape/workspaceTrustChanged',
} as const;

export interface WorkspaceTrustParams {
  trusted: boolean;
}

/** What the client sends in `initialize`. Clients other than VS Code send nothing: no code lenses, and the
 * workspace counts as trusted (they have no such notion). */
export interface ShipshapeInitializationOptions {
  /** The client has the Scan Image command: show "Scan image" code lenses and "Open the report" actions. */
  scanAvailable?: boolean;
  trusted?: boolean;
  /** Folder the scan may keep its vulnerability cache in (the extension's global storage). */
  cacheDir?: string;
}

export interface LintFilesParams {
  files: Array<{ uri: string; text: string }>;
}

export interface LintedFile {
  uri: string;
  /** LSP diagnostics, as for an open document. */
  diagnostics: unknown[];
}

export interface LintFilesResult {
  files: LintedFile[];
}

export interface DocumentSummary {
  uri: string;
  errors: number;
  warnings: number;
  infos: number;
}

export interface RuleSummary {
  id: string;
  title: string;
  docsUrl: string;
  appliesTo: string[];
  defaultSeverity: string;
}

/** Settings under `shipshape.*`, as the server reads them for each resource. */
export interface ShipshapeSettings {
  enable: boolean;
  run: 'onType' | 'onSave';
  preset: 'recommended' | 'strict';
  configurationPreference: 'filesystemFirst' | 'editorFirst';
  rules: Record<string, 'error' | 'warning' | 'info' | 'off'>;
  images: { allowedRegistries: string[]; approved: string[] };
  podSecurity: { level: 'baseline' | 'restricted'; version: string };
  secrets: { allowNames: string[] };
  codeLens: { enable: boolean };
  /** Findings in `.shipshape-baseline.json`: `dim` shows them as hints (not in the Problems panel), `hide` drops them, `show` reports them like any other. */
  baselinedFindings: 'dim' | 'hide' | 'show';
  scan: {
    osvUrl: string;
    allowNetwork: boolean;
    platform: string;
    insecureRegistries: string[];
    /** Seconds; see ScanConfig in engine/config.ts. */
    scanTimeout: number;
    blobTimeout: number;
    /** Bytes per second; 0 turns the check off. */
    minTransferRate: number;
  };
  /** Files larger than this many megabytes are not analysed. */
  maxFileSize: number;
}

export const DEFAULT_SETTINGS: ShipshapeSettings = {
  enable: true,
  run: 'onType',
  preset: 'recommended',
  configurationPreference: 'filesystemFirst',
  rules: {},
  images: { allowedRegistries: [], approved: [] },
  podSecurity: { level: 'restricted', version: 'latest' },
  secrets: { allowNames: [] },
  codeLens: { enable: true },
  baselinedFindings: 'dim',
  scan: { osvUrl: '', allowNetwork: true, platform: '', insecureRegistries: [], scanTimeout: 3600, blobTimeout: 900, minTransferRate: 1024 },
  maxFileSize: 4,
};

/** What the server keeps in `Diagnostic.data`, so code actions need no server state. */
export interface DiagnosticData {
  ruleId: string;
  /** Document version the diagnostic was computed for; edits go out versioned so a stale fix is rejected. */
  version: number;
  /** The fixes on offer. Their edits are recomputed for the code action from the same version's text, which
   * keeps diagnostics small: a large manifest has hundreds of findings. */
  fixes: Array<{ title: string; safety: 'safe' | 'unsafe' }>;
  /** The finding is in the baseline (shown dimmed); status counts leave it out. */
  baselined?: true;
  /** Rules whose finding on the same range this diagnostic carries too (their quick fixes apply to it). */
  foldedRuleIds?: string[];
}

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

// ---------------------------------------------------------------------------------------------------------
// Image scan: the request the client sends, and the report the server returns (the webview renders it, the
// CLI formats it).

export const ScanRequests = {
  /** Scans one image; reports progress through the request's work-done token and honours cancellation. */
  scanImage: 'shipshape/scanImage',
  /** Image references found in the given texts, for the Scan Image pick list. */
  findImages: 'shipshape/findImages',
  /** A report in an export format ({@link ExportScanParams} → the file's text), for the report's Export buttons. */
  exportScan: 'shipshape/exportScan',
} as const;

export type ScanTarget =
  | { kind: 'registry'; image: string }
  | { kind: 'docker-archive'; path: string }
  | { kind: 'oci-layout'; path: string }
  | { kind: 'docker-engine'; image: string };

/** A scan target from untrusted input (a command argument, a request): checked field by field. */
export function readScanTarget(value: unknown): ScanTarget | undefined {
  if (typeof value !== 'object' || value === null) return undefined;
  const { kind, image, path } = value as Record<string, unknown>;
  if ((kind === 'registry' || kind === 'docker-engine') && typeof image === 'string' && image.trim() !== '') return { kind, image: image.trim() };
  if ((kind === 'docker-archive' || kind === 'oci-layout') && typeof path === 'string' && path.trim() !== '') return { kind, path };
  return undefined;
}

export interface ScanImageParams {
  target: ScanTarget;
  /** "linux/amd64", "linux/arm64/v8"; empty = the setting, else the user's platform. */
  platform?: string;
  /** A document of the workspace, for `.shipshape.yaml` (`scan.*`) and per-resource settings. */
  uri?: string;
}

export interface FindImagesParams {
  files: Array<{ uri: string; text: string }>;
}

/** The report's export formats: Shipshape's JSON, SARIF, and the SBOMs CycloneDX 1.6 and SPDX 2.3 (JSON). */
export type ScanExportFormat = 'json' | 'sarif' | 'cyclonedx' | 'spdx';
export const SCAN_EXPORT_FORMATS: readonly ScanExportFormat[] = ['json', 'sarif', 'cyclonedx', 'spdx'];

export interface ExportScanParams {
  report: ScanReport;
  format: ScanExportFormat;
}

export interface FoundImage {
  image: string;
  uri: string;
  /** 0-based, as in LSP positions. */
  line: number;
}

export type VulnerabilitySeverity = 'critical' | 'high' | 'medium' | 'low' | 'unknown';
export type ImageFindingSeverity = 'critical' | 'high' | 'medium' | 'low' | 'info';

export interface ReportPackage {
  name: string;
  version: string;
  ecosystem: 'deb' | 'apk' | 'rpm' | 'npm' | 'pypi';
  sourceName?: string;
  sourceVersion?: string;
  /** File that recorded the package inside the image. */
  path: string;
  layerIndex: number;
  purl?: string;
  /** As the package database declares it; SBOM exports carry it. */
  license?: string;
}

export interface ReportVulnerability {
  /** OSV id ("DSA-5576-1", "GHSA-…", "CVE-…"). */
  id: string;
  aliases: string[];
  summary?: string;
  severity: VulnerabilitySeverity;
  /** CVSS base score when a vector was given. */
  score?: number;
  /** The CVSS vector the score came from. */
  vector?: string;
  package: ReportPackage;
  /** Lowest version that fixes it on this package's line, when OSV knows one. */
  fixedVersion?: string;
  /** Link for people: the OSV page of the vulnerability. */
  url: string;
  references: string[];
}

export interface ReportFinding {
  /** Stable id of the check: "image-user-root", "image-private-key", … */
  id: string;
  title: string;
  severity: ImageFindingSeverity;
  message: string;
  /** File in the image the finding is about. */
  path?: string;
  layerIndex?: number;
}

export interface ReportLayer {
  index: number;
  digest: string;
  size: number;
  /** The build step that made it, from the config history. */
  createdBy?: string;
}

/** verified: a trusted key verifies a signature of this digest; unsigned: none was found; untrusted: one
 * exists but no trusted key verifies it; invalid: one names another digest or does not verify against its
 * own certificate; unavailable: the registry could not be asked (or the image came from a file). */
export type SignatureStatus = 'verified' | 'unsigned' | 'untrusted' | 'invalid' | 'unavailable';

export interface ReportSignatureEntry {
  format: 'cosign' | 'sigstore-bundle' | 'notation';
  /** The trusted key that verified it ("key cosign.pub"), the certificate's subject, or "unknown key". */
  signer: string;
  verified: boolean;
  /** Why it did not verify, in words. */
  problem?: string;
}

export interface ReportSignature {
  status: SignatureStatus;
  /** The digest whose signatures were looked up (the index when the name points at one). */
  digest?: string;
  /** Whether the policy (`images.signatures.require` or `--require-signature`) demands a verified signature. */
  required: boolean;
  /** The status in one or two sentences. */
  note: string;
  signatures: ReportSignatureEntry[];
}

export interface ScanReport {
  schemaVersion: 1;
  image: {
    name: string;
    reference?: string;
    manifestDigest?: string;
    indexDigest?: string;
    /** "linux/amd64". */
    platform: string;
    source: 'registry' | 'docker-archive' | 'oci-layout' | 'docker-engine';
    os?: { id: string; versionId?: string; prettyName?: string; endOfLife?: string };
    user?: string;
    layers: ReportLayer[];
  };
  packages: ReportPackage[];
  vulnerabilities: ReportVulnerability[];
  findings: ReportFinding[];
  /** Whether every layer was read whole and matched its digest and size. 'failed': the image could not be
   * verified (a layer was altered or truncated, stopped as a decompression bomb, or cut off by a deadline), so
   * the rest of the report comes from unchecked or missing bytes and must not be taken as the image's state. */
  integrity: { status: 'verified' | 'failed'; note?: string };
  /** Who signed the image, and whether the signature policy trusts it. */
  signature: ReportSignature;
  /** Whether vulnerability data could be fetched; with no network the rest of the report still stands. */
  vulnerabilityData: { status: 'ok' | 'partial' | 'unavailable' | 'disabled'; source: string; note?: string };
  /** Steps that failed while others succeeded: the report is partial and says where. */
  problems: Array<{ step: string; message: string }>;
  summary: Record<VulnerabilitySeverity, number> & { packages: number; findings: number };
  scannedAt: string;
  durationMs: number;
}
