// In-memory images for the image-check tests: a ResolvedImage with no layers to read, files as the layer
// reader would give them, and an inventory.
import type { ImageCheckInput } from '../../server/src/scan/checks';
import type { ImageConfig, ImageFile, ImageFiles, Inventory, ResolvedImage } from '../../server/src/scan/types';

export const TODAY = '2026-12-01';

export function resolvedImage(config: ImageConfig['config'] = {}, extra: Partial<ImageConfig> = {}, layerCount = 1): ResolvedImage {
  return {
    name: 'acme/app:1.0',
    platform: { os: 'linux', architecture: 'amd64' },
    config: { os: 'linux', architecture: 'amd64', config, ...extra },
    layers: Array.from({ length: layerCount }, (_, index) => ({
      index,
      digest: `sha256:${String(index).padStart(64, '0')}`,
      mediaType: 'application/vnd.oci.image.layer.v1.tar+gzip',
      size: 0,
      open: () => Promise.reject(new Error('the image checks never read layers')),
    })),
  };
}

/** A regular file (or another type through `options`), with its text as content unless `content: null`. */
export function imageFile(path: string, text: string | null = '', options: Partial<ImageFile> = {}): ImageFile {
  const content = text === null ? undefined : Buffer.from(text, 'utf8');
  return { path, type: 'file', mode: 0o644, uid: 0, gid: 0, size: content?.length ?? 0, layerIndex: 0, ...(content ? { content } : {}), ...options };
}

export function imageFiles(files: ImageFile[]): ImageFiles {
  return { files: new Map(files.map((file) => [file.path, file])), warnings: [] };
}

export function checkInput(parts: { image?: ResolvedImage; files?: ImageFile[]; inventory?: Partial<Inventory>; today?: string } = {}): ImageCheckInput {
  return {
    image: parts.image ?? resolvedImage({ User: 'app', Healthcheck: { Test: ['CMD', 'true'] } }),
    files: imageFiles(parts.files ?? []),
    inventory: { packages: [], warnings: [], ...parts.inventory },
    today: parts.today ?? TODAY,
  };
}

/** Every message of the findings, joined, for assertions that a secret never appears. */
export function allText(findings: Array<{ message: string; title: string; path?: string }>): string {
  return findings.map((finding) => `${finding.title}\n${finding.message}\n${finding.path ?? ''}`).join('\n');
}
