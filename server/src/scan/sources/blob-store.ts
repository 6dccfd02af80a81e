// Content-addressed blobs (`blobs/<algorithm>/<hex>`) as an OCI image layout keeps them, either in a
// folder or inside a tar archive (a Docker 25+ `docker save`, an OCI archive).
import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Readable } from 'node:stream';
import { isSupportedDigest } from '../content-digest';
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
  constructor(
    private readonly folder: string,
    readonly location: string,
  ) {}

  async sizeOf(digest: string): Promise<number | undefined> {
    if (!isSupportedDigest(digest)) return undefined;
    try {
      const info = await stat(join(this.folder, ...blobPath(digest)));
      return info.isFile() ? info.size : undefined;
    } catch {
      return undefined;
    }
  }

  read(digest: string): Promise<Buffer> {
    return readFile(join(this.folder, ...blobPath(digest)));
  }

  async open(digest: string): Promise<Readable> {
    return createReadStream(join(this.folder, ...blobPath(digest)));
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
