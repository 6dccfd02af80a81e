// Other linters' suppression comments in a Dockerfile, honoured through the peer map, so a team that adopts
// Shipshape keeps the exceptions it already wrote down:
//   # hadolint ignore=DL3002,DL3007 -- reason      the next instruction
//   # hadolint stage ignore=DL3002                 the rest of the stage
//   # hadolint global ignore=DL3007                the whole file
//   # check=skip=SecretsUsedInArgOrEnv             BuildKit: a parser directive (whole file) or above one instruction
//   #trivy:ignore:DS002  #trivy:ignore:AVD-DS-0002:exp:2026-12-31    the next instruction, until the date
//   #checkov:skip=CKV_DOCKER_3:reason              the whole file (Checkov reads it anywhere in the file)
import type { PeerRuleMap, PeerTool } from '../../peer-ids';
import type { Suppression } from '../../suppressions';
import type { TextRange } from '../../types';
import type { DockerfileModel, DockerInstruction } from './model';

const MENTIONS_PEER = /hadolint|check\s*=|trivy:|checkov:/i;
const HADOLINT = /^hadolint\s+(?:(global|stage)\s+)?ignore\s*=\s*([\w-]+(?:\s*,\s*[\w-]+)*)(.*)$/i;
const BUILDKIT = /^check\s*=\s*(.*)$/i;
const TRIVY = /trivy:ignore:([\w-]+)((?::[^\s#:]+:[^\s#:]+)*)/gi;
const CHECKOV = /^checkov:skip=([\w*]+)(?::\s*(.*))?$/i;

export function dockerfilePeerSuppressions(model: DockerfileModel, peers: PeerRuleMap, today: string): Suppression[] {
  if (!MENTIONS_PEER.test(model.text)) return [];
  const suppressions: Suppression[] = [];
  const add = (tool: PeerTool, ids: string[], range: TextRange, reason: string | undefined, target: TextRange | undefined, fileWide: boolean): void => {
    const ruleIds = [...new Set(ids.flatMap((id) => (id.toLowerCase() === 'all' && tool === 'buildkit' ? peers.rulesOf(tool) : peers.rulesFor(tool, id))))];
    if (ruleIds.length === 0 || (!fileWide && target === undefined)) return;
    suppressions.push({
      commentRange: range,
      removalRange: range,
      ruleIds,
      ruleIdRanges: ruleIds.map(() => range),
      reason,
      fileWide,
      target: fileWide ? undefined : target,
      tool,
      directive: model.text.slice(range.start, range.end).trim(),
    });
  };

  // dockerfile-ast reads any `# word…=…` line at the top as a parser directive, so a first-line
  // `# hadolint global ignore=…` arrives as one: only `check` is a directive to BuildKit, the rest are comments.
  const comments = [...model.comments];
  for (const directive of model.directives) {
    if (directive.name.toLowerCase() === 'check') add('buildkit', buildkitSkips(directive.value), directive.range, undefined, undefined, true);
    else comments.push({ range: directive.range, content: model.text.slice(directive.range.start + 1, directive.range.end).trim() });
  }
  for (const comment of comments) {
    const content = comment.content;
    const hadolint = HADOLINT.exec(content);
    if (hadolint) {
      const next = nextInstruction(model, comment.range.end);
      const scope = hadolint[1]?.toLowerCase();
      const target = scope === 'stage' && next ? stageRest(next) : next?.range;
      add('hadolint', splitIds(hadolint[2] ?? ''), comment.range, reasonIn(hadolint[3] ?? ''), target, scope === 'global');
      continue;
    }
    const buildkit = BUILDKIT.exec(content);
    if (buildkit) {
      add('buildkit', buildkitSkips(buildkit[1] ?? ''), comment.range, undefined, nextInstruction(model, comment.range.end)?.range, false);
      continue;
    }
    const checkov = CHECKOV.exec(content);
    if (checkov) {
      add('checkov', [checkov[1] ?? ''], comment.range, reasonIn(checkov[2] ?? ''), undefined, true);
      continue;
    }
    for (const trivy of content.matchAll(TRIVY)) {
      if (isExpired(trivy[2] ?? '', today)) continue;
      add('trivy', [trivy[1] ?? ''], comment.range, undefined, nextInstruction(model, comment.range.end)?.range, false);
    }
  }
  return suppressions;
}

/** `skip=A,B;error=true` → [A, B]. */
function buildkitSkips(value: string): string[] {
  for (const part of value.split(';')) {
    const match = /^\s*skip\s*=\s*(.*)$/i.exec(part);
    if (match) return splitIds(match[1] ?? '');
  }
  return [];
}

function splitIds(list: string): string[] {
  return list.split(',').map((id) => id.trim()).filter((id) => id !== '');
}

/** What follows the ids: `# reason`, `-- reason` or `: reason`; the separators are dropped. */
function reasonIn(rest: string): string | undefined {
  const reason = rest.replace(/^[\s#:-]+/, '').trim();
  return reason === '' ? undefined : reason;
}

/** Trivy's `:exp:YYYY-MM-DD` option: the ignore stops applying after that day. */
function isExpired(options: string, today: string): boolean {
  const expiry = /:exp:(\d{4}-\d{2}-\d{2})/i.exec(options)?.[1];
  return expiry !== undefined && expiry < today;
}

function nextInstruction(model: DockerfileModel, offset: number): DockerInstruction | undefined {
  return model.instructions.find((instruction) => instruction.range.start >= offset);
}

/** From an instruction to the end of its stage. */
function stageRest(instruction: DockerInstruction): TextRange {
  const last = instruction.stage?.instructions[instruction.stage.instructions.length - 1];
  return { start: instruction.range.start, end: Math.max(instruction.range.end, last?.range.end ?? instruction.range.end) };
}
