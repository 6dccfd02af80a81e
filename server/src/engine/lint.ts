// The engine's entry point: detect the file kind, build the model, run every enabled rule's visitors once,
// apply suppressions. Pure and synchronous; the CLI, the language server and the tests all call this.
import type { ResolvedConfig } from './config';
import { detectFileKind, looksBinary } from './detect';
import { applyEdits, fixesHold, fixUntilStable, type FixRun } from './fixes';
import { foldFindings } from './fold-findings';
import { parseCompose, type ComposeModel } from './languages/compose/model';
import { composeSuppressions } from './languages/compose/suppressions';
import { parseDockerfile, type DockerfileModel } from './languages/dockerfile/model';
import { parseKubernetes, templateSyntaxOffset, type KubernetesModel } from './languages/kubernetes/model';
import { dockerfilePeerSuppressions } from './languages/dockerfile/peer-suppressions';
import { kubernetesPeerSuppressions } from './languages/kubernetes/peer-suppressions';
import { kubernetesSuppressions } from './languages/kubernetes/suppressions';
import { PeerRuleMap } from './peer-ids';
import type { Report, RuleContext, RuleDefinition, RuleVisitors } from './rule';
import { applySuppressions, configIgnoreSuppressions, parseSuppression, type RuleStatus, type Suppression } from './suppressions';
import type { Finding, Fix, FixSafety, LintResult, RuleFailure, Severity, SeverityOrOff, SourceFile } from './types';

/** Built-in rule ids the engine itself reports. */
export const SYNTAX_ERROR_RULE = 'syntax-error';
export const UNUSED_SUPPRESSION_RULE = 'suppression-unused';
const UNSUPPRESSIBLE = new Set([SYNTAX_ERROR_RULE, UNUSED_SUPPRESSION_RULE]);

const SEVERITY_RANK: Record<Severity, number> = { info: 0, warning: 1, error: 2 };

export interface LintOptions {
  /** Run only these rules (tests use this to isolate one rule). */
  onlyRules?: ReadonlySet<string>;
  /** Today (YYYY-MM-DD), for other tools' suppressions that expire; the current date by default. */
  today?: string;
  /** The text is rendered output (a Helm document): `{{` in it is data, not unrendered template syntax. */
  rendered?: boolean;
}

/**
 * Lints one file. Nothing it is given ends the caller's run: a parser that throws or overflows the stack (a
 * line of thousands of nested `a: a: …`) becomes one finding on the file, as a syntax error does.
 */
export function lint(file: SourceFile, config: ResolvedConfig, rules: readonly RuleDefinition[], options: LintOptions = {}): LintResult {
  try {
    return lintFile(file, config, rules, options);
  } catch (error) {
    const kind = detectFileKind(file);
    const configured = options.onlyRules && !options.onlyRules.has(SYNTAX_ERROR_RULE) ? 'off' : (config.severities.get(SYNTAX_ERROR_RULE) ?? 'off');
    const reason = error instanceof RangeError && /call stack/i.test(error.message) ? 'it nests too deeply' : `the analysis failed (${error instanceof Error ? error.message : String(error)})`;
    const message = `Shipshape could not analyse this file: ${reason}. Nothing in it was checked.`;
    return {
      kind,
      findings: configured === 'off' ? [] : [finding(SYNTAX_ERROR_RULE, message, configured, { start: 0, end: 0 })],
      suppressed: [],
      ruleFailures: [],
      syntaxErrors: 1,
    };
  }
}

function lintFile(file: SourceFile, config: ResolvedConfig, rules: readonly RuleDefinition[], options: LintOptions): LintResult {
  const kind = detectFileKind(file);
  if (kind === null) return { kind, findings: [], suppressed: [], ruleFailures: [], syntaxErrors: 0 };
  const severityOf = (ruleId: string): SeverityOrOff => {
    if (options.onlyRules && !options.onlyRules.has(ruleId)) return 'off';
    return config.severities.get(ruleId) ?? 'off';
  };

  if (file.text.length > config.maxFileSize * 1024 * 1024) {
    // Hosts that read files skip these before reading; an editor hands over what is open.
    const severity = severityOf(SYNTAX_ERROR_RULE) === 'off' ? 'off' : 'info';
    const note = `This file is larger than the ${config.maxFileSize} MB limit, so it was not analysed; raise maxFileSize in .shipshape.yaml (or the shipshape.maxFileSize setting) to lint it.`;
    return { kind, findings: severity === 'off' ? [] : [finding(SYNTAX_ERROR_RULE, note, severity, { start: 0, end: 0 })], suppressed: [], ruleFailures: [], syntaxErrors: 0 };
  }

  if (looksBinary(file.text)) {
    const severity = severityOf(SYNTAX_ERROR_RULE);
    const findings: Finding[] =
      severity === 'off'
        ? []
        : [finding(SYNTAX_ERROR_RULE, 'This file is not text (it contains NUL or control bytes), so it was not analysed.', severity, { start: 0, end: 0 })];
    return { kind, findings, suppressed: [], ruleFailures: [], syntaxErrors: 1 };
  }

  const dockerfile = kind === 'dockerfile' ? parseDockerfile(file.text) : undefined;
  const kubernetes = kind === 'kubernetes' ? parseKubernetes(file.text) : undefined;
  const compose = kind === 'compose' ? parseCompose(file.path, file.text, file.compose) : undefined;

  // Rendered output (a Helm document) holds `{{` as data, never as unrendered template syntax.
  const templateAt = options.rendered ? undefined : templateSyntaxOffset(kubernetes);
  if (templateAt !== undefined) {
    const severity = severityOf(SYNTAX_ERROR_RULE);
    const note = 'This manifest contains template syntax ({{ … }}) outside YAML values, so it was not analysed; lint the rendered output instead (for example `helm template --output-dir rendered …` then `shipshape lint rendered`).';
    return { kind, findings: severity === 'off' ? [] : [finding(SYNTAX_ERROR_RULE, note, severity, { start: templateAt, end: templateAt + 2 })], suppressed: [], ruleFailures: [], syntaxErrors: 1 };
  }
  const raw: Finding[] = [];
  const syntaxSeverity = severityOf(SYNTAX_ERROR_RULE);
  if (kubernetes && syntaxSeverity !== 'off') {
    for (const problem of kubernetes.syntaxErrors) raw.push(finding(SYNTAX_ERROR_RULE, `YAML error: ${problem.message}`, syntaxSeverity, problem.range));
  }
  if (compose && syntaxSeverity !== 'off') {
    for (const problem of compose.syntaxErrors.slice(0, 1)) raw.push(finding(SYNTAX_ERROR_RULE, problem.message, syntaxSeverity, problem.range));
  }
  const ruleFailures: RuleFailure[] = [];
  const active: ActiveRule[] = [];

  for (const rule of rules) {
    const severity = severityOf(rule.meta.id);
    if (severity === 'off' || !rule.meta.appliesTo.includes(kind)) continue;
    const context: RuleContext = {
      file,
      settings: config.settings,
      dockerfile,
      kubernetes,
      compose,
      report: (report: Report) => raw.push(toFinding(rule.meta.id, severity, report)),
    };
    const visitors = guard(rule, ruleFailures, () => rule.create(context));
    if (visitors) active.push({ rule, visitors, failed: false });
  }

  if (dockerfile) walkDockerfile(dockerfile, active, ruleFailures);
  if (kubernetes) walkKubernetes(kubernetes, active, ruleFailures);
  if (compose) walkCompose(compose, active, ruleFailures, raw);

  const peers = PeerRuleMap.for(rules);
  const today = options.today ?? new Date().toISOString().slice(0, 10);
  const suppressions = [
    ...(dockerfile ? [...dockerfileSuppressions(dockerfile), ...dockerfilePeerSuppressions(dockerfile, peers, today)] : []),
    ...(kubernetes ? [...kubernetesSuppressions(kubernetes), ...kubernetesPeerSuppressions(kubernetes, peers, today)] : []),
    ...(compose ? composeSuppressions(compose) : []),
    ...configIgnoreSuppressions(file.configIgnores ?? []),
  ];
  const ruleStatus = (id: string): RuleStatus => {
    if (id === SYNTAX_ERROR_RULE || id === UNUSED_SUPPRESSION_RULE) return 'inactive';
    if (active.some((entry) => entry.rule.meta.id === id)) return 'active';
    return rules.some((rule) => rule.meta.id === id) ? 'inactive' : 'unknown';
  };
  const outcome = applySuppressions(raw, suppressions, ruleStatus, UNSUPPRESSIBLE);
  const syntaxErrors = kubernetes?.syntaxErrors.length ?? 0;
  if (syntaxErrors > 0) {
    // What the rules saw of a file that does not parse may be wrong: no fixes but the syntax's own, and no
    // claim that a suppression is unused (the finding it silences may be in the part that did not parse).
    for (const found of outcome.findings) if (found.ruleId !== SYNTAX_ERROR_RULE && found.fixes.length > 0) found.fixes = [];
  }
  outcome.findings = foldFindings(outcome.findings);
  const unusedSeverity = severityOf(UNUSED_SUPPRESSION_RULE);
  if (unusedSeverity !== 'off' && syntaxErrors === 0) {
    for (const { suppression, idIndexes } of outcome.unused) {
      outcome.findings.push(...unusedSuppressionFindings(file.text, suppression, idIndexes, ruleStatus, unusedSeverity));
    }
  }
  outcome.findings.sort((a, b) => a.range.start - b.range.start || a.range.end - b.range.end || a.ruleId.localeCompare(b.ruleId));
  return { kind, findings: outcome.findings, suppressed: outcome.suppressed, ruleFailures, syntaxErrors };
}

/** Applies safe (or all) fixes repeatedly until the file is stable. */
export function fix(
  file: SourceFile,
  config: ResolvedConfig,
  rules: readonly RuleDefinition[],
  options: LintOptions & { safety?: FixSafety | 'all'; maxPasses?: number } = {},
): FixRun {
  return fixUntilStable(file.text, (text) => lint({ ...file, text }, config, rules, options), options);
}

/**
 * The fixes of a finding that are safe to offer: applied alone to the file, each must leave it parsing and
 * without that finding. Costs one lint per fix, so hosts call it only for the findings a person is looking
 * at (the editor's quick fixes for the diagnostics under the cursor).
 */
export function verifiedFixes(
  file: SourceFile,
  config: ResolvedConfig,
  rules: readonly RuleDefinition[],
  found: Finding,
  before: LintResult,
  options: LintOptions = {},
): Fix[] {
  return found.fixes.filter((candidate) => {
    if (candidate.edits.length === 0) return true;
    const after = lint({ ...file, text: applyEdits(file.text, candidate.edits).text }, config, rules, options);
    return fixesHold(before, after, [{ finding: found, fix: candidate }]);
  });
}

interface ActiveRule {
  rule: RuleDefinition;
  visitors: RuleVisitors;
  /** The rule threw once; it is skipped for the rest of the file. */
  failed: boolean;
}

/** One rule's visitor of one kind, with the object that holds it (visitors are called as its methods). */
interface Subscriber {
  entry: ActiveRule;
  holder: object;
  visit: (argument: never) => void;
}

type VisitorKind = 'dockerfile' | 'kubernetes' | 'compose' | 'image';

/** The active rules that have a visitor `name` (of `kind`'s visitors), in rule order: only those are called. */
function subscribers(active: ActiveRule[], kind: VisitorKind, name: string): Subscriber[] {
  const result: Subscriber[] = [];
  for (const entry of active) {
    const holder: object | undefined = kind === 'image' ? entry.visitors : entry.visitors[kind];
    const visit = (holder as Record<string, unknown> | undefined)?.[name];
    if (holder && typeof visit === 'function') result.push({ entry, holder, visit: visit as Subscriber['visit'] });
  }
  return result;
}

/** Calls every subscriber with one node; a rule that throws is recorded and skipped from then on. */
function dispatch(subscribed: Subscriber[], argument: unknown, failures: RuleFailure[]): void {
  for (const subscriber of subscribed) {
    if (subscriber.entry.failed) continue;
    try {
      (subscriber.visit as (argument: unknown) => void).call(subscriber.holder, argument);
    } catch (error) {
      subscriber.entry.failed = true;
      failures.push(failureOf(subscriber.entry.rule, error));
    }
  }
}

function walkKubernetes(model: KubernetesModel, active: ActiveRule[], failures: RuleFailure[]): void {
  const resources = subscribers(active, 'kubernetes', 'resource');
  const podSpecs = subscribers(active, 'kubernetes', 'podSpec');
  const containers = subscribers(active, 'kubernetes', 'container');
  const images = subscribers(active, 'image', 'image');
  const ends = subscribers(active, 'kubernetes', 'end');
  if (resources.length > 0) for (const resource of model.resources) dispatch(resources, resource, failures);
  if (podSpecs.length > 0) for (const podSpec of model.podSpecs) dispatch(podSpecs, podSpec, failures);
  if (containers.length > 0) for (const container of model.containers) dispatch(containers, container, failures);
  if (images.length > 0) for (const image of model.images) dispatch(images, image, failures);
  dispatch(ends, undefined, failures);
}

function walkCompose(model: ComposeModel, active: ActiveRule[], failures: RuleFailure[], raw: Finding[]): void {
  const services = subscribers(active, 'compose', 'service');
  const images = subscribers(active, 'image', 'image');
  const ends = subscribers(active, 'compose', 'end');
  const before = raw.length;
  if (services.length > 0) for (const service of model.services) dispatch(services, service, failures);
  if (images.length > 0) for (const image of model.images) dispatch(images, image, failures);
  dispatch(ends, undefined, failures);
  // Services that share a node (an anchor, a base they extend) report it once, for the first of them.
  const seen = new Set<string>();
  let kept = before;
  for (let index = before; index < raw.length; index++) {
    const item = raw[index] as Finding;
    const key = `${item.ruleId}\u0000${item.range.start}\u0000${item.range.end}\u0000${item.related[0]?.message ?? ''}`;
    if (seen.has(key)) continue;
    seen.add(key);
    raw[kept++] = item;
  }
  raw.length = kept;
}

function walkDockerfile(model: DockerfileModel, active: ActiveRule[], failures: RuleFailure[]): void {
  const instructions = subscribers(active, 'dockerfile', 'instruction');
  const stages = subscribers(active, 'dockerfile', 'stage');
  const images = subscribers(active, 'image', 'image');
  const ends = subscribers(active, 'dockerfile', 'end');
  if (instructions.length > 0) {
    for (const instruction of model.instructions) dispatch(instructions, instruction, failures);
    for (const trigger of model.onbuildTriggers) dispatch(instructions, trigger, failures);
  }
  if (stages.length > 0) for (const stage of model.stages) dispatch(stages, stage, failures);
  if (images.length > 0) for (const image of model.images) dispatch(images, image, failures);
  dispatch(ends, undefined, failures);
}

function failureOf(rule: RuleDefinition, error: unknown): RuleFailure {
  const message = error instanceof Error ? `${error.message}\n${error.stack ?? ''}` : String(error);
  return { ruleId: rule.meta.id, error: message };
}

function guard<T>(rule: RuleDefinition, failures: RuleFailure[], body: () => T): T | undefined {
  try {
    return body();
  } catch (error) {
    failures.push(failureOf(rule, error));
    return undefined;
  }
}

function toFinding(ruleId: string, configured: Severity, report: Report): Finding {
  const severity = report.severityCap && SEVERITY_RANK[report.severityCap] < SEVERITY_RANK[configured] ? report.severityCap : configured;
  return finding(ruleId, report.message, severity, report.range, report.related, report.fixes);
}

function finding(ruleId: string, message: string, severity: Severity, range: Finding['range'], related: Finding['related'] = [], fixes: Finding['fixes'] = []): Finding {
  return { ruleId, message, severity, range, related, fixes };
}

/** Each comment covers the next instruction (all its lines). */
function dockerfileSuppressions(model: DockerfileModel): Suppression[] {
  const suppressions: Suppression[] = [];
  // Suppression comments start with this; a file without it has none.
  if (!model.text.includes('shipshape-ignore')) return suppressions;
  const instructions = model.instructions;
  let next = 0;
  for (const comment of model.comments) {
    if (!comment.content.startsWith('shipshape-ignore')) continue;
    while (next < instructions.length && (instructions[next]?.range.start ?? 0) < comment.range.end) next++;
    const target = instructions[next]?.range;
    const content = model.text.slice(comment.range.start + 1, comment.range.end);
    const suppression = parseSuppression(model.text, { range: comment.range, content }, target);
    if (suppression) suppressions.push(suppression);
  }
  return suppressions;
}

function unusedSuppressionFindings(
  text: string,
  suppression: Suppression,
  idIndexes: number[],
  ruleStatus: (id: string) => RuleStatus,
  severity: Severity,
): Finding[] {
  const removeComment = { title: 'Remove the unused suppression comment', safety: 'safe' as const, edits: [{ ...suppression.removalRange, text: '' }] };
  if (suppression.ruleIds.length === 0) {
    return [finding(UNUSED_SUPPRESSION_RULE, 'This suppression comment names no rule id; write `# shipshape-ignore <rule-id> -- reason`.', severity, suppression.commentRange, [], [removeComment])];
  }
  const removesAll = idIndexes.length === suppression.ruleIds.length;
  return idIndexes.map((index) => {
    const id = suppression.ruleIds[index] ?? '';
    const range = suppression.ruleIdRanges[index] ?? suppression.commentRange;
    const message =
      ruleStatus(id) === 'unknown'
        ? `"${id}" is not a Shipshape rule id, so this suppression does nothing; run \`shipshape rules\` for the list.`
        : suppression.fileWide
          ? `Suppression of "${id}" is unused: the rule reports nothing in this file. Remove it so it cannot hide a future problem.`
          : `Suppression of "${id}" is unused: the rule reports nothing in what it covers. Remove it so it cannot hide a future problem.`;
    const fixes = removesAll ? [removeComment] : [{ title: `Remove "${id}" from the suppression`, safety: 'safe' as const, edits: [removeIdEdit(text, range)] }];
    return finding(UNUSED_SUPPRESSION_RULE, message, severity, range, [], fixes);
  });
}

/** Removes one id from a comma-separated list, with the comma on one side. */
function removeIdEdit(text: string, range: Finding['range']): { start: number; end: number; text: string } {
  const after = /^\s*,\s*/.exec(text.slice(range.end));
  if (after) return { start: range.start, end: range.end + after[0].length, text: '' };
  const before = /\s*,\s*$/.exec(text.slice(0, range.start));
  if (before) return { start: range.start - before[0].length, end: range.end, text: '' };
  return { start: range.start, end: range.end, text: '' };
}
