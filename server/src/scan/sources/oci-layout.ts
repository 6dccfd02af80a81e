// An OCI image layout folder (`oci-layout`, `index.json`, `blobs/`), as written by `docker buildx
// --output type=oci,tar=false`, skopeo, crane, Podman and BuildKit.
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { describeError } from '../../host/file-system';
import { isRecord } from '../json-value';
import { ScanError, type Platform, type ResolvedImage } from '../types';
import { FolderBlobStore } from './blob-store';
import { parseJson, resolveOciIndex } from './oci-image';

export interface OciLayoutOptions {
  platform?: Platform;
  /** The image's `org.opencontainers.image.ref.name` annotation in index.json ("1.0", "latest"). */
  reference?: string;
  /** How the image is named in messages and the report; the folder as given by default. */
  name?: string;
  signal?: AbortSignal;
}

const MAX_INDEX_BYTES = 8 * 1024 * 1024;

async function readSmallFile(path: string, what: string, name: string): Promise<Buffer | undefined> {
  try {
    const info = await stat(path);
    if (!info.isFile()) throw new ScanError('resolve', name, `${what} is not a file.`);
    if (info.size > MAX_INDEX_BYTES) throw new ScanError('manifest', name, `${what} is ${info.size} bytes, too large for an image index.`);
    return await readFile(path);
  } catch (error) {
    if (error instanceof ScanError) throw error;
    if ((error as { code?: unknown }).code === 'ENOENT') return undefined;
    throw new ScanError('resolve', name, `${what} could not be read: ${describeError(error)}.`);
  }
}

export async function openOciLayout(dir: string, options: OciLayoutOptions = {}): Promise<ResolvedImage> {
  const name = options.name ?? dir;
  options.signal?.throwIfAborted();
  let info;
  try {
    info = await stat(dir);
  } catch (error) {
    throw new ScanError('resolve', name, `the OCI layout folder ${dir} could not be opened: ${describeError(error)}.`);
  }
  if (!info.isDirectory()) {
    throw new ScanError('resolve', name, `${dir} is a file, not an OCI layout folder; scan a docker save or OCI archive tarball as an archive instead.`);
  }
  const marker = await readSmallFile(join(dir, 'oci-layout'), join(dir, 'oci-layout'), name);
  if (!marker) {
    throw new ScanError('resolve', name, `${dir} is not an OCI image layout: it has no oci-layout file. Write one with skopeo, crane or docker buildx --output type=oci.`);
  }
  const layout = parseJson(marker, 'the oci-layout file', 'resolve', name);
  if (!isRecord(layout) || typeof layout.imageLayoutVersion !== 'string') {
    throw new ScanError('resolve', name, `the oci-layout file of ${dir} has no imageLayoutVersion, so ${dir} is not an OCI image layout.`);
  }
  const indexBytes = await readSmallFile(join(dir, 'index.json'), join(dir, 'index.json'), name);
  if (!indexBytes) throw new ScanError('manifest', name, `${dir} has no index.json, so it names no image.`);
  const index = parseJson(indexBytes, 'index.json', 'manifest', name);
  options.signal?.throwIfAborted();
  return resolveOciIndex(new FolderBlobStore(dir, dir), index, `index.json of ${dir}`, {
    name,
    ...(options.platform ? { platform: options.platform } : {}),
    ...(options.reference !== undefined ? { reference: options.reference } : {}),
  });
}
