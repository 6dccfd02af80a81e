// Image platforms as users write them ("linux/arm64/v8") and as Node names the machine it runs on.
import type { Platform } from './types';

const PLATFORM_TEXT = /^([a-z0-9]+)\/([a-z0-9_]+)(?:\/([a-z0-9]+))?$/;

/** "linux/amd64" → { os, architecture }; undefined for text that is not a platform. */
export function parsePlatform(text: string): Platform | undefined {
  const match = PLATFORM_TEXT.exec(text.trim().toLowerCase());
  if (!match?.[1] || !match[2]) return undefined;
  return { os: match[1], architecture: match[2], ...(match[3] ? { variant: match[3] } : {}) };
}

export function formatPlatform(platform: Platform): string {
  return [platform.os, platform.architecture, platform.variant].filter(Boolean).join('/');
}

const NODE_ARCHITECTURES: Record<string, Platform['architecture']> = {
  x64: 'amd64',
  arm64: 'arm64',
  arm: 'arm',
  ia32: '386',
  ppc64: 'ppc64le',
  s390x: 's390x',
  riscv64: 'riscv64',
};

/** The platform of this machine as an image platform. Containers are Linux images on macOS and Windows
 * too (Docker Desktop runs a Linux VM), so the OS is always linux. */
export function hostPlatform(arch: string = process.arch): Platform {
  const architecture = NODE_ARCHITECTURES[arch] ?? arch;
  return { os: 'linux', architecture, ...(architecture === 'arm' ? { variant: 'v7' } : {}) };
}
