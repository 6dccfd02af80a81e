// A vulnerability's severity for one package. A CVSS vector is preferred (v4, then v3.x, then v2; the
// package's own entry before the record's), scored by ae-cvss-calculator and banded as FIRST does:
// critical ≥ 9, high ≥ 7, medium ≥ 4, low > 0. Without a usable vector, the words advisories use
// (GitHub "MODERATE", Red Hat "Important", Ubuntu priorities, Debian urgencies) are mapped; else unknown.
import { Cvss2, Cvss3P0, Cvss3P1, Cvss4P0 } from 'ae-cvss-calculator';
import type { VulnerabilitySeverity } from '../../protocol';
import type { OsvAffected, OsvSeverity, OsvVulnerability } from './osv-schema';

export interface SeverityResult {
  severity: VulnerabilitySeverity;
  score?: number;
  vector?: string;
}

const VECTOR_TYPES = ['CVSS_V4', 'CVSS_V3', 'CVSS_V2'];

export function severityFromScore(score: number): VulnerabilitySeverity {
  if (score >= 9) return 'critical';
  if (score >= 7) return 'high';
  if (score >= 4) return 'medium';
  if (score > 0) return 'low';
  return 'unknown';
}

/** The base score of a CVSS vector (for v4, the score of the vector as written); undefined when the vector
 * is malformed or leaves base metrics out. */
export function cvssScore(type: string, vector: string): number | undefined {
  const text = vector.trim();
  try {
    let cvss: Cvss2 | Cvss3P0 | Cvss3P1 | Cvss4P0;
    if (type === 'CVSS_V4' && text.startsWith('CVSS:4.0/')) cvss = new Cvss4P0(text);
    else if (type === 'CVSS_V3' && text.startsWith('CVSS:3.1/')) cvss = new Cvss3P1(text);
    else if (type === 'CVSS_V3' && text.startsWith('CVSS:3.0/')) cvss = new Cvss3P0(text);
    else if (type === 'CVSS_V2' && !text.startsWith('CVSS:')) cvss = new Cvss2(text.replace(/^\((.*)\)$/, '$1'));
    else return undefined;
    if (!cvss.isBaseFullyDefined()) return undefined;
    const scores = cvss.calculateScores();
    const score = cvss instanceof Cvss4P0 ? scores.overall : (scores as { base?: number }).base;
    return typeof score === 'number' && Number.isFinite(score) ? score : undefined;
  } catch {
    return undefined;
  }
}

function fromVectors(severities: OsvSeverity[]): SeverityResult | undefined {
  for (const type of VECTOR_TYPES) {
    for (const entry of severities) {
      if (entry.type !== type) continue;
      const score = cvssScore(type, entry.score);
      if (score !== undefined) return { severity: severityFromScore(score), score, vector: entry.score.trim() };
    }
  }
  return undefined;
}

const WORDS: Record<string, VulnerabilitySeverity> = {
  critical: 'critical',
  urgent: 'critical',
  high: 'high',
  important: 'high',
  moderate: 'medium',
  medium: 'medium',
  low: 'low',
  negligible: 'low',
  unimportant: 'low',
  minor: 'low',
};

export function severityFromWord(word: unknown): VulnerabilitySeverity | undefined {
  if (typeof word !== 'string') return undefined;
  // Debian urgencies may carry a qualifier: "low**", "medium (unimportant)".
  const key = /^[a-z]+/.exec(word.trim().toLowerCase())?.[0];
  return key === undefined ? undefined : WORDS[key];
}

function fromWords(vulnerability: OsvVulnerability, affected: OsvAffected[]): VulnerabilitySeverity | undefined {
  const candidates: unknown[] = [
    // Ubuntu records state their priority as a severity of type "Ubuntu".
    ...[...affected.flatMap((entry) => entry.severity), ...vulnerability.severity]
      .filter((entry) => !VECTOR_TYPES.includes(entry.type))
      .map((entry) => entry.score),
    ...affected.flatMap((entry) => [
      entry.ecosystemSpecific?.severity,
      entry.ecosystemSpecific?.urgency,
      entry.databaseSpecific?.severity,
    ]),
    vulnerability.databaseSpecific?.severity,
  ];
  for (const candidate of candidates) {
    const severity = severityFromWord(candidate);
    if (severity) return severity;
  }
  return undefined;
}

/** Severity of `vulnerability` for the package described by the `affected` entries that name it. */
export function severityOf(vulnerability: OsvVulnerability, affected: OsvAffected[]): SeverityResult {
  const vectors = fromVectors([...affected.flatMap((entry) => entry.severity), ...vulnerability.severity]);
  if (vectors && vectors.severity !== 'unknown') return vectors;
  const word = fromWords(vulnerability, affected);
  return { ...vectors, severity: word ?? 'unknown' };
}
