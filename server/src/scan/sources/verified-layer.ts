// A layer of a local image as the layer reader receives it: streamed from its file or archive member,
// checked against its digest and size as it goes, and cancellable.
import { addAbortSignal, pipeline, type Readable } from 'node:stream';
import { ScanError, type LayerBlob } from '../types';
import { verifyingStream, type BlobProblem } from '../verified-blob';

export interface LayerSource {
  index: number;
  total: number;
  digest: string;
  mediaType: string;
  /** Size in bytes as stored; -1 when unknown. */
  size: number;
  /** The image, for messages. */
  imageName: string;
  /** The folder or archive the layer is in, for messages. */
  location: string;
  openRaw(): Promise<Readable>;
}

export function verifiedLayer(source: LayerSource): LayerBlob {
  const label = `layer ${source.index + 1}/${source.total} (${source.digest}) in ${source.location}`;
  const again = 'The file is damaged or was changed after it was written; export or copy the image again.';
  const describe = (problem: BlobProblem): string => {
    switch (problem.kind) {
      case 'digest':
        return `${label} does not match its digest: its bytes hash to ${problem.actual}. ${again}`;
      case 'larger':
        return `${label} holds more than the ${source.size} bytes recorded for it. ${again}`;
      case 'truncated':
        return `${label} holds ${problem.received} bytes where ${source.size} were recorded. ${again}`;
    }
  };
  return {
    index: source.index,
    digest: source.digest,
    mediaType: source.mediaType,
    size: source.size,
    async open(signal?: AbortSignal): Promise<Readable> {
      signal?.throwIfAborted();
      const raw = await source.openRaw();
      if (signal) addAbortSignal(signal, raw);
      const verifier = verifyingStream(source, (problem) => new ScanError('layers', source.imageName, describe(problem)));
      // Errors of either stream destroy both and reach whoever reads the verifier.
      return pipeline(raw, verifier, () => undefined);
    },
  };
}
