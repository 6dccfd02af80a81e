// Installed Python distributions: a wheel install's <name>-<version>.dist-info/METADATA, a setuptools
// install's <name>.egg-info/PKG-INFO, or an old distutils install's single <name>.egg-info file. All three
// use the core metadata format (https://packaging.python.org/en/latest/specifications/core-metadata/):
// e-mail style headers, then the long description.
import type { ImageFiles } from '../types';
import { declaredLicense, readManifestPackages, type InventoryPart, type PackageRecord } from './package-record';

/** The long description makes METADATA files of a few hundred kilobytes common. */
export const MAX_PYTHON_METADATA_BYTES = 4 * 1024 * 1024;
const MAX_PYTHON_PACKAGES = 50_000;

// PEP 508 names.
const NAME = /^[A-Z0-9](?:[A-Z0-9._-]*[A-Z0-9])?$/i;
const VERSION = /^\S{1,256}$/;

export function isPythonMetadataPath(path: string): boolean {
  // Asked of every file of every layer, so the cheap test comes first.
  if (!path.endsWith('/METADATA') && !path.endsWith('/PKG-INFO') && !path.endsWith('.egg-info')) return false;
  const parts = path.split('/');
  const fileName = parts[parts.length - 1] ?? '';
  const folder = parts[parts.length - 2] ?? '';
  if (fileName === 'METADATA') return folder.length > '.dist-info'.length && folder.endsWith('.dist-info');
  if (fileName === 'PKG-INFO') return folder.length > '.egg-info'.length && folder.endsWith('.egg-info');
  return fileName.length > '.egg-info'.length && fileName.endsWith('.egg-info');
}

/** PEP 503: runs of "-", "_" and "." are one "-", and case does not matter. */
export function normalizePythonName(name: string): string {
  return name.replace(/[-_.]+/g, '-').toLowerCase();
}

/** The headers up to the first blank line, by lower-case name; folded continuation lines are skipped. */
function metadataHeaders(text: string): Map<string, string> {
  const headers = new Map<string, string>();
  for (const rawLine of text.split('\n')) {
    const line = rawLine.endsWith('\r') ? rawLine.slice(0, -1) : rawLine;
    if (line.trim() === '') break;
    if (line.startsWith(' ') || line.startsWith('\t')) continue;
    const colon = line.indexOf(':');
    if (colon <= 0) continue;
    const name = line.slice(0, colon).trim().toLowerCase();
    if (!headers.has(name)) headers.set(name, line.slice(colon + 1).trim());
  }
  return headers;
}

export function parsePythonMetadata(content: Buffer): PackageRecord | undefined {
  const headers = metadataHeaders(content.toString('utf8').replace(/^\uFEFF/, ''));
  const name = headers.get('name');
  const version = headers.get('version');
  if (name === undefined || version === undefined || !NAME.test(name) || !VERSION.test(version)) return undefined;
  // License-Expression (metadata 2.4) is SPDX; the older License field is free text, often a whole licence.
  const license = declaredLicense(headers.get('license-expression') ?? headers.get('license'));
  return { name, version, ecosystem: 'pypi', ...(license ? { license } : {}) };
}

export function readPythonPackages(files: ImageFiles): InventoryPart {
  return readManifestPackages(files, { ecosystem: 'Python', max: MAX_PYTHON_PACKAGES, isManifestPath: isPythonMetadataPath, parse: parsePythonMetadata });
}
