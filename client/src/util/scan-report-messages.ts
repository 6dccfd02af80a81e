// Messages from the report webview. The page shows data from registries, so the extension treats what it
// posts as untrusted: only the two known shapes are accepted, and only http(s) links are opened.

import { SCAN_EXPORT_FORMATS, type ScanExportFormat } from '../../../server/src/protocol';

export type ReportMessage = { type: 'openExternal'; url: string } | { type: 'export'; format: ScanExportFormat };

export function readReportMessage(raw: unknown): ReportMessage | undefined {
  if (typeof raw !== 'object' || raw === null) return undefined;
  const message = raw as Record<string, unknown>;
  if (message.type === 'openExternal' && typeof message.url === 'string' && isWebAddress(message.url)) return { type: 'openExternal', url: message.url };
  if (message.type === 'export' && SCAN_EXPORT_FORMATS.includes(message.format as ScanExportFormat)) return { type: 'export', format: message.format as ScanExportFormat };
  return undefined;
}

export function isWebAddress(url: string): boolean {
  if (url.length > 2048) return false;
  try {
    const parsed = new URL(url);
    return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.hostname !== '';
  } catch {
    return false;
  }
}

/** `nginx-1.25.scan.sarif`, `app.tar.scan.json`, `nginx-1.25.cdx.json`, `nginx-1.25.spdx.json`: the image's
 * name made safe as a file name, with the extension each format's tools look for. */
export function exportFileName(imageName: string, format: ScanExportFormat): string {
  const withoutDigest = imageName.replace(/@sha256:[0-9a-f]+$/i, '');
  const last = withoutDigest.split(/[\\/]/).filter(Boolean).pop() ?? 'image';
  const safe = last.replace(/[^A-Za-z0-9._-]+/g, '-').replace(/^[-.]+|[-.]+$/g, '') || 'image';
  const extension = format === 'cyclonedx' ? 'cdx.json' : format === 'spdx' ? 'spdx.json' : `scan.${format}`;
  return `${safe.slice(0, 100)}.${extension}`;
}
