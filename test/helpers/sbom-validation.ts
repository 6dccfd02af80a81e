// Validators for the SBOMs `shipshape scan` writes. CycloneDX documents are checked by the CycloneDX
// library's strict validator, which holds the official bom-1.6 JSON schema (and the SPDX licence-id list
// it refers to). No npm package ships the SPDX 2.3 JSON schema, so SPDX documents are checked against the
// constraints of the SPDX 2.3 specification written out below (required fields, the enumerations, id and
// date formats) plus what a schema cannot say: every relationship names an element of the document, every
// licence is a valid SPDX expression whose LicenseRef- ids are defined, and ids are unique.
import { Spec, Validation } from '@cyclonedx/cyclonedx-library';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import parseSpdxExpression from 'spdx-expression-parse';

export async function cycloneDxProblems(text: string): Promise<unknown[]> {
  const errors = await new Validation.JsonStrictValidator(Spec.Version.v1dot6).validate(text);
  return errors === null ? [] : (errors as unknown[]);
}

const SPDX_ID = { type: 'string', pattern: '^SPDXRef-[A-Za-z0-9.-]+$' };
const NONE_OR_ASSERTION = { type: 'string', minLength: 1 };
const DATE = { type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z$' };

/** The parts of the SPDX 2.3 JSON form (spec clauses 6, 7, 11, 12) the documents use, closed so a misspelt
 * field fails. */
const SPDX_23_DOCUMENT = {
  type: 'object',
  additionalProperties: false,
  required: ['spdxVersion', 'dataLicense', 'SPDXID', 'name', 'documentNamespace', 'creationInfo'],
  properties: {
    spdxVersion: { const: 'SPDX-2.3' },
    dataLicense: { const: 'CC0-1.0' },
    SPDXID: { const: 'SPDXRef-DOCUMENT' },
    name: { type: 'string', minLength: 1 },
    documentNamespace: { type: 'string', format: 'uri', pattern: '^[a-z][a-z0-9+.-]*:[^#]+$' },
    creationInfo: {
      type: 'object',
      additionalProperties: false,
      required: ['created', 'creators'],
      properties: {
        created: DATE,
        creators: { type: 'array', minItems: 1, items: { type: 'string', pattern: '^(Tool|Person|Organization): .+' } },
        licenseListVersion: { type: 'string', pattern: '^\\d+\\.\\d+$' },
        comment: { type: 'string' },
      },
    },
    packages: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['SPDXID', 'name', 'downloadLocation'],
        properties: {
          SPDXID: SPDX_ID,
          name: { type: 'string', minLength: 1 },
          versionInfo: { type: 'string' },
          downloadLocation: NONE_OR_ASSERTION,
          filesAnalyzed: { type: 'boolean' },
          primaryPackagePurpose: { enum: ['APPLICATION', 'FRAMEWORK', 'LIBRARY', 'CONTAINER', 'OPERATING-SYSTEM', 'DEVICE', 'FIRMWARE', 'SOURCE', 'ARCHIVE', 'FILE', 'INSTALL', 'OTHER'] },
          checksums: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['algorithm', 'checksumValue'],
              properties: { algorithm: { enum: ['SHA1', 'SHA224', 'SHA256', 'SHA384', 'SHA512', 'SHA3-256', 'SHA3-384', 'SHA3-512', 'BLAKE2b-256', 'BLAKE2b-384', 'BLAKE2b-512', 'BLAKE3', 'MD2', 'MD4', 'MD5', 'MD6', 'ADLER32'] }, checksumValue: { type: 'string', pattern: '^[0-9a-f]+$' } },
            },
          },
          sourceInfo: { type: 'string' },
          licenseConcluded: NONE_OR_ASSERTION,
          licenseDeclared: NONE_OR_ASSERTION,
          copyrightText: NONE_OR_ASSERTION,
          description: { type: 'string' },
          externalRefs: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['referenceCategory', 'referenceType', 'referenceLocator'],
              properties: {
                referenceCategory: { enum: ['SECURITY', 'PACKAGE-MANAGER', 'PERSISTENT-ID', 'OTHER'] },
                referenceType: { type: 'string' },
                referenceLocator: { type: 'string', pattern: '^\\S+$' },
                comment: { type: 'string' },
              },
            },
          },
          annotations: {
            type: 'array',
            items: {
              type: 'object',
              additionalProperties: false,
              required: ['annotationDate', 'annotationType', 'annotator', 'comment'],
              properties: { annotationDate: DATE, annotationType: { enum: ['OTHER', 'REVIEW'] }, annotator: { type: 'string', pattern: '^(Tool|Person|Organization): .+' }, comment: { type: 'string' } },
            },
          },
        },
      },
    },
    relationships: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['spdxElementId', 'relationshipType', 'relatedSpdxElement'],
        properties: {
          spdxElementId: SPDX_ID,
          relatedSpdxElement: { type: 'string' },
          relationshipType: { enum: ['DESCRIBES', 'DESCRIBED_BY', 'CONTAINS', 'CONTAINED_BY', 'DEPENDS_ON', 'DEPENDENCY_OF', 'GENERATED_FROM', 'OTHER'] },
          comment: { type: 'string' },
        },
      },
    },
    hasExtractedLicensingInfos: {
      type: 'array',
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['licenseId', 'extractedText'],
        properties: { licenseId: { type: 'string', pattern: '^LicenseRef-[A-Za-z0-9.-]+$' }, extractedText: { type: 'string', minLength: 1 }, name: { type: 'string' }, comment: { type: 'string' } },
      },
    },
  },
};

const ajv = new Ajv({ allErrors: true, strict: true });
addFormats.default(ajv);
const validateSpdxShape = ajv.compile(SPDX_23_DOCUMENT);

interface SpdxDocument {
  SPDXID: string;
  packages?: Array<{ SPDXID: string; licenseDeclared?: string; licenseConcluded?: string }>;
  relationships?: Array<{ spdxElementId: string; relatedSpdxElement: string }>;
  hasExtractedLicensingInfos?: Array<{ licenseId: string }>;
}

export function spdxProblems(text: string): string[] {
  const document = JSON.parse(text) as SpdxDocument;
  if (!validateSpdxShape(document)) return (validateSpdxShape.errors ?? []).map((error) => `${error.instancePath} ${error.message}`);
  const problems: string[] = [];
  const ids = [document.SPDXID, ...(document.packages ?? []).map((pkg) => pkg.SPDXID)];
  if (new Set(ids).size !== ids.length) problems.push('SPDX ids are not unique');
  for (const relationship of document.relationships ?? []) {
    for (const end of [relationship.spdxElementId, relationship.relatedSpdxElement]) if (!ids.includes(end)) problems.push(`relationship names ${end}, which is not in the document`);
  }
  const defined = new Set((document.hasExtractedLicensingInfos ?? []).map((info) => info.licenseId));
  for (const pkg of document.packages ?? []) {
    for (const license of [pkg.licenseDeclared, pkg.licenseConcluded]) {
      if (license === undefined || license === 'NOASSERTION' || license === 'NONE') continue;
      try {
        parseSpdxExpression(license);
      } catch {
        problems.push(`${pkg.SPDXID}: "${license}" is not an SPDX licence expression`);
      }
      for (const ref of license.match(/LicenseRef-[A-Za-z0-9.-]+/g) ?? []) if (!defined.has(ref)) problems.push(`${pkg.SPDXID}: ${ref} is not defined`);
    }
  }
  return problems;
}
