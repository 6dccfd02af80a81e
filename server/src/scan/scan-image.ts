// The image scan, start to finish: open the image from its source, read the files that matter from its
// layers, take the package inventory, run the image checks, match packages against OSV, and assemble the
// report. Only a failure to open the image is fatal; later steps that fail leave a partial report that
// says which step failed. A layer that cannot be read whole and verified marks the report's integrity as
// failed, which every output states and the CLI's exit code follows.
import type {
  ReportFinding,
  ReportLayer,
  ReportVulnerability,
  ScanReport,
  ScanTarget,
  VulnerabilitySeverity,
} from '../protocol';
import { checkImage, IMAGE_CHECK_FILES } from './checks';
import { INVENTORY_FILES, takeInventory } from './inventory';
import { readImageFiles } from './layers';
import { DEFAULT_OSV_URL, findVulnerabilities } from './osv';
import { formatPlatform } from './platform';
import { resolveRegistryImage, type RegistryOptions } from './registry';
import { connectRegistry } from './registry/registry-client';
import { checkImageSignatures, signatureUnavailable, type SignaturePolicy } from './signatures/image-signatures';
import { openDockerArchive, openDockerEngineImage, openOciLayout } from './sources';
import { scanDeadline, transferLimits, type TransferLimits } from './transfer-limits';
import {
  PlatformNotFoundError,
  ScanError,
  type FileWanted,
  type ImageFiles,
  type Inventory,
  type OsIdentity,
  type Platform,
  type ProgressListener,
  type ResolvedImage,
  type ScanStep,
} from './types';

export interface ScanOptions {
  /** Platform to pick from a multi-platform image; default: the user's own. */
  platform?: Platform;
  osvUrl?: string;
  /** False: no registry and no OSV requests (untrusted workspace, or the user turned the network off). */
  allowNetwork: boolean;
  /** False skips the OSV lookup alone (`shipshape scan --offline`); default true. */
  lookUpVulnerabilities?: boolean;
  insecureRegistries: string[];
  dockerConfigPath?: string;
  /** Credential helpers run programs: only in trusted workspaces. */
  allowCredentialHelpers: boolean;
  /** Where OSV answers are cached between scans; none = memory only. */
  cacheDir?: string;
  signal?: AbortSignal;
  /** Deadlines for the scan and each blob, and the minimum transfer rate; defaults in transfer-limits.ts. */
  transfer?: Partial<TransferLimits>;
  onProgress?: ProgressListener;
  /** YYYY-MM-DD, for end-of-life checks. */
  today?: string;
  /** The keys trusted for image signatures and whether one is required; default: no keys, not required. */
  signatures?: SignaturePolicy;
}

/** What a user calls the image in messages. */
export function targetName(target: ScanTarget): string {
  return target.kind === 'registry' || target.kind === 'docker-engine' ? target.image : target.path;
}

export async function scanImage(target: ScanTarget, caller: ScanOptions): Promise<ScanReport> {
  const transfer = transferLimits(caller.transfer);
  const deadline = scanDeadline(transfer, caller.signal);
  try {
    // Every step sees a signal that aborts on the caller's cancellation or the scan's deadline; only the
    // caller's own cancellation (caller.signal) ends the scan without a report.
    return await scanWithin(target, { ...caller, transfer, signal: deadline.signal }, caller.signal);
  } finally {
    deadline.stop();
  }
}

async function scanWithin(target: ScanTarget, options: ScanOptions, cancellation: AbortSignal | undefined): Promise<ScanReport> {
  const started = Date.now();
  const name = targetName(target);
  const problems: ScanReport['problems'] = [];
  const recordProblem = (step: ScanStep, error: unknown): void => {
    if (cancellation?.aborted) throw cancellation.reason ?? error;
    problems.push({ step, message: describeScanError(error) });
  };

  const image = await openImage(target, options);
  try {
    let files: ImageFiles = { files: new Map(), warnings: [] };
    let integrity: ScanReport['integrity'] = { status: 'verified' };
    try {
      files = await readImageFiles(image, combineWanted(INVENTORY_FILES, IMAGE_CHECK_FILES), {
        signal: options.signal,
        transfer: options.transfer,
        onProgress: options.onProgress,
      });
    } catch (error) {
      if (cancellation?.aborted) throw cancellation.reason ?? error;
      // Every layer must be read whole and match its digest: a layer that was altered, cut short, stopped as
      // a bomb or by a deadline leaves the image unverified, and the scan must not pass it as clean.
      integrity = { status: 'failed', note: unverifiedNote(name, error) };
    }
    for (const warning of files.warnings) problems.push({ step: 'layers', message: warning });

    options.onProgress?.({ step: 'inventory', detail: 'reading package databases' });
    let inventory: Inventory = { packages: [], warnings: [] };
    try {
      inventory = await takeInventory(files);
    } catch (error) {
      recordProblem('inventory', error);
    }
    for (const warning of inventory.warnings) problems.push({ step: 'inventory', message: warning });

    options.onProgress?.({ step: 'checks', detail: 'checking the image configuration and files' });
    let findings: ReportFinding[] = [];
    try {
      findings = checkImage({
        image,
        files,
        inventory,
        today: options.today ?? new Date().toISOString().slice(0, 10),
        onCheckError: (checkId, error) => problems.push({ step: 'checks', message: `the ${checkId} check failed and was skipped: ${describeScanError(error)}` }),
      });
    } catch (error) {
      recordProblem('checks', error);
    }

    const osvUrl = options.osvUrl || DEFAULT_OSV_URL;
    let vulnerabilities: ReportVulnerability[] = [];
    let vulnerabilityData: ScanReport['vulnerabilityData'];
    if (integrity.status === 'failed') {
      // The packages of an unverified image are not its packages: no lookup, and no "none known" either.
      vulnerabilityData = {
        status: 'unavailable',
        source: osvUrl,
        note: 'Vulnerability data unavailable: the image could not be verified, so its packages were not looked up.',
      };
    } else if (!options.allowNetwork) {
      vulnerabilityData = {
        status: 'disabled',
        source: osvUrl,
        note: 'Vulnerability data was not fetched because network access is off for this scan (an untrusted workspace, or the shipshape.scan.allowNetwork setting); packages and image checks are still reported.',
      };
    } else if (options.lookUpVulnerabilities === false) {
      vulnerabilityData = { status: 'disabled', source: osvUrl, note: 'Vulnerability lookup was turned off (--offline); packages and image checks are still reported.' };
    } else if (inventory.packages.length === 0) {
      vulnerabilityData = { status: 'ok', source: osvUrl, note: 'No packages were found, so there was nothing to look up.' };
    } else {
      options.onProgress?.({ step: 'vulnerabilities', detail: `looking up ${inventory.packages.length} packages` });
      try {
        const result = await findVulnerabilities(inventory, {
          url: osvUrl,
          cacheDir: options.cacheDir,
          signal: options.signal,
          onProgress: options.onProgress,
        });
        vulnerabilities = result.vulnerabilities;
        vulnerabilityData = { status: result.status, source: osvUrl, ...(result.note ? { note: result.note } : {}) };
      } catch (error) {
        recordProblem('vulnerabilities', error);
        vulnerabilityData = { status: 'unavailable', source: osvUrl, note: `Vulnerability data unavailable: ${describeScanError(error)}` };
      }
    }

    const signature = await checkSignatures(target, image, options, cancellation);

    vulnerabilities.sort(compareVulnerabilities);
    return {
      schemaVersion: 1,
      image: {
        name,
        ...(image.reference ? { reference: image.reference } : {}),
        ...(image.manifestDigest ? { manifestDigest: image.manifestDigest } : {}),
        ...(image.indexDigest ? { indexDigest: image.indexDigest } : {}),
        platform: formatPlatform(image.platform),
        source: target.kind,
        ...(inventory.os ? { os: osSummary(inventory.os, findings) } : {}),
        ...(image.config.config?.User ? { user: image.config.config.User } : {}),
        layers: reportLayers(image),
      },
      packages: inventory.packages
        .map(({ arch: _arch, ...pkg }) => pkg)
        .sort((a, b) => compareText(a.ecosystem, b.ecosystem) || compareText(a.name, b.name) || compareText(a.version, b.version)),
      vulnerabilities,
      findings,
      integrity,
      signature,
      vulnerabilityData,
      problems,
      summary: summarise(vulnerabilities, inventory.packages.length, findings.length),
      scannedAt: new Date(started).toISOString(),
      durationMs: Date.now() - started,
    };
  } finally {
    await image.dispose?.();
  }
}

async function openImage(target: ScanTarget, options: ScanOptions): Promise<ResolvedImage & { dispose?: () => unknown }> {
  options.onProgress?.({ step: 'resolve', detail: `opening ${targetName(target)}` });
  switch (target.kind) {
    case 'registry':
      if (!options.allowNetwork) {
        throw new ScanError(
          'resolve',
          target.image,
          'pulling from a registry needs network access, which is off for this scan (an untrusted workspace, or the shipshape.scan.allowNetwork setting). Trust the workspace or scan a `docker save` tarball instead.',
        );
      }
      return resolveRegistryImage(target.image, registryOptions(options));
    case 'docker-archive':
      return openDockerArchive(target.path, { platform: options.platform, signal: options.signal });
    case 'oci-layout':
      return openOciLayout(target.path, { platform: options.platform, signal: options.signal });
    case 'docker-engine':
      return openDockerEngineImage(target.image, { signal: options.signal });
  }
}

function registryOptions(options: ScanOptions): RegistryOptions {
  return {
    platform: options.platform,
    insecureRegistries: options.insecureRegistries,
    dockerConfigPath: options.dockerConfigPath,
    allowCredentialHelpers: options.allowCredentialHelpers,
    signal: options.signal,
    ...(options.transfer?.blobTimeoutMs !== undefined ? { totalTimeoutMs: options.transfer.blobTimeoutMs } : {}),
    onProgress: options.onProgress,
  };
}

/** Signatures live beside the image in its registry: looked up for registry images, by the digest the name
 * resolved to (the index for a multi-platform image, as `cosign sign` signs it). */
async function checkSignatures(target: ScanTarget, image: ResolvedImage, options: ScanOptions, cancellation: AbortSignal | undefined): Promise<ScanReport['signature']> {
  const policy = options.signatures ?? { keys: [], required: false };
  const digest = image.indexDigest ?? image.manifestDigest;
  if (target.kind !== 'registry' || digest === undefined) {
    return signatureUnavailable(policy.required, 'signatures are stored in the registry, and this image was read from a file or the local Docker Engine; scan it by its registry name to check them.');
  }
  options.onProgress?.({ step: 'signatures', detail: 'looking up signatures' });
  try {
    return await checkImageSignatures(connectRegistry(target.image, registryOptions(options)), digest, policy);
  } catch (error) {
    if (cancellation?.aborted) throw cancellation.reason ?? error;
    return { ...signatureUnavailable(policy.required, describeScanError(error)), digest };
  }
}

/** A file is kept when any stage wants it; 'history' wins over a plain `true`. */
export function combineWanted(...wanted: FileWanted[]): FileWanted {
  return (path, size) => {
    let keep: boolean | 'history' = false;
    for (const want of wanted) {
      const answer = want(path, size);
      if (answer === 'history') return 'history';
      if (answer) keep = true;
    }
    return keep;
  };
}

function unverifiedNote(name: string, error: unknown): string {
  return (
    `The image ${name} could not be verified: ${describeScanError(error)} ` +
    'The packages, findings and vulnerabilities below come from unchecked or incomplete layers; do not rely on them.'
  );
}

/**
 * One line for a failed scan. `choosePlatform` says how this front picks a platform (`--platform` on the
 * command line, a setting in the editor), for an image that is not available for the wanted one.
 */
export function describeScanError(error: unknown, choosePlatform?: (example: string) => string): string {
  if (error instanceof PlatformNotFoundError && choosePlatform && error.available[0] !== undefined) {
    return `${STEP_LABELS[error.step]} ${error.image}: ${error.message} ${choosePlatform(error.available[0])}`;
  }
  if (error instanceof ScanError) return `${STEP_LABELS[error.step]} ${error.image}: ${error.message}`;
  return error instanceof Error ? error.message : String(error);
}

const STEP_LABELS: Record<ScanStep, string> = {
  resolve: 'opening',
  auth: 'authenticating for',
  manifest: 'reading the manifest of',
  config: 'reading the configuration of',
  layers: 'reading the layers of',
  inventory: 'taking the package inventory of',
  checks: 'checking',
  vulnerabilities: 'looking up vulnerabilities for',
  signatures: 'checking the signatures of',
};

function osSummary(os: OsIdentity, findings: ReportFinding[]): NonNullable<ScanReport['image']['os']> {
  const eol = findings.find((finding) => finding.id === 'image-os-eol');
  return {
    id: os.id,
    ...(os.versionId ? { versionId: os.versionId } : {}),
    ...(os.prettyName ? { prettyName: os.prettyName } : {}),
    ...(eol ? { endOfLife: eol.message } : {}),
  };
}

/** Layers with the build step that made each: history entries with `empty_layer` made no layer. */
function reportLayers(image: ResolvedImage): ReportLayer[] {
  const steps = (image.config.history ?? []).filter((entry) => !entry.empty_layer).map((entry) => entry.created_by);
  return image.layers.map((layer, index) => {
    const createdBy = steps.length === image.layers.length ? steps[index] : undefined;
    return { index: layer.index, digest: layer.digest, size: layer.size, ...(createdBy ? { createdBy } : {}) };
  });
}

export const SEVERITY_ORDER: readonly VulnerabilitySeverity[] = ['critical', 'high', 'medium', 'low', 'unknown'];

function compareVulnerabilities(a: ReportVulnerability, b: ReportVulnerability): number {
  return (
    SEVERITY_ORDER.indexOf(a.severity) - SEVERITY_ORDER.indexOf(b.severity) ||
    (b.score ?? 0) - (a.score ?? 0) ||
    compareText(a.package.name, b.package.name) ||
    compareText(a.id, b.id)
  );
}

function summarise(vulnerabilities: ReportVulnerability[], packages: number, findings: number): ScanReport['summary'] {
  const summary: ScanReport['summary'] = { critical: 0, high: 0, medium: 0, low: 0, unknown: 0, packages, findings };
  for (const vulnerability of vulnerabilities) summary[vulnerability.severity]++;
  return summary;
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
