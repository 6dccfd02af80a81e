// npm packages: each installed package's own package.json, directly under node_modules/<name>/ or
// node_modules/@scope/<name>/ (at any depth, so nested and pnpm-style installs count). Other package.json
// files inside a package (dist/esm/package.json and the like) describe no package and are not read.
import type { ImageFiles } from '../types';
import { declaredLicense, readManifestPackages, type InventoryPart, type PackageRecord } from './package-record';

/** A package.json is a few kilobytes; old npm versions copied the README into it, hence the headroom. */
export const MAX_NPM_MANIFEST_BYTES = 1024 * 1024;
/** Large applications install a few thousand packages. */
const MAX_NPM_PACKAGES = 50_000;

// validate-npm-package-name, with upper case allowed because old packages (JSONStream) have it.
const NPM_NAME = /^(?:@[a-z0-9~-][a-z0-9._~-]*\/)?[a-z0-9~-][a-z0-9._~-]*$/i;
const MAX_NAME_LENGTH = 214;
const VERSION = /^\S{1,256}$/;

function isPackageFolder(name: string | undefined): boolean {
  return name !== undefined && name !== '' && !name.startsWith('.') && !name.startsWith('@');
}

export function isNpmManifestPath(path: string): boolean {
  // Asked of every file of every layer, so the cheap test comes first.
  if (!path.endsWith('/package.json')) return false;
  const parts = path.split('/');
  const count = parts.length;
  if (parts[count - 1] !== 'package.json' || !isPackageFolder(parts[count - 2])) return false;
  if (parts[count - 3] === 'node_modules') return true;
  const scope = parts[count - 3];
  return parts[count - 4] === 'node_modules' && scope !== undefined && scope.length > 1 && scope.startsWith('@');
}

/** The package a package.json describes; undefined for files that are not JSON or name no published
 * package (a private workspace package has no version). */
export function parseNpmManifest(content: Buffer): PackageRecord | undefined {
  let manifest: unknown;
  try {
    manifest = JSON.parse(content.toString('utf8').replace(/^\uFEFF/, ''));
  } catch {
    return undefined;
  }
  if (typeof manifest !== 'object' || manifest === null) return undefined;
  const { name, version, license: declared } = manifest as { name?: unknown; version?: unknown; license?: unknown };
  if (typeof name !== 'string' || typeof version !== 'string') return undefined;
  if (name.length > MAX_NAME_LENGTH || !NPM_NAME.test(name) || !VERSION.test(version)) return undefined;
  // Old packages wrote `"license": {"type": "MIT"}`.
  const license = declaredLicense(typeof declared === 'object' && declared !== null ? (declared as { type?: unknown }).type : declared);
  return { name, version, ecosystem: 'npm', ...(license ? { license } : {}) };
}

export function readNpmPackages(files: ImageFiles): InventoryPart {
  return readManifestPackages(files, { ecosystem: 'npm', max: MAX_NPM_PACKAGES, isManifestPath: isNpmManifestPath, parse: parseNpmManifest });
}
