// The contract between the VS Code client and the language server: the only server file the client imports.
// Names, ids and shapes only; no runtime dependencies.

export const DIAGNOSTIC_SOURCE = 'shipshape';
export const SETTINGS_SECTION = 'shipshape';
export const FIX_ALL_KIND = 'source.fixAll.shipshape';
export const CONFIG_FILE_GLOB = '**/.shipshape.{yaml,yml}';

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

/** Commands the client contributes (palette category "Shipshape"). */
export const ClientCommands = {
  lintWorkspace: 'shipshape.lintWorkspace',
  showRuleDocumentation: 'shipshape.showRuleDocumentation',
  createConfigFile: 'shipshape.createConfigFile',
  restartServer: 'shipshape.restartServer',
  showOutput: 'shipshape.showOutput',
  scanImage: 'shipshape.scanImage',
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
} as const;

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
  scan: { osvUrl: string; allowNetwork: boolean };
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
  scan: { osvUrl: '', allowNetwork: true },
};

/** What the server keeps in `Diagnostic.data`, so code actions need no server state. */
export interface DiagnosticData {
  ruleId: string;
  /** Document version the diagnostic was computed for; edits go out versioned so a stale fix is rejected. */
  version: number;
  /** The fixes on offer. Their edits are recomputed for the code action from the same version's text, which
   * keeps diagnostics small: a large manifest has hundreds of findings. */
  fixes: Array<{ title: string; safety: 'safe' | 'unsafe' }>;
}

export interface LspRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}
