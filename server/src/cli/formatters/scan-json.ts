// `shipshape scan --format json`: the scan report as the editor's report view reads it, under a `tool`
// header. The shape is ScanReport in server/src/protocol.ts (schemaVersion 1): `image`, `packages`,
// `vulnerabilities` (id, aliases, severity, score, package {name, version, ecosystem, …}, fixedVersion),
// `findings`, `vulnerabilityData`, `problems`, `summary`.
import type { ScanReport } from '../../protocol';
import { VERSION } from '../version';
import { jsonSafe } from '../../engine/display-text';

export function formatScanJson(report: ScanReport): string {
  return `${jsonSafe(JSON.stringify({ tool: { name: 'shipshape', version: VERSION }, ...report }, null, 2))}\n`;
}
