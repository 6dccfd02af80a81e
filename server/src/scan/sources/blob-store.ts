// Content-addressed blobs (`blobs/<algorithm>/<hex>`) as an OCI image layout keeps them, either in a
// folder or inside a tar archive (a Docker 25+ `docker save`, an OCI archive).
import { createReadStream } from 'node:fs';
import { readFile, realpath, stat } from 'node:fs/promises';
import { isAbsolute, join, relative } from 'node:path';
import type { Readable } from 'node:stream';
import { isSupportedDigest } from '../content-digest';
import { ScanError } from '../types';
import type { TarIndex } from './tar-index';

export interface BlobStore {
  /** Where the blobs are, for messages: the folder or archive as the user named it. */
  readonly location: string;
  /** Stored size of the blob, or undefined when it is missing (or its digest is not one Shipshape can check). */
  sizeOf(digest: string): Promise<number | undefined>;
  /** The whole blob; the caller has checked its size with sizeOf first. */
  read(digest: string): Promise<Buffer>;
  open(digest: string): Promise<Readable>;
}

function blobPath(digest: string): string[] {
  const colon = digest.indexOf(':');
  return ['blobs', digest.slice(0, colon), digest.slice(colon + 1)];
}

export class FolderBlobStore implements BlobStore {
  private realFolder: Promise<string> | undefined;

  constructor(
    private readonly folder: string,
    readonly location: string,
  ) {}

  async sizeOf(digest: string): Promise<number | undefined> {
    const path = await this.realPath(digest);
    if (path === undefined) return undefined;
    try {
      const info = await stat(path);
      return info.isFile() ? info.size : undefined;
    } catch {
      return undefined;
    }
  }

  async read(digest: string): Promise<Buffer> {
    return readFile(await this.existingPath(digest));
  }

  async open(digest: string): Promise<Readable> {
    return createReadStream(await this.existingPath(digest));
  }

  private async existingPath(digest: string): Promise<string> {
    const path = await this.realPath(digest);
    if (path === undefined) throw new Error(`${digest} is not in ${this.location}`);
    return path;
  }

  /** The blob's file with links resolved, undefined when missing. A blob that is a link out of the layout
   * folder is refused: scanning a folder must never read /etc/shadow or a device because a link says so. */
  private async realPath(digest: string): Promise<string | undefined> {
    if (!isSupportedDigest(digest)) return undefined;
    this.realFolder ??= realpath(this.folder);
    const folder = await this.realFolder;
    let path: string;
    try {
      path = await realpath(join(this.folder, ...blobPath(digest)));
    } catch {
      return undefined;
    }
    const inside = relative(folder, path);
    if (inside === '' || inside.startsWith('..') || isAbsolute(inside)) {
      throw new ScanError(
        'resolve',
        this.location,
        `blob ${digest} is a link that leads out of the layout folder (to ${path}); Shipshape reads only blobs inside the folder. Copy the image again without links.`,
      );
    }
    return path;
  }
}

export class ArchiveBlobStore implements BlobStore {
  constructor(
    private readonly archive: TarIndex,
    readonly location: string,
  ) {}

  private member(digest: string) {
    return isSupportedDigest(digest) ? this.archive.file(blobPath(digest).join('/')) : undefined;
  }

  async sizeOf(digest: string): Promise<number | undefined> {
    return this.member(digest)?.size;
  }

  async read(digest: string): Promise<Buffer> {
    const member = this.member(digest);
    if (!member) throw new Error(`${digest} is not in ${this.location}`);
    return this.archive.readFile(member);
  }

  async open(digest: string): Promise<Readable> {
    const member = this.member(digest);
    if (!member) throw new Error(`${digest} is not in ${this.location}`);
    return this.archive.openFile(member);
  }
}
