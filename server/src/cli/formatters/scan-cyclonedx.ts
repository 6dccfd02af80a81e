// `shipshape scan --format cyclonedx`: the scan as a CycloneDX 1.6 JSON bill of materials
// (https://cyclonedx.org/docs/1.6/json/). The image is the root component (type "container"); every
// inventoried package is a component with its purl, declared licence, the database file it was read from
// (evidence) and the layer that added it (properties); the vulnerabilities found point at the components
// they affect.
import type { ReportPackage, ReportVulnerability, ScanReport } from '../../protocol';
import { jsonSafe } from '../../engine/display-text';
import { VERSION } from '../version';
import { documentUuid, imageSubject, layerDigest, sortLicense } from './sbom-subject';

type Json = Record<string, unknown>;

const ROOT_REF = 'image';

export function formatScanCycloneDx(report: ScanReport): string {
  const subject = imageSubject(report);
  const refs = componentRefs(report.packages);
  const root: Json = {
    type: 'container',
    'bom-ref': ROOT_REF,
    name: subject.name,
    version: subject.version,
    ...(subject.sha256 ? { hashes: [{ alg: 'SHA-256', content: subject.sha256 }] } : {}),
    ...(subject.purl ? { purl: subject.purl } : {}),
    properties: imageProperties(report),
  };
  const bom: Json = {
    bomFormat: 'CycloneDX',
    specVersion: '1.6',
    serialNumber: `urn:uuid:${documentUuid()}`,
    version: 1,
    metadata: {
      timestamp: report.scannedAt,
      tools: { components: [{ type: 'application', name: 'shipshape', version: VERSION }] },
      component: root,
    },
    components: report.packages.map((pkg, index) => component(report, pkg, refs[index]!)),
    dependencies: [{ ref: ROOT_REF, dependsOn: [...refs] }, ...refs.map((ref) => ({ ref }))],
    vulnerabilities: vulnerabilities(report, refs),
  };
  return `${jsonSafe(JSON.stringify(bom, null, 2))}\n`;
}

/** bom-refs must be unique: the purl, with a counter when two database records give the same one. */
function componentRefs(packages: readonly ReportPackage[]): string[] {
  const used = new Map<string, number>();
  return packages.map((pkg) => {
    const base = pkg.purl ?? `${pkg.ecosystem}:${pkg.name}@${pkg.version}`;
    const count = used.get(base) ?? 0;
    used.set(base, count + 1);
    return count === 0 ? base : `${base}#${count}`;
  });
}

function imageProperties(report: ScanReport): Json[] {
  const { image } = report;
  const properties: Array<[string, string | undefined]> = [
    ['shipshape:image:reference', image.reference ?? image.name],
    ['shipshape:image:platform', image.platform],
    ['shipshape:image:source', image.source],
    ['shipshape:image:index-digest', image.indexDigest],
    ['shipshape:image:os', image.os?.prettyName ?? (image.os ? `${image.os.id} ${image.os.versionId ?? ''}`.trim() : undefined)],
    ...image.layers.map((layer): [string, string] => ['shipshape:image:layer', `${layer.index} ${layer.digest}`]),
  ];
  return properties.filter((entry): entry is [string, string] => entry[1] !== undefined && entry[1] !== '').map(([name, value]) => ({ name, value }));
}

function component(report: ScanReport, pkg: ReportPackage, ref: string): Json {
  const digest = layerDigest(report, pkg);
  const properties: Json[] = [
    { name: 'shipshape:package:ecosystem', value: pkg.ecosystem },
    { name: 'shipshape:layer:index', value: String(pkg.layerIndex) },
    ...(digest ? [{ name: 'shipshape:layer:digest', value: digest }] : []),
    ...(pkg.sourceName ? [{ name: 'shipshape:package:source-name', value: pkg.sourceName }] : []),
    ...(pkg.sourceVersion ? [{ name: 'shipshape:package:source-version', value: pkg.sourceVersion }] : []),
  ];
  return {
    type: 'library',
    'bom-ref': ref,
    name: pkg.name,
    version: pkg.version,
    ...(pkg.license ? { licenses: [licenseChoice(pkg.license)] } : {}),
    ...(pkg.purl ? { purl: pkg.purl } : {}),
    evidence: { occurrences: [{ location: `/${pkg.path}` }] },
    properties,
  };
}

function licenseChoice(text: string): Json {
  const license = sortLicense(text);
  if (license.kind === 'text') return { license: { name: license.text, acknowledgement: 'declared' } };
  if (license.single) return { license: { id: license.expression, acknowledgement: 'declared' } };
  return { expression: license.expression, acknowledgement: 'declared' };
}

/** One entry per vulnerability id, affecting every component it was found in. */
function vulnerabilities(report: ScanReport, refs: readonly string[]): Json[] {
  const byId = new Map<string, { first: ReportVulnerability; affects: Json[]; fixes: string[] }>();
  for (const vulnerability of report.vulnerabilities) {
    const index = report.packages.findIndex((pkg) => pkg.ecosystem === vulnerability.package.ecosystem && pkg.name === vulnerability.package.name && pkg.version === vulnerability.package.version && pkg.path === vulnerability.package.path);
    const ref = refs[index];
    let entry = byId.get(vulnerability.id);
    if (!entry) byId.set(vulnerability.id, (entry = { first: vulnerability, affects: [], fixes: [] }));
    if (ref !== undefined && !entry.affects.some((affect) => affect.ref === ref)) {
      entry.affects.push({ ref, versions: [{ version: vulnerability.package.version, status: 'affected' }] });
    }
    if (vulnerability.fixedVersion) entry.fixes.push(`${vulnerability.package.name} ${vulnerability.fixedVersion}`);
  }
  return [...byId.values()].map(({ first, affects, fixes }) => ({
    'bom-ref': `vulnerability:${first.id}`,
    id: first.id,
    source: { name: 'OSV', url: first.url },
    ...(first.aliases.length > 0 ? { references: first.aliases.map((alias) => ({ id: alias, source: { name: aliasSource(alias) } })) } : {}),
    ratings: [rating(first)],
    ...(first.summary ? { description: first.summary } : {}),
    ...(fixes.length > 0 ? { recommendation: `Upgrade to ${[...new Set(fixes)].join(', ')}.` } : {}),
    ...(first.references.length > 0 ? { advisories: first.references.map((url) => ({ url })) } : {}),
    affects,
  }));
}

function rating(vulnerability: ReportVulnerability): Json {
  const method = cvssMethod(vulnerability.vector);
  return {
    source: { name: 'OSV', url: vulnerability.url },
    ...(vulnerability.score !== undefined ? { score: vulnerability.score } : {}),
    severity: vulnerability.severity,
    ...(method ? { method, vector: vulnerability.vector } : {}),
  };
}

function cvssMethod(vector: string | undefined): string | undefined {
  if (!vector) return undefined;
  if (vector.startsWith('CVSS:4.0/')) return 'CVSSv4';
  if (vector.startsWith('CVSS:3.1/')) return 'CVSSv31';
  if (vector.startsWith('CVSS:3.0/')) return 'CVSSv3';
  if (/^AV:[LAN]\//.test(vector)) return 'CVSSv2';
  return undefined;
}

function aliasSource(alias: string): string {
  if (alias.startsWith('CVE-')) return 'NVD';
  if (alias.startsWith('GHSA-')) return 'GitHub';
  return 'OSV';
}
