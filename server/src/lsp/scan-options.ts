// Decides how a scan the editor asked for may run: from the workspace's trust, the settings and the project's
// `.shipshape.yaml`. Untrusted workspaces never use the network or credentials, so registry scans are
// refused there with a message saying what to do instead; local images are still scanned, without OSV.
import type { ResolvedConfig } from '../engine/config';
import { parseImageReference } from '../engine/image-reference';
import { requiresSignature } from '../engine/signature-policy';
import { readScanTarget, type ScanTarget, type ShipshapeSettings } from '../protocol';
import { parsePlatform } from '../scan/platform';
import { targetName, type ScanOptions } from '../scan/scan-image';
import { loadTrustedKey, type TrustedKey } from '../scan/signatures/trusted-keys';
import { transferFromConfig } from '../scan/transfer-limits';
import type { Platform } from '../scan/types';

export interface ScanPolicy {
  trusted: boolean;
  settings: ShipshapeSettings;
  /** `scan.*` of the effective configuration (editor settings merged with the project file). */
  config: ResolvedConfig['scan'];
  /** `images.signatures` of the project file, key paths absolute. */
  signatures?: ResolvedConfig['signatures'];
  cacheDir?: string;
  today?: string;
}

export type ScanPlan = { ok: true; target: ScanTarget; options: ScanOptions } | { ok: false; message: string };

const LOCAL_ALTERNATIVE = 'scan a `docker save` tarball or an OCI layout folder instead';

/** Checks the request (it comes from the client: any shape) and builds the scan's options, or says why not. */
export function planScan(rawTarget: unknown, rawPlatform: unknown, policy: ScanPolicy): ScanPlan {
  const target = readScanTarget(rawTarget);
  if (!target) return { ok: false, message: 'The scan request names no image: it needs a registry image reference, a tarball path or an OCI layout folder.' };
  if (target.kind === 'registry' || target.kind === 'docker-engine') {
    const parsed = parseImageReference(target.image.trim());
    if (!parsed.ok) return { ok: false, message: `"${target.image}" is not an image reference (${parsed.error}). Write it as name[:tag][@digest], for example nginx:1.27.` };
  }
  const allowNetwork = policy.trusted && policy.settings.scan.allowNetwork;
  if (target.kind === 'registry' && !policy.trusted) {
    return {
      ok: false,
      message: `Shipshape did not scan ${target.image}: it contacts no registry and reads no credentials in an untrusted workspace. Trust this workspace to scan registry images, or ${LOCAL_ALTERNATIVE}.`,
    };
  }
  if (target.kind === 'registry' && !allowNetwork) {
    return {
      ok: false,
      message: `Shipshape did not scan ${target.image}: pulling it needs the network, and the setting shipshape.scan.allowNetwork is off. Turn the setting on, or ${LOCAL_ALTERNATIVE}.`,
    };
  }
  const platformText = typeof rawPlatform === 'string' && rawPlatform.trim() !== '' ? rawPlatform.trim() : policy.config.platform;
  let platform: Platform | undefined;
  if (platformText !== undefined) {
    platform = parsePlatform(platformText);
    if (!platform) return { ok: false, message: `"${platformText}" is not a platform. Write it as os/architecture[/variant], for example linux/amd64 or linux/arm64/v8.` };
  }
  const options: ScanOptions = {
    allowNetwork,
    insecureRegistries: policy.config.insecureRegistries,
    allowCredentialHelpers: policy.trusted,
    transfer: transferFromConfig(policy.config),
  };
  if (platform) options.platform = platform;
  if (policy.config.osvUrl) options.osvUrl = policy.config.osvUrl;
  if (policy.cacheDir) options.cacheDir = policy.cacheDir;
  if (policy.today) options.today = policy.today;
  if (policy.signatures !== undefined) {
    const keys: TrustedKey[] = [];
    for (const path of policy.signatures.keys) {
      const loaded = loadTrustedKey(path);
      if (!loaded.ok) return { ok: false, message: `Shipshape did not scan ${targetName(target)}: ${loaded.message} (images.signatures.keys in .shipshape.yaml).` };
      keys.push(loaded.key);
    }
    const reference = target.kind === 'registry' ? parseImageReference(target.image.trim()) : undefined;
    const required = reference?.ok === true ? requiresSignature(policy.signatures, reference.reference) : policy.signatures.require === true;
    options.signatures = { keys, required };
  }
  return { ok: true, target, options };
}

