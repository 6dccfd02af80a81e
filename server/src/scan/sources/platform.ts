// Platforms as OCI writes them ("linux/arm64/v8") and the choice of one image from a multi-platform
// index: the platform asked for, else the machine's own, else linux/amd64, else the first.
import type { Platform } from '../types';

/** Node's process.arch → the GOARCH names images use. */
const GO_ARCHITECTURES: Record<string, string> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
  loong64: 'loong64',
  mips: 'mips',
  mipsel: 'mipsle',
};

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

/** arm64's variant is v8 when left out, so "linux/arm64" and "linux/arm64/v8" are the same platform. */
function normalVariant(platform: Platform): string | undefined {
  if (platform.architecture === 'arm64') return platform.variant ?? 'v8';
  return platform.variant || undefined;
}

/** True when `offered` serves `wanted`; a wanted platform without a variant accepts any variant. */
export function platformMatches(wanted: Platform, offered: Platform): boolean {
  if (wanted.os !== offered.os || wanted.architecture !== offered.architecture) return false;
  const wantedVariant = wanted.variant ? normalVariant(wanted) : undefined;
  return wantedVariant === undefined || wantedVariant === normalVariant(offered);
}

export function hostPlatform(): Platform {
  const architecture = GO_ARCHITECTURES[process.arch] ?? process.arch;
  return architecture === 'arm' ? { os: 'linux', architecture, variant: 'v7' } : { os: 'linux', architecture };
}

/**
 * Picks among candidates by platform. With a wanted platform only a match will do (undefined when none
 * matches); otherwise the host's platform is preferred, then linux/amd64, then the first candidate.
 */
export function choosePlatform<T>(candidates: T[], platformOf: (candidate: T) => Platform | undefined, wanted?: Platform): T | undefined {
  const matching = (platform: Platform) => candidates.find((candidate) => {
    const offered = platformOf(candidate);
    return offered !== undefined && platformMatches(platform, offered);
  });
  if (wanted) return matching(wanted);
  if (candidates.length <= 1) return candidates[0];
  return matching(hostPlatform()) ?? matching({ os: 'linux', architecture: 'amd64' }) ?? candidates[0];
}
