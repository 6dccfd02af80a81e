// The files the inventory reads, for the layer reader: everything else keeps only its metadata.
import type { FileWanted } from '../types';
import { APK_INSTALLED_PATH } from './apk';
import { DPKG_STATUS_PATH, isDpkgStatusDirEntry } from './dpkg';
import { isNpmManifestPath, MAX_NPM_MANIFEST_BYTES } from './npm';
import { MAX_RELEASE_FILE_BYTES, OS_RELEASE_PATHS, RELEASE_FILE_PATHS } from './os-release';
import { isPythonMetadataPath, MAX_PYTHON_METADATA_BYTES } from './python';
import { RPMDB_SQLITE_PATHS } from './rpm';

/** A distroless status.d entry describes one package in a few kilobytes. */
const MAX_STATUS_DIR_ENTRY_BYTES = 1024 * 1024;

const RELEASE_FILES = new Set<string>([...OS_RELEASE_PATHS, ...RELEASE_FILE_PATHS]);
// Earlier versions of the package databases tell which layer installed each package.
const DATABASES_WITH_HISTORY = new Set<string>([DPKG_STATUS_PATH, APK_INSTALLED_PATH, ...RPMDB_SQLITE_PATHS]);

export const INVENTORY_FILES: FileWanted = (path, size) => {
  if (DATABASES_WITH_HISTORY.has(path)) return 'history';
  if (RELEASE_FILES.has(path)) return size <= MAX_RELEASE_FILE_BYTES;
  if (isNpmManifestPath(path)) return size <= MAX_NPM_MANIFEST_BYTES;
  if (isPythonMetadataPath(path)) return size <= MAX_PYTHON_METADATA_BYTES;
  if (isDpkgStatusDirEntry(path)) return size <= MAX_STATUS_DIR_ENTRY_BYTES;
  return false;
};
