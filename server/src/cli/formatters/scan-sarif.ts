// `shipshape scan --format sarif`: one SARIF rule per vulnerability id and per image check, one result per
// affected package or finding. Results point at the image (there is no source file), with the package's
// database file inside the image as a logical location; fingerprints combine image repository, rule and
// package so code scanning follows a result from one image tag to the next.
import { createHash } from 'node:crypto';
import type * as Sarif from 'sarif';
import { REPOSITORY_URL } from '../../engine/docs-url';
import type { ImageFindingSeverity, ReportFinding, ReportVulnerability, ScanReport, VulnerabilitySeverity } from '../../protocol';
import { VERSION } from '../version';
import { SARIF_SCHEMA } from './sarif';
import { jsonSafe } from '../../engine/display-text';

const LEVEL: Record<VulnerabilitySeverity | ImageFindingSeverity, Sarif.ReportingConfiguration.level> = {
  critical: 'error',
  high: 'error',
  medium: 'warning',
  low: 'note',
  unknown: 'warning',
  info: 'note',
};

/** GitHub's security-severity bands, for results without a CVSS score. */
const BAND_SCORE: Record<VulnerabilitySeverity | ImageFindingSeverity, string> = {
  critical: '9.5',
  high: '7.5',
  medium: '5.5',
  low: '2.0',
  unknown: '5.0',
  info: '0.0',
};

export function formatScanSarif(report: ScanReport): string {
  const rules = new Map<string, Sarif.ReportingDescriptor>();
  const results: Sarif.Result[] = [];
  const imageUri = imageArtifactUri(report);
  const repository = repositoryOf(report);

  for (const vulnerability of report.vulnerabilities) {
    if (!rules.has(vulnerability.id)) rules.set(vulnerability.id, vulnerabilityRule(vulnerability));
    results.push(vulnerabilityResult(vulnerability, imageUri, repository));
  }
  for (const finding of report.findings) {
    if (!rules.has(finding.id)) rules.set(finding.id, findingRule(finding));
    results.push(findingResult(finding, imageUri, repository));
  }
  if (report.integrity.status === 'failed') {
    // A result, not only a notification: code scanning shows results, and an unverified image must not look clean.
    rules.set(INTEGRITY_RULE.id ?? '', INTEGRITY_RULE);
    results.unshift({
      ruleId: INTEGRITY_RULE.id,
      level: 'error',
      message: { text: report.integrity.note ?? 'The image could not be verified.' },
      locations: [imageLocation(imageUri, undefined)],
      partialFingerprints: { imageFinding: fingerprint(repository, INTEGRITY_RULE.id ?? '') },
    });
  }
  const signature = report.signature;
  if (signature !== undefined && (signature.status === 'invalid' || (signature.required && signature.status !== 'verified'))) {
    rules.set(SIGNATURE_RULE.id ?? '', SIGNATURE_RULE);
    results.unshift({
      ruleId: SIGNATURE_RULE.id,
      level: 'error',
      message: { text: `Signature ${signature.status}: ${signature.note}` },
      locations: [imageLocation(imageUri, undefined)],
      partialFingerprints: { imageFinding: fingerprint(repository, SIGNATURE_RULE.id ?? '') },
    });
  }
  const ruleList = [...rules.values()];
  const ruleIndex = new Map(ruleList.map((rule, index) => [rule.id, index]));
  for (const result of results) result.ruleIndex = ruleIndex.get(result.ruleId ?? '');

  const log: Sarif.Log = {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'Shipshape', version: VERSION, semanticVersion: VERSION, informationUri: REPOSITORY_URL, rules: ruleList } },
        invocations: [
          {
            executionSuccessful: report.problems.length === 0 && report.integrity.status === 'verified' && report.vulnerabilityData.status !== 'unavailable',
            toolExecutionNotifications: [
              ...(report.integrity.status === 'failed' ? [{ level: 'error' as const, message: { text: report.integrity.note ?? 'The image could not be verified.' } }] : []),
              ...(signature !== undefined ? [{ level: 'note' as const, message: { text: `Signature ${signature.status}: ${signature.note}` } }] : []),
              ...report.problems.map((problem) => ({ level: 'warning' as const, message: { text: problem.message } })),
              ...(report.vulnerabilityData.note && report.vulnerabilityData.status !== 'ok'
                ? [{ level: 'warning' as const, message: { text: report.vulnerabilityData.note } }]
                : []),
            ],
          },
        ],
        properties: {
          image: report.image.name,
          ...(report.image.manifestDigest ? { digest: report.image.manifestDigest } : {}),
          platform: report.image.platform,
          integrity: report.integrity.status,
          ...(signature !== undefined ? { signature: signature.status, signatures: signature.signatures } : {}),
          vulnerabilityData: report.vulnerabilityData.status,
        },
        results,
      },
    ],
  };
  return `${jsonSafe(JSON.stringify(log, null, 2))}\n`;
}

/** A rule about the image as a whole, documented in a section of docs/image-scan.md named after it. */
function imageRule(id: string, anchor: string, short: string, full: string, tags: string[], band: VulnerabilitySeverity): Sarif.ReportingDescriptor {
  return {
    id,
    name: id,
    shortDescription: { text: short },
    fullDescription: { text: full },
    helpUri: `${REPOSITORY_URL}/blob/main/docs/image-scan.md#${anchor}`,
    defaultConfiguration: { level: 'error' },
    properties: { tags, 'security-severity': BAND_SCORE[band] },
  };
}

const INTEGRITY_RULE = imageRule(
  'image-integrity',
  'image-integrity',
  'Image could not be verified',
  'A layer did not match its digest or size, was stopped as a decompression bomb, or could not be read in time, so the scan results do not describe the image.',
  ['security', 'image'],
  'critical',
);

const SIGNATURE_RULE = imageRule(
  'image-signature',
  'image-signatures',
  'Image signature not verified',
  'The signature policy requires a signature that a trusted key verifies, and the image has none (unsigned, untrusted or unavailable), or one of its signatures is invalid (it names another digest or does not verify).',
  ['security', 'image', 'supply-chain'],
  'high',
);

function vulnerabilityRule(vulnerability: ReportVulnerability): Sarif.ReportingDescriptor {
  const summary = vulnerability.summary ?? vulnerability.id;
  const aliases = vulnerability.aliases.length > 0 ? ` (${vulnerability.aliases.join(', ')})` : '';
  return {
    id: vulnerability.id,
    name: vulnerability.id,
    shortDescription: { text: `${vulnerability.id}${aliases}: ${firstLine(summary)}` },
    fullDescription: { text: summary },
    helpUri: vulnerability.url,
    help: { text: `${summary}\n\n${vulnerability.url}`, markdown: `${summary}\n\n[${vulnerability.id}](${vulnerability.url})` },
    defaultConfiguration: { level: LEVEL[vulnerability.severity] },
    properties: {
      tags: ['security', 'vulnerability', vulnerability.package.ecosystem],
      'security-severity': vulnerability.score !== undefined ? vulnerability.score.toFixed(1) : BAND_SCORE[vulnerability.severity],
      aliases: vulnerability.aliases,
    },
  };
}

function vulnerabilityResult(vulnerability: ReportVulnerability, imageUri: string, repository: string): Sarif.Result {
  const pkg = vulnerability.package;
  const fix = vulnerability.fixedVersion ? `Fixed in ${vulnerability.fixedVersion}.` : 'No fixed version is known yet.';
  return {
    ruleId: vulnerability.id,
    level: LEVEL[vulnerability.severity],
    message: { text: `Package ${pkg.name} ${pkg.version} (${pkg.ecosystem}) is affected by ${vulnerability.id}${aliasText(vulnerability)}. ${fix}` },
    locations: [imageLocation(imageUri, pkg.path)],
    partialFingerprints: { imageVulnerability: fingerprint(repository, vulnerability.id, pkg.ecosystem, pkg.name, pkg.path) },
    properties: {
      package: pkg.name,
      installedVersion: pkg.version,
      ...(vulnerability.fixedVersion ? { fixedVersion: vulnerability.fixedVersion } : {}),
      ecosystem: pkg.ecosystem,
      ...(pkg.purl ? { purl: pkg.purl } : {}),
      layer: pkg.layerIndex,
      aliases: vulnerability.aliases,
    },
  };
}

function findingRule(finding: ReportFinding): Sarif.ReportingDescriptor {
  return {
    id: finding.id,
    name: finding.id,
    shortDescription: { text: finding.title },
    helpUri: `${REPOSITORY_URL}/blob/main/docs/image-scan.md#${finding.id}`,
    defaultConfiguration: { level: LEVEL[finding.severity] },
    properties: { tags: ['security', 'image'], 'security-severity': BAND_SCORE[finding.severity] },
  };
}

function findingResult(finding: ReportFinding, imageUri: string, repository: string): Sarif.Result {
  return {
    ruleId: finding.id,
    level: LEVEL[finding.severity],
    message: { text: finding.message },
    locations: [imageLocation(imageUri, finding.path)],
    partialFingerprints: { imageFinding: fingerprint(repository, finding.id, finding.path ?? '', finding.message) },
    ...(finding.layerIndex !== undefined ? { properties: { layer: finding.layerIndex } } : {}),
  };
}

function imageLocation(imageUri: string, pathInImage: string | undefined): Sarif.Location {
  return {
    physicalLocation: { artifactLocation: { uri: imageUri }, region: { startLine: 1 } },
    ...(pathInImage ? { logicalLocations: [{ fullyQualifiedName: `/${pathInImage}`, kind: 'resource' }] } : {}),
  };
}

/** The image as an artifact: its repository path, the way code scanning shows it ("library/nginx"). */
function imageArtifactUri(report: ScanReport): string {
  return repositoryOf(report).replace(/[^A-Za-z0-9._/-]/g, '_');
}

function repositoryOf(report: ScanReport): string {
  const name = report.image.reference ?? report.image.name;
  const withoutDigest = name.split('@')[0] ?? name;
  const lastSlash = withoutDigest.lastIndexOf('/');
  const colon = withoutDigest.lastIndexOf(':');
  return colon > lastSlash ? withoutDigest.slice(0, colon) : withoutDigest;
}

function aliasText(vulnerability: ReportVulnerability): string {
  return vulnerability.aliases.length > 0 ? ` (${vulnerability.aliases.join(', ')})` : '';
}

function fingerprint(...parts: string[]): string {
  return createHash('sha256').update(parts.join('\u0000')).digest('hex').slice(0, 32);
}

function firstLine(text: string): string {
  return text.split('\n')[0] ?? text;
}
