// Reads an image's layers, base first, into its final file system: metadata of every file, and the
// contents the later stages asked for, also of wanted files that later layers deleted or overwrote. Each layer is streamed (decompression → tar entries) and never
// held whole in memory; limits stop decompression bombs and cap what is kept.
import { pipeline } from 'node:stream/promises';
import { extract as tarExtract, type Header } from 'tar-stream';
import {
  ScanError,
  type FileType,
  type FileWanted,
  type ImageFile,
  type ImageFiles,
  type LayerBlob,
  type ProgressListener,
  type ReadLimits,
  type ResolvedImage,
} from '../types';
import { ContentBudget, formatBytes } from './content-budget';
import { cleanPath } from '../../engine/languages/dockerfile/dockerignore';
import { baseName, parentPath, joinPath } from './layer-path';
import { ByteCounter, LayerDecompress, UnsupportedCompressionError } from './layer-stream';
import { MergedFileSystem } from './merged-file-system';
import { RemovedFiles } from './removed-files';
import { BlobTransfer, transferLimits, type TransferLimits } from '../transfer-limits';

export const DEFAULT_READ_LIMITS: ReadLimits = {
  maxFileBytes: 16 * 1024 * 1024,
  maxTotalContentBytes: 256 * 1024 * 1024,
  maxLayerUncompressedBytes: 8 * 1024 * 1024 * 1024,
  maxImageUncompressedBytes: 16 * 1024 * 1024 * 1024,
  // Real layers compress a few times over; a gzip bomb reaches about 1000:1 and zstd far more. The floor
  // keeps small layers of zeros (empty disk images, sparse log files) out of it.
  maxCompressionRatio: 200,
  compressionRatioFloorBytes: 256 * 1024 * 1024,
  maxEntriesPerLayer: 1_000_000,
};

export interface ReadImageFilesOptions {
  limits?: Partial<ReadLimits>;
  /** Deadline and minimum rate for each layer's transfer (the scan's own deadline comes in `signal`). */
  transfer?: Partial<TransferLimits>;
  /** Aborting destroys the layer streams; the returned promise then rejects with an AbortError. */
  signal?: AbortSignal;
  onProgress?: ProgressListener;
}

const WHITEOUT_PREFIX = '.wh.';
const OPAQUE_WHITEOUT = '.wh..wh..opq';
const AUFS_PREFIX = '.wh..wh.';
/** Progress is reported at most once per this many stored bytes within a layer. */
const PROGRESS_STEP_BYTES = 1024 * 1024;

const FILE_TYPES: Partial<Record<Header['type'], FileType>> = {
  file: 'file',
  'contiguous-file': 'file',
  directory: 'directory',
  symlink: 'symlink',
  link: 'hardlink',
};

/** The entry data stream tar-stream hands over (a streamx Readable), as far as it is used here. */
type EntryStream = AsyncIterable<unknown>;

/** A stop that is the layer's fault (too big, too many entries), named so it is not reworded as corruption. */
class LayerLimitError extends Error {}

interface ReadState {
  image: ResolvedImage;
  wanted: FileWanted;
  limits: ReadLimits;
  tree: MergedFileSystem;
  transfer: TransferLimits;
  budget: ContentBudget;
  removed: RemovedFiles;
  warnings: string[];
  /** Uncompressed bytes of the layers read so far. */
  imageUncompressed: number;
}

export async function readImageFiles(
  image: ResolvedImage,
  wanted: FileWanted,
  options: ReadImageFilesOptions = {},
): Promise<ImageFiles> {
  const limits: ReadLimits = { ...DEFAULT_READ_LIMITS, ...options.limits };
  const budget = new ContentBudget(limits.maxTotalContentBytes);
  const removed = new RemovedFiles(budget);
  const state: ReadState = {
    image,
    wanted,
    limits,
    budget,
    removed,
    transfer: transferLimits(options.transfer),
    tree: new MergedFileSystem((file, layerIndex, replacement) => removed.drop(file, layerIndex, replacement)),
    warnings: [],
    imageUncompressed: 0,
  };
  const layers = [...image.layers].sort((a, b) => a.index - b.index);
  const bytesTotal = layers.every((layer) => layer.size >= 0) ? layers.reduce((sum, layer) => sum + layer.size, 0) : undefined;
  let bytesDone = 0;
  const report = (layersDone: number, detail: string) =>
    options.onProgress?.({ step: 'layers', detail, layersDone, layersTotal: layers.length, bytesDone, bytesTotal });

  for (const [position, layer] of layers.entries()) {
    options.signal?.throwIfAborted();
    const label = `layer ${position + 1}/${layers.length}`;
    report(position, label);
    let sinceReport = 0;
    await readLayer(state, layer, label, options.signal, (count) => {
      bytesDone += count;
      sinceReport += count;
      if (sinceReport >= PROGRESS_STEP_BYTES) {
        sinceReport = 0;
        report(position, label);
      }
    });
  }
  report(layers.length, `${layers.length} layers read`);
  const skipped = budget.skippedFiles();
  if (skipped > 0) {
    state.warnings.push(
      `${skipped} wanted file${skipped === 1 ? ' was' : 's were'} not read because the contents kept from ${image.name} reached ` +
        `${formatBytes(limits.maxTotalContentBytes)}; findings and packages that depend on ${skipped === 1 ? 'it' : 'them'} may be missing.`,
    );
  }
  const removedWarning = removed.warning(image.name);
  if (removedWarning) state.warnings.push(removedWarning);
  return { files: state.tree.files, removed: removed.files, warnings: state.warnings };
}

async function readLayer(
  state: ReadState,
  layer: LayerBlob,
  label: string,
  signal: AbortSignal | undefined,
  onStoredBytes: (count: number) => void,
): Promise<void> {
  const { image, limits } = state;
  const described = `${label} (${layer.digest}) of ${image.name}`;
  let stored = 0;
  let uncompressed = 0;
  let entries = 0;
  const decompress = new LayerDecompress();
  const extract = tarExtract();
  extract.on('entry', (header, stream, next) => {
    entries += 1;
    if (entries > limits.maxEntriesPerLayer) {
      next(
        new LayerLimitError(
          `${described} has more than ${limits.maxEntriesPerLayer.toLocaleString('en-US')} entries; reading stopped because a ` +
            'layer this large is likely a decompression bomb. If you trust the image, raise the entry limit.',
        ),
      );
      return;
    }
    readEntry(state, layer.index, header, stream).then(() => next(), (error: Error) => next(error));
  });

  const transfer = new BlobTransfer(described, state.transfer, signal);
  try {
    const source = await layer.open(transfer.signal);
    await pipeline(
      source,
      new ByteCounter((count) => {
        stored += count;
        transfer.received(count);
        onStoredBytes(count);
        return undefined;
      }),
      decompress,
      new ByteCounter((count) => {
        uncompressed += count;
        state.imageUncompressed += count;
        return bombCheck(limits, described, stored, uncompressed, state.imageUncompressed);
      }),
      extract,
      { signal: transfer.signal },
    );
  } catch (error) {
    // The caller's cancellation (or the scan's deadline) wins over whatever the aborted streams reported.
    if (signal?.aborted) throw signal.reason instanceof Error ? signal.reason : error;
    if (transfer.failure) throw new ScanError('layers', image.name, `${transfer.failure.message}.`);
    if (error instanceof ScanError) throw error;
    if (error instanceof LayerLimitError) throw new ScanError('layers', image.name, error.message);
    throw new ScanError('layers', image.name, `${described} could not be read: ${explainLayerError(error, decompress)}`, {
      cause: error,
    });
  } finally {
    transfer.finish();
  }
}

/** The limits that stop a decompression bomb early, checked as the uncompressed bytes flow. */
function bombCheck(limits: ReadLimits, described: string, stored: number, uncompressed: number, imageUncompressed: number): LayerLimitError | undefined {
  const bomb = 'reading stopped because it looks like a decompression bomb, so the image is treated as unverified.';
  if (uncompressed > limits.maxLayerUncompressedBytes) {
    return new LayerLimitError(`${described} unpacks to more than ${formatBytes(limits.maxLayerUncompressedBytes)}; ${bomb}`);
  }
  if (uncompressed > limits.compressionRatioFloorBytes && uncompressed > stored * limits.maxCompressionRatio) {
    return new LayerLimitError(
      `${described} unpacked to ${formatBytes(uncompressed)} from ${formatBytes(stored)}, more than ${limits.maxCompressionRatio} times its stored size; ${bomb}`,
    );
  }
  if (imageUncompressed > limits.maxImageUncompressedBytes) {
    return new LayerLimitError(`the layers up to ${described} unpack to more than ${formatBytes(limits.maxImageUncompressedBytes)} together; ${bomb}`);
  }
  return undefined;
}

function explainLayerError(error: unknown, decompress: LayerDecompress): string {
  const message = error instanceof Error ? error.message : String(error);
  const code = (error as { code?: unknown } | undefined)?.code;
  const again = 'Pull or export the image again; if it keeps happening, the image itself is damaged.';
  if (error instanceof UnsupportedCompressionError) return `${message}; Shipshape reads gzip, zstd and uncompressed layers.`;
  if (decompress.compression === 'gzip' && code === 'Z_BUF_ERROR') return `its gzip data ends early (the blob is truncated). ${again}`;
  if (decompress.compression === 'gzip' && typeof code === 'string' && code.startsWith('Z_')) return `its gzip data is corrupt (${message}). ${again}`;
  if (decompress.compression === 'zstd' && !/tar/i.test(message) && message !== 'Unexpected end of data') {
    return `its zstd data is corrupt or truncated (${message}). ${again}`;
  }
  if (/tar|Unexpected end of data|header/i.test(message)) return `the tar archive inside is corrupt or truncated (${message}). ${again}`;
  return `${message}. ${again}`;
}

async function readEntry(state: ReadState, layerIndex: number, header: Header, stream: EntryStream): Promise<void> {
  // Layers come from anyone: "../../etc/shadow" must land inside the image ("etc/shadow"), never outside it.
  const path = cleanPath(header.name);
  const name = baseName(path);
  const type: FileType = FILE_TYPES[header.type ?? 'file'] ?? 'other';
  // Other ".wh..wh." names than the opaque marker are AUFS bookkeeping (its hard-link folder), not files.
  const aufsMetadata = path.split('/').some((segment) => segment.startsWith(AUFS_PREFIX) && segment !== OPAQUE_WHITEOUT);
  if (path === '' || aufsMetadata || name.startsWith(WHITEOUT_PREFIX)) {
    await drain(stream);
    if (aufsMetadata || path === '') return;
    if (name === OPAQUE_WHITEOUT) state.tree.makeOpaque(parentPath(path), layerIndex);
    else state.tree.whiteOut(joinPath(parentPath(path), name.slice(WHITEOUT_PREFIX.length)), layerIndex);
    return;
  }
  const size = type === 'file' ? (header.size ?? 0) : 0;
  const file: ImageFile = {
    path,
    type,
    mode: (header.mode ?? 0) & 0o7777,
    uid: header.uid ?? 0,
    gid: header.gid ?? 0,
    size,
    layerIndex,
  };
  if (header.linkname) file.linkname = type === 'hardlink' ? cleanPath(header.linkname) : header.linkname;

  const want = type === 'file' ? state.wanted(path, size) : false;
  if (want !== false) {
    state.removed.markWanted(file);
    const previous = state.tree.get(path);
    // The version this one replaces gives its share of the budget back before this one is reserved, so the
    // final file system comes first; if it differs from this one, it asks for its share again as a removed file.
    if (want === true && previous) state.removed.releaseEarly(previous);
    const content = await readContent(state, path, size, stream);
    if (content) file.content = content;
    if (want === 'history' && previous?.type === 'file') {
      // Move the earlier versions over rather than copy them, so the content budget counts them once.
      const history = previous.history ?? [];
      if (previous.content) history.push({ layerIndex: previous.layerIndex, content: previous.content });
      previous.content = undefined;
      previous.history = undefined;
      state.removed.forget(previous);
      if (history.length > 0) file.history = history;
    }
  } else {
    await drain(stream);
  }
  state.tree.put(file);
}

async function readContent(state: ReadState, path: string, size: number, stream: EntryStream): Promise<Buffer | undefined> {
  if (size > state.limits.maxFileBytes) {
    state.warnings.push(
      `/${path} in ${state.image.name} is ${formatBytes(size)}, more than the ${formatBytes(state.limits.maxFileBytes)} read per file; ` +
        'its content was not checked.',
    );
    await drain(stream);
    return undefined;
  }
  if (!state.budget.reserve(size)) {
    await drain(stream);
    return undefined;
  }
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}

async function drain(stream: EntryStream): Promise<void> {
  for await (const _chunk of stream);
}
