// Image platforms: as users write them ("linux/arm64/v8"), the machine's own, and which image platforms
// serve a wanted one, the way containerd matches them (normalised names, compatible older variants).
import os from 'node:os';
import type { Platform } from './types';

const PLATFORM_TEXT = /^([a-z0-9]+)\/([a-z0-9_]+)(?:\/([a-z0-9]+))?$/;

/** "linux/amd64", "linux/arm64/v8" → Platform; undefined for text that is not os/architecture[/variant]. */
export function parsePlatform(text: string): Platform | undefined {
  const match = PLATFORM_TEXT.exec(text.trim().toLowerCase());
  if (!match?.[1] || !match[2]) return undefined;
  return { os: match[1], architecture: match[2], ...(match[3] ? { variant: match[3] } : {}) };
}

/** `linux/arm64/v8`, `linux/amd64`. */
export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

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

/** Normalised as containerd does: `aarch64` → `arm64`, `x86_64` → `amd64`, arm64 without variant → v8,
 * arm without variant → v7. */
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

/** How well `offered` serves `wanted`, 0 = exactly, -1 = not at all: arm/v7 also runs v6 and v5 images,
 * amd64/v3 also runs v2 and v1, and a wanted platform without variant takes any. */
function matchRank(wanted: Platform, offered: Platform): number {
  const target = normalizePlatform(wanted);
  const candidate = normalizePlatform(offered);
  if (candidate.os !== target.os || candidate.architecture !== target.architecture) return -1;
  const version = /^v(\d+)$/.exec(target.variant)?.[1];
  if (target.architecture === 'arm' && version !== undefined) {
    const candidateVersion = /^v(\d+)$/.exec(candidate.variant)?.[1];
    if (candidateVersion === undefined) return -1;
    return Number(candidateVersion) <= Number(version) && Number(candidateVersion) >= 5 ? Number(version) - Number(candidateVersion) : -1;
  }
  if (target.architecture === 'amd64') {
    const level = (variant: string): number => (variant === '' ? 1 : Number(/^v(\d+)$/.exec(variant)?.[1] ?? Number.NaN));
    return level(candidate.variant) <= level(target.variant) ? level(target.variant) - level(candidate.variant) : -1;
  }
  if (candidate.variant === target.variant) return 0;
  return target.variant === '' ? 1 : -1;
}

/** True when an image for `offered` runs where `wanted` is asked for. */
export function platformMatches(wanted: Platform, offered: Platform): boolean {
  return matchRank(wanted, offered) !== -1;
}

/**
 * Picks among candidates by platform. With a wanted platform only a match will do: the exact variant
 * first, then older compatible ones, in the candidates' order (undefined when none matches). Without
 * one, the machine's own platform is preferred, then linux/amd64, then the first candidate.
 */
export function choosePlatform<T>(candidates: readonly T[], platformOf: (candidate: T) => Platform | undefined, wanted?: Platform): T | undefined {
  const bestFor = (target: Platform): T | undefined => {
    let best: { candidate: T; rank: number } | undefined;
    for (const candidate of candidates) {
      const offered = platformOf(candidate);
      const rank = offered === undefined ? -1 : matchRank(target, offered);
      if (rank !== -1 && (best === undefined || rank < best.rank)) best = { candidate, rank };
    }
    return best?.candidate;
  };
  if (wanted) return bestFor(wanted);
  if (candidates.length <= 1) return candidates[0];
  return bestFor(hostPlatform()) ?? bestFor({ os: 'linux', architecture: 'amd64' }) ?? candidates[0];
}
