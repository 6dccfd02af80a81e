// Lints a kustomization's build: the Kubernetes rules run unchanged on the printed objects, then every finding
// is moved to the file and span that wrote the value (the base resource, the patch that set it, the `images:`
// entry that rewrote an image), with `related` pointing at the value it overrode. Comment suppressions of the
// owning file apply there; fixes are those the owning file's own lint offers for the same place.
import type { ResolvedConfig } from '../../config';
import { lint, SYNTAX_ERROR_RULE } from '../../lint';
import type { RuleDefinition } from '../../rule';
import { applySuppressions } from '../../suppressions';
import type { Finding, RelatedLocation, RuleFailure, SuppressedFinding, TextRange } from '../../types';
import { parseKubernetes } from '../kubernetes/model';
import { kubernetesSuppressions } from '../kubernetes/suppressions';
import { sourceLocation } from './origins';
import type { RenderResult } from './render';
import type { ObjectIdentity } from './overlay-patch';
import { apiVersionOf, kindOf, nameOf, originalId } from './resource';
import type { KNode, Origin } from './values';

export interface BuildLintResult {
  /** Findings by the path of the file that owns them. */
  findings: Map<string, Finding[]>;
  suppressed: Map<string, SuppressedFinding[]>;
  ruleFailures: RuleFailure[];
  /** The built object each finding is about, named as its base writes it. */
  subjects: Map<Finding, ObjectIdentity>;
}

export type SourceReader = (path: string) => string | undefined;

interface Placement {
  file: string;
  range: TextRange;
  replaced: Origin | undefined;
  via: string | undefined;
}

/** Where a range of the printed build was written. */
export function placeOf(render: RenderResult, range: TextRange, read: SourceReader): Placement | undefined {
  const object = render.objects.find((item) => range.start >= item.offset && range.start <= item.offset + item.text.length);
  if (!object) return undefined;
  const start = range.start - object.offset;
  const end = range.end - object.offset;
  const covering = object.spans
    .filter((span) => span.range.start <= start && (start < span.range.end || (start === span.range.end && span.range.start === span.range.end)))
    .sort((a, b) => b.depth - a.depth || a.range.end - a.range.start - (b.range.end - b.range.start));
  for (const span of covering) {
    const origin = span.isKey ? (span.keyOrigin ?? span.node.origin) : span.node.origin;
    if (!origin) continue;
    const location = sourceLocation(origin, read);
    let mapped = location.range;
    // A part of a scalar (the tag of an image) maps exactly when the source spells the value the same way.
    const source = read(location.file);
    const emitted = object.text.slice(span.range.start, span.range.end);
    if (source !== undefined && source.slice(location.range.start, location.range.end) === emitted && end <= span.range.end) {
      mapped = { start: location.range.start + (start - span.range.start), end: location.range.start + (end - span.range.start) };
    } else if (start === end) {
      mapped = { start: location.range.start, end: location.range.start };
    }
    const node: KNode = span.node;
    return { file: location.file, range: mapped, replaced: span.isKey ? undefined : node.replaced, via: origin.via };
  }
  return undefined;
}

/** Lints the printed build of one kustomization and moves every finding to its owning file. */
export function lintRenderedBuild(render: RenderResult, buildPath: string, config: ResolvedConfig, rules: readonly RuleDefinition[], source: SourceReader): BuildLintResult {
  const texts = new Map<string, string | undefined>();
  const read: SourceReader = (path) => {
    if (!texts.has(path)) texts.set(path, source(path));
    return texts.get(path);
  };
  const result = lint({ path: buildPath, text: render.text }, config, rules);
  const findings = new Map<string, Finding[]>();
  const suppressed = new Map<string, SuppressedFinding[]>();
  const add = <T extends Finding>(into: Map<string, T[]>, file: string, finding: T): void => {
    const list = into.get(file) ?? [];
    list.push(finding);
    into.set(file, list);
  };
  const ownLint = new Map<string, { findings: Finding[]; suppressed: SuppressedFinding[] } | null>();
  const ownFindings = (file: string): { findings: Finding[]; suppressed: SuppressedFinding[] } | null => {
    if (!ownLint.has(file)) {
      const text = read(file);
      const own = text === undefined || !/\.(ya?ml|json)$/i.test(file) ? null : lint({ path: file, text }, config, rules);
      ownLint.set(file, own && { findings: own.findings, suppressed: own.suppressed });
    }
    return ownLint.get(file) ?? null;
  };
  const place = (finding: Finding): { file: string; finding: Finding } | undefined => {
    const placement = placeOf(render, finding.range, read);
    if (!placement) return undefined;
    const related: RelatedLocation[] = [];
    if (placement.replaced) {
      const replaced = sourceLocation(placement.replaced, read);
      related.push({ path: replaced.file, range: replaced.range, message: `the value here was replaced by ${placement.via ?? 'the build'}` });
    }
    for (const item of finding.related) {
      const other = placeOf(render, item.range, read);
      if (other) related.push({ path: other.file, range: other.range, message: item.message });
    }
    const own = ownFindings(placement.file);
    const same = own?.findings.find((candidate) => candidate.ruleId === finding.ruleId && candidate.range.start === placement.range.start);
    const moved: Finding = { ...finding, message: withWrittenName(finding), range: placement.range, related, fixes: same?.fixes ?? [] };
    const object = objectAt(finding.range.start);
    if (object) subjects.set(moved, { apiVersion: apiVersionOf(object.resource), kind: kindOf(object.resource), name: originalId(object.resource).name || nameOf(object.resource) });
    return { file: placement.file, finding: moved };
  };
  const subjects = new Map<Finding, ObjectIdentity>();
  const objectAt = (offset: number) => render.objects.find((item) => offset >= item.offset && offset <= item.offset + item.text.length);
  // Messages name objects as their files write them (`web`), not as one overlay renamed them (`prod-web`).
  const withWrittenName = (finding: Finding): string => {
    const object = objectAt(finding.range.start);
    if (!object) return finding.message;
    const written = originalId(object.resource).name;
    const built = nameOf(object.resource);
    return written === built || written === '' ? finding.message : finding.message.split(`"${built}"`).join(`"${written}"`);
  };
  const placed: Array<{ file: string; finding: Finding }> = [];
  for (const finding of [...result.findings, ...result.suppressed]) {
    if (finding.ruleId === SYNTAX_ERROR_RULE) continue;
    const moved = place(finding);
    if (moved) {
      if ('justification' in finding) {
        const { justification, suppressedBy } = finding as SuppressedFinding;
        add(suppressed, moved.file, { ...moved.finding, justification, suppressedBy });
      }
      else placed.push(moved);
    }
  }
  // Comment suppressions live in the owning files, which the printed build no longer has.
  const byFile = new Map<string, Finding[]>();
  for (const { file, finding } of placed) byFile.set(file, [...(byFile.get(file) ?? []), finding]);
  for (const [file, list] of byFile) {
    const text = read(file);
    const suppressions = text !== undefined && text.includes('shipshape-ignore') ? kubernetesSuppressions(parseKubernetes(text)) : [];
    const outcome = applySuppressions(list, suppressions, () => 'active', new Set([SYNTAX_ERROR_RULE]));
    for (const finding of outcome.findings) add(findings, file, finding);
    for (const finding of outcome.suppressed) {
      const subject = subjects.get(list.find((item) => item.ruleId === finding.ruleId && item.range.start === finding.range.start && item.range.end === finding.range.end)!);
      if (subject) subjects.set(finding, subject);
      add(suppressed, file, finding);
    }
  }
  for (const list of findings.values()) list.sort((a, b) => a.range.start - b.range.start || a.ruleId.localeCompare(b.ruleId));
  return { findings, suppressed, ruleFailures: result.ruleFailures, subjects };
}
