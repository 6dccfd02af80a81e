// The shapes the image scan passes between its stages:
//   source (registry / docker save tarball / OCI layout / Docker Engine) → ResolvedImage
//   → layer reader → ImageFiles → inventory (packages) + image checks → OSV matching → ScanReport.
// The report itself is in server/src/protocol.ts because the client's webview renders it.
import type { Readable } from 'node:stream';

export interface Platform {
  os: string;
  architecture: string;
  variant?: string;
}

/** An OCI content descriptor (also used for Docker v2 manifests, whose fields are the same). */
export interface Descriptor {
  mediaType: string;
  digest: string;
  size: number;
  urls?: string[];
  platform?: Platform & { 'os.version'?: string; 'os.features'?: string[] };
  annotations?: Record<string, string>;
}

/** The parts of the OCI / Docker image config the scan reads. */
export interface ImageConfig {
  architecture?: string;
  os?: string;
  variant?: string;
  created?: string;
  config?: {
    User?: string;
    Env?: string[];
    ExposedPorts?: Record<string, unknown>;
    Healthcheck?: { Test?: string[] };
    Entrypoint?: string[] | null;
    Cmd?: string[] | null;
    WorkingDir?: string;
    Labels?: Record<string, string> | null;
  };
  history?: Array<{ created?: string; created_by?: string; comment?: string; empty_layer?: boolean }>;
  rootfs?: { type: string; diff_ids: string[] };
}

/** One layer to read. `open` yields the blob's bytes as stored (compressed or not); the source verifies
 * them against `digest` while they stream and fails the stream on a mismatch. */
export interface LayerBlob {
  /** Position in the image, 0 = base layer. */
  index: number;
  digest: string;
  mediaType: string;
  /** Size in bytes as stored; -1 when unknown (some Docker Engine exports). */
  size: number;
  open(signal?: AbortSignal): Promise<Readable>;
}

/** An image found by a source: everything needed to read it, nothing read yet beyond manifest and config. */
export interface ResolvedImage {
  /** What the user asked for, as they wrote it ("nginx:1.25", "./app.tar", "oci:./layout"). */
  name: string;
  /** Canonical reference when the image came from a registry ("docker.io/library/nginx:1.25"). */
  reference?: string;
  /** Digest of the manifest that was scanned (the platform manifest, not the index). */
  manifestDigest?: string;
  /** Digest of the index when the reference named a multi-platform index. */
  indexDigest?: string;
  platform: Platform;
  config: ImageConfig;
  configDigest?: string;
  layers: LayerBlob[];
}

export type SourceKind = 'registry' | 'docker-archive' | 'oci-layout' | 'docker-engine';

/** A step of the scan, named in progress and in error messages ("pulling manifest of nginx:1.25 failed: …"). */
export type ScanStep = 'resolve' | 'auth' | 'manifest' | 'config' | 'layers' | 'inventory' | 'checks' | 'vulnerabilities' | 'signatures';

/** An error that names the step and the image, so messages read "<step> of <image>: <what happened>". */
export class ScanError extends Error {
  constructor(
    readonly step: ScanStep,
    readonly image: string,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'ScanError';
  }
}

/** The image exists, but not for the wanted platform. Each front says how to pick another one. */
export class PlatformNotFoundError extends ScanError {
  constructor(
    image: string,
    message: string,
    /** The platforms on offer, as `os/architecture[/variant]`. */
    readonly available: string[],
  ) {
    super('manifest', image, message);
    this.name = 'PlatformNotFoundError';
  }
}

export interface ScanProgress {
  step: ScanStep;
  /** Human text: "layer 3/7", "querying OSV (120 packages)". */
  detail?: string;
  layersDone?: number;
  layersTotal?: number;
  bytesDone?: number;
  bytesTotal?: number;
}

export type ProgressListener = (progress: ScanProgress) => void;

export type FileType = 'file' | 'directory' | 'symlink' | 'hardlink' | 'other';

/** A file of the image's final file system (whiteouts applied). */
export interface ImageFile {
  /** Absolute POSIX path without the leading slash: "etc/os-release". */
  path: string;
  type: FileType;
  /** Permission bits including setuid (0o4000), setgid (0o2000), sticky (0o1000). */
  mode: number;
  uid: number;
  gid: number;
  size: number;
  /** Target of a symlink or hardlink (as stored in the tar header). */
  linkname?: string;
  /** Index of the layer that last wrote this path. */
  layerIndex: number;
  /** Present only for files a stage asked to read (see FileWanted); capped by ReadLimits.maxFileBytes. */
  content?: Buffer;
  /** Earlier versions of the file, oldest first, for files wanted with 'history' (package databases, so the
   * inventory can tell which layer added each package). */
  history?: Array<{ layerIndex: number; content: Buffer }>;
}

/** Decides which regular files' contents are kept: `true` keeps the final content, 'history' also keeps
 * every earlier layer's version. Metadata of every file is always kept. */
export type FileWanted = (path: string, size: number) => boolean | 'history';

export interface ReadLimits {
  /** Largest single file whose content is kept (bigger files keep metadata only). */
  maxFileBytes: number;
  /** Sum of kept contents over the whole image. */
  maxTotalContentBytes: number;
  /** Uncompressed bytes per layer before the read is stopped as a decompression bomb. */
  maxLayerUncompressedBytes: number;
  /** Uncompressed bytes over all layers of the image, so many layers cannot add up to a bomb. */
  maxImageUncompressedBytes: number;
  /** Once a layer has unpacked to more than `compressionRatioFloorBytes`, it is stopped as a bomb when its
   * uncompressed bytes pass this many times the stored bytes read so far. */
  maxCompressionRatio: number;
  compressionRatioFloorBytes: number;
  /** Entries per layer. */
  maxEntriesPerLayer: number;
}

/** A regular file a stage wanted that a later layer deleted or replaced: the layer that added it still holds
 * it, so anyone who pulls the image can extract it. `layerIndex` is that layer; contents follow the same
 * limits as other kept files (metadata only when over them). */
export type RemovedFile = ImageFile & {
  /** The layer whose whiteout, opaque directory or new version removed it. */
  removedInLayer: number;
  how: 'deleted' | 'overwritten';
};

export interface ImageFiles {
  /** Path → file, for the final file system. */
  files: Map<string, ImageFile>;
  /** Wanted files that later layers deleted or overwrote, in the order they were removed; capped. */
  removed?: RemovedFile[];
  /** Problems that did not stop the read (a truncated layer, a skipped huge file). */
  warnings: string[];
}

export interface OsIdentity {
  /** os-release ID: "debian", "ubuntu", "alpine", "rhel", "rocky", "almalinux", "centos", "fedora", "amzn", "ol", "opensuse-leap", … */
  id: string;
  versionId?: string;
  versionCodename?: string;
  prettyName?: string;
  idLike?: string[];
  /** File it came from ("etc/os-release"). */
  path: string;
}

export type PackageEcosystem = 'deb' | 'apk' | 'rpm' | 'npm' | 'pypi';

export interface InstalledPackage {
  name: string;
  version: string;
  ecosystem: PackageEcosystem;
  /** Source package (dpkg "Source:", apk "o:", rpm SOURCERPM name) when it differs or is known. */
  sourceName?: string;
  sourceVersion?: string;
  arch?: string;
  /** File that recorded it: "var/lib/dpkg/status", "usr/lib/node_modules/x/package.json". */
  path: string;
  /** Layer that added or last changed that record. */
  layerIndex: number;
  /** Package URL (purl) for reports and SARIF. */
  purl?: string;
  /** The licence as the package database declares it (apk "L:", rpm License, npm "license", Python
   * License-Expression or License); dpkg keeps licences only in free-form copyright files, so none. */
  license?: string;
}

export interface Inventory {
  os?: OsIdentity;
  packages: InstalledPackage[];
  /** Problems reading package databases (a corrupt rpmdb), shown in the report. */
  warnings: string[];
}
