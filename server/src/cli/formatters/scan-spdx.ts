// `shipshape scan --format spdx`: the scan as an SPDX 2.3 JSON document
// (https://spdx.github.io/spdx-spec/v2.3/). The document DESCRIBES the image, a package with purpose
// CONTAINER, which CONTAINS every inventoried package: name, version, purl, declared licence (free-text
// licences become LicenseRef- entries with their text) and, in an annotation and the source info, the
// layer that added it. SPDX 2.3 has no place for vulnerabilities; CycloneDX carries those.
import type { ReportPackage, ScanReport } from '../../protocol';
import { jsonSafe } from '../../engine/display-text';
import { REPOSITORY_URL } from '../../engine/docs-url';
import { VERSION } from '../version';
import { documentUuid, imageSubject, layerDigest, sortLicense, wholeSeconds } from './sbom-subject';

type Json = Record<string, unknown>;

const NOASSERTION = 'NOASSERTION';
const IMAGE_ID = 'SPDXRef-Image';

export function formatScanSpdx(report: ScanReport): string {
  const subject = imageSubject(report);
  const created = wholeSeconds(report.scannedAt);
  const annotator = `Tool: shipshape-${VERSION}`;
  const extracted = new Map<string, string>();
  const licenseRef = (text: string): string => {
    for (const [id, known] of extracted) if (known === text) return id;
    const id = `LicenseRef-${extracted.size + 1}`;
    extracted.set(id, text);
    return id;
  };
  const declared = (pkg: ReportPackage): string => {
    if (!pkg.license) return NOASSERTION;
    const license = sortLicense(pkg.license);
    return license.kind === 'spdx' ? license.expression : licenseRef(license.text);
  };

  const image: Json = {
    SPDXID: IMAGE_ID,
    name: subject.name,
    versionInfo: subject.version,
    downloadLocation: NOASSERTION,
    filesAnalyzed: false,
    primaryPackagePurpose: 'CONTAINER',
    ...(subject.sha256 ? { checksums: [{ algorithm: 'SHA256', checksumValue: subject.sha256 }] } : {}),
    licenseConcluded: NOASSERTION,
    licenseDeclared: NOASSERTION,
    copyrightText: NOASSERTION,
    ...(subject.purl ? { externalRefs: [purlRef(subject.purl)] } : {}),
    description: `${report.image.reference ?? report.image.name} (${report.image.platform}${report.image.os?.prettyName ? `, ${report.image.os.prettyName}` : ''})`,
  };
  const packages = report.packages.map((pkg, index): Json => {
    const digest = layerDigest(report, pkg);
    const where = `/${pkg.path}${digest ? ` in layer ${digest}` : ''}`;
    return {
      SPDXID: `SPDXRef-Package-${index + 1}`,
      name: pkg.name,
      versionInfo: pkg.version,
      downloadLocation: NOASSERTION,
      filesAnalyzed: false,
      primaryPackagePurpose: 'LIBRARY',
      ...(pkg.sourceName ? { sourceInfo: `built from ${pkg.sourceName} ${pkg.sourceVersion ?? ''}`.trim() + `; recorded in ${where}` } : { sourceInfo: `recorded in ${where}` }),
      licenseConcluded: NOASSERTION,
      licenseDeclared: declared(pkg),
      copyrightText: NOASSERTION,
      ...(pkg.purl ? { externalRefs: [purlRef(pkg.purl)] } : {}),
      ...(digest ? { annotations: [{ annotationDate: created, annotationType: 'OTHER', annotator, comment: `LayerDigest: ${digest}` }] } : {}),
    };
  });

  const document: Json = {
    spdxVersion: 'SPDX-2.3',
    dataLicense: 'CC0-1.0',
    SPDXID: 'SPDXRef-DOCUMENT',
    name: report.image.reference ?? report.image.name,
    documentNamespace: `${REPOSITORY_URL}/spdxdocs/${encodeURIComponent(subject.name)}-${documentUuid()}`,
    creationInfo: { created, creators: [annotator] },
    packages: [image, ...packages],
    relationships: [
      { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: IMAGE_ID },
      ...packages.map((pkg) => ({ spdxElementId: IMAGE_ID, relationshipType: 'CONTAINS', relatedSpdxElement: pkg.SPDXID })),
    ],
    ...(extracted.size > 0
      ? { hasExtractedLicensingInfos: [...extracted].map(([licenseId, text]) => ({ licenseId, name: text, extractedText: text })) }
      : {}),
  };
  return `${jsonSafe(JSON.stringify(document, null, 2))}\n`;
}

function purlRef(purl: string): Json {
  return { referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: purl };
}
