// What both SBOM formats say about the scanned image and its packages: the image's package URL, the layer
// that added each package, and each declared licence sorted into an SPDX expression or free text.
import { randomUUID } from 'node:crypto';
import parseSpdxExpression from 'spdx-expression-parse';
import { parseImageReference } from '../../engine/image-reference';
import type { ReportPackage, ScanReport } from '../../protocol';

export interface ImageSubject {
  /** "nginx", "api": the last part of the repository, or the file name of a local image. */
  name: string;
  /** The manifest digest ("sha256:…") when known, else the tag, else "unknown". */
  version: string;
  /** `pkg:oci/nginx@sha256%3A…?arch=amd64&repository_url=docker.io/library/nginx&tag=1.25`, when the digest is known. */
  purl?: string;
  /** Hex of the manifest digest when it is sha256. */
  sha256?: string;
}

export function imageSubject(report: ScanReport): ImageSubject {
  const { image } = report;
  const parsed = image.reference ? parseImageReference(image.reference) : undefined;
  const reference = parsed?.ok ? parsed.reference : undefined;
  const repository = reference ? `${reference.registry}/${reference.repository}` : undefined;
  const localName = image.name.split(/[\\/]/).filter(Boolean).pop() ?? image.name;
  const name = reference ? reference.repository.split('/').pop()! : localName;
  const digest = image.manifestDigest;
  const sha256 = digest && /^sha256:[0-9a-f]{64}$/.test(digest) ? digest.slice('sha256:'.length) : undefined;
  const [, architecture] = image.platform.split('/');
  let purl: string | undefined;
  if (digest) {
    const qualifiers = [
      architecture ? `arch=${encodeURIComponent(architecture)}` : '',
      repository ? `repository_url=${encodeURIComponent(repository).replace(/%2F/g, '/').replace(/%3A/g, ':')}` : '',
      reference?.tag ? `tag=${encodeURIComponent(reference.tag)}` : '',
    ].filter(Boolean);
    purl = `pkg:oci/${encodeURIComponent(name.toLowerCase())}@${encodeURIComponent(digest)}${qualifiers.length > 0 ? `?${qualifiers.join('&')}` : ''}`;
  }
  return { name, version: digest ?? reference?.tag ?? 'unknown', ...(purl ? { purl } : {}), ...(sha256 ? { sha256 } : {}) };
}

/** The digest of the layer that added the package, as the report's layer list has it. */
export function layerDigest(report: ScanReport, pkg: ReportPackage): string | undefined {
  return report.image.layers.find((layer) => layer.index === pkg.layerIndex)?.digest;
}

export type SortedLicense = { kind: 'spdx'; expression: string; single: boolean } | { kind: 'text'; text: string };

/** "MIT" and "GPL-2.0-or-later AND BSD-3-Clause" are SPDX; "GPL2+" and "Artistic" (as apk and rpm often write
 * them) are free text, which SBOMs carry by name so nothing claims an SPDX licence the package did not. */
export function sortLicense(text: string): SortedLicense {
  // References to licences defined elsewhere would need that definition in the document.
  if (/(?:LicenseRef|DocumentRef)-/i.test(text)) return { kind: 'text', text };
  try {
    const parsed = parseSpdxExpression(text);
    return { kind: 'spdx', expression: text, single: 'license' in parsed && parsed.exception === undefined && !parsed.plus };
  } catch {
    return { kind: 'text', text };
  }
}

/** A fresh identifier per document, as both formats ask (serial number, document namespace). */
export function documentUuid(): string {
  return randomUUID();
}

/** ISO time without milliseconds ("2026-01-02T03:04:05Z"), the form SPDX requires. */
export function wholeSeconds(iso: string): string {
  const time = new Date(iso);
  return (Number.isNaN(time.getTime()) ? new Date() : time).toISOString().replace(/\.\d{3}Z$/, 'Z');
}
