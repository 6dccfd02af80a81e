// Platforms (`linux/arm64/v8`): the user's own, and picking the best manifest for one from a
// multi-platform index the way containerd does (normalised names, compatible older variants).
import os from 'node:os';
import type { Descriptor, Platform } from '../types';

/** Node's process.arch → the GOARCH names images use. */
const NODE_ARCHITECTURES: Record<string, string> = {
  x64: 'amd64',
  ia32: '386',
  arm64: 'arm64',
  arm: 'arm',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  mips: 'mips',
  mipsel: 'mipsle',
};

/**
 * The platform whose image the user would run. The OS is always Linux: Docker Desktop on macOS and Windows
 * runs Linux containers, and Linux images are what Shipshape can read.
 */
export function hostPlatform(
  arch: string = process.arch,
  endianness: 'BE' | 'LE' = os.endianness(),
  armVersion: unknown = (process.config.variables as unknown as Record<string, unknown>).arm_version,
): Platform {
  if (arch === 'arm64') return { os: 'linux', architecture: 'arm64', variant: 'v8' };
  if (arch === 'arm') return { os: 'linux', architecture: 'arm', variant: `v${typeof armVersion === 'string' && /^[5-7]$/.test(armVersion) ? armVersion : '7'}` };
  if (arch === 'ppc64') return { os: 'linux', architecture: endianness === 'LE' ? 'ppc64le' : 'ppc64' };
  return { os: 'linux', architecture: NODE_ARCHITECTURES[arch] ?? arch };
}

/** `linux/arm64/v8`, `linux/amd64`. */
export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter((part) => part !== undefined && part !== '').join('/');
}

/** `linux/arm64`, `linux/arm/v7`, `arm64` (Linux implied) → Platform; undefined when it has too many parts. */
export function parsePlatform(text: string): Platform | undefined {
  const parts = text.trim().toLowerCase().split('/');
  if (parts.some((part) => part === '') || parts.length > 3) return undefined;
  const [first = '', second, third] = parts;
  if (parts.length === 1) return { os: 'linux', architecture: first };
  return third === undefined ? { os: first, architecture: second ?? '' } : { os: first, architecture: second ?? '', variant: third };
}

/** Normalised as containerd does: `aarch64` → `arm64`, `x86_64` → `amd64`, arm without variant → v7. */
export function normalizePlatform(platform: Platform): Required<Platform> {
  const osName = platform.os.toLowerCase();
  let architecture = platform.architecture.toLowerCase();
  let variant = (platform.variant ?? '').toLowerCase();
  switch (architecture) {
    case 'i386':
      architecture = '386';
      variant = '';
      break;
    case 'x86_64':
    case 'x86-64':
    case 'amd64':
      architecture = 'amd64';
      if (variant === 'v1') variant = '';
      break;
    case 'aarch64':
    case 'arm64':
      architecture = 'arm64';
      if (variant === '' || variant === '8') variant = 'v8';
      break;
    case 'armhf':
      architecture = 'arm';
      variant = 'v7';
      break;
    case 'armel':
      architecture = 'arm';
      variant = 'v6';
      break;
    case 'arm':
      if (variant === '' || variant === '7') variant = 'v7';
      else if (/^[5-8]$/.test(variant)) variant = `v${variant}`;
      break;
  }
  return { os: osName, architecture, variant };
}

/** How well a candidate's variant suits the wanted platform, 0 = best, -1 = unusable: arm/v7 also runs v6
 * and v5 images, amd64/v3 also runs v2 and v1, and a wanted platform without variant takes any. */
function variantRank(wanted: Required<Platform>, candidateVariant: string): number {
  const version = /^v(\d+)$/.exec(wanted.variant)?.[1];
  if (wanted.architecture === 'arm' && version !== undefined) {
    const candidate = /^v(\d+)$/.exec(candidateVariant)?.[1];
    return candidate !== undefined && Number(candidate) <= Number(version) && Number(candidate) >= 5 ? Number(version) - Number(candidate) : -1;
  }
  if (wanted.architecture === 'amd64') {
    const level = (variant: string): number => (variant === '' ? 1 : Number(/^v(\d+)$/.exec(variant)?.[1] ?? Number.NaN));
    const candidate = level(candidateVariant);
    return candidate <= level(wanted.variant) ? level(wanted.variant) - candidate : -1;
  }
  if (candidateVariant === wanted.variant) return 0;
  return wanted.variant === '' ? 1 : -1;
}

/** Index entries that are not images: BuildKit's provenance and SBOM attestations. */
export function isAttestation(descriptor: Descriptor): boolean {
  return (
    descriptor.annotations?.['vnd.docker.reference.type'] === 'attestation-manifest' ||
    (descriptor.platform?.os === 'unknown' && descriptor.platform.architecture === 'unknown')
  );
}

export type PlatformChoice = { found: true; descriptor: Descriptor } | { found: false; available: string[] };

/** The index entry for `wanted`: exact variant first, then older compatible ones, in index order. */
export function selectPlatformManifest(entries: readonly Descriptor[], wanted: Platform): PlatformChoice {
  const target = normalizePlatform(wanted);
  let best: { descriptor: Descriptor; rank: number } | undefined;
  const available: string[] = [];
  for (const descriptor of entries) {
    if (descriptor.platform === undefined || isAttestation(descriptor)) continue;
    const candidate = normalizePlatform(descriptor.platform);
    const label = formatPlatform(descriptor.platform);
    if (!available.includes(label)) available.push(label);
    if (candidate.os !== target.os || candidate.architecture !== target.architecture) continue;
    const rank = variantRank(target, candidate.variant);
    if (rank !== -1 && (best === undefined || rank < best.rank)) best = { descriptor, rank };
  }
  return best !== undefined ? { found: true, descriptor: best.descriptor } : { found: false, available };
}
