// Other tools' check ids mapped onto Shipshape's rules. The map is the `peers` of each rule's metadata (the
// docs' "Also known as" line), so a comment like `# hadolint ignore=DL3002` silences exactly the rules whose
// page names DL3002, and the docs and the suppression behaviour cannot drift apart.
import type { RuleMeta } from './rule';

/** Tools whose suppression comments and annotations Shipshape honours. */
export type PeerTool = 'hadolint' | 'buildkit' | 'trivy' | 'checkov' | 'kube-linter' | 'polaris';

/** How each tool is named in `peers` (case-insensitive) and in messages. */
export const PEER_TOOL_NAMES: Record<PeerTool, string> = {
  hadolint: 'hadolint',
  buildkit: 'BuildKit',
  trivy: 'Trivy',
  checkov: 'Checkov',
  'kube-linter': 'kube-linter',
  polaris: 'Polaris',
};

const TOOL_BY_NAME = new Map(Object.entries(PEER_TOOL_NAMES).map(([tool, name]) => [name.toLowerCase(), tool as PeerTool]));

/**
 * The form ids are compared in. Trivy accepts `DS002`, `DS-0002` and `AVD-DS-0002` for one check, case-
 * insensitively; Checkov and hadolint ids are upper-case; BuildKit, kube-linter and Polaris compare exactly,
 * but people type them in either case.
 */
export function normalizePeerId(tool: PeerTool, id: string): string {
  const upper = id.trim().toUpperCase();
  if (tool === 'trivy') {
    const match = /^(?:AVD-)?([A-Z]+)-?0*(\d+)$/.exec(upper);
    return match ? `${match[1]}-${Number(match[2])}` : upper;
  }
  return upper;
}

/** The peers of a rule that belong to a tool whose suppressions are honoured, as written (`DS-0002`). */
export function peerIds(meta: RuleMeta): Array<{ tool: PeerTool; id: string }> {
  const found: Array<{ tool: PeerTool; id: string }> = [];
  for (const peer of meta.peers ?? []) {
    const match = /^(\S+)\s+(\S+)$/.exec(peer.trim());
    const tool = match ? TOOL_BY_NAME.get((match[1] ?? '').toLowerCase()) : undefined;
    if (match && tool) found.push({ tool, id: match[2] ?? '' });
  }
  return found;
}

export class PeerRuleMap {
  private static readonly cache = new WeakMap<readonly { meta: RuleMeta }[], PeerRuleMap>();
  /** tool → normalised id → our rule ids. */
  private readonly exact = new Map<PeerTool, Map<string, string[]>>();
  /** tool → id prefixes written with a trailing `*` (`CKV_SECRET_*`). */
  private readonly prefixes = new Map<PeerTool, Array<{ prefix: string; ruleId: string }>>();
  private readonly byTool = new Map<PeerTool, string[]>();

  /** The map of a rule list, built once per list. */
  static for(rules: readonly { meta: RuleMeta }[]): PeerRuleMap {
    let map = PeerRuleMap.cache.get(rules);
    if (!map) {
      map = new PeerRuleMap(rules.map((rule) => rule.meta));
      PeerRuleMap.cache.set(rules, map);
    }
    return map;
  }

  constructor(metas: readonly RuleMeta[]) {
    for (const meta of metas) {
      for (const peer of peerIds(meta)) {
        const tool = peer.tool;
        const id = normalizePeerId(tool, peer.id);
        if (id.endsWith('*')) {
          const list = this.prefixes.get(tool) ?? [];
          list.push({ prefix: id.slice(0, -1), ruleId: meta.id });
          this.prefixes.set(tool, list);
        } else {
          const ids = this.exact.get(tool) ?? new Map<string, string[]>();
          ids.set(id, [...new Set([...(ids.get(id) ?? []), meta.id])]);
          this.exact.set(tool, ids);
        }
        const all = this.byTool.get(tool) ?? [];
        if (!all.includes(meta.id)) all.push(meta.id);
        this.byTool.set(tool, all);
      }
    }
  }

  /** Our rules that a tool's check id stands for; empty when the id has no Shipshape counterpart. */
  rulesFor(tool: PeerTool, id: string): string[] {
    const normalised = normalizePeerId(tool, id);
    const found = [...(this.exact.get(tool)?.get(normalised) ?? [])];
    for (const { prefix, ruleId } of this.prefixes.get(tool) ?? []) if (normalised.startsWith(prefix) && !found.includes(ruleId)) found.push(ruleId);
    return found;
  }

  /** Every rule with a counterpart in the tool (for `skip=all`, `kube-linter.io/ignore-all`, `polaris…/exempt`). */
  rulesOf(tool: PeerTool): string[] {
    return [...(this.byTool.get(tool) ?? [])];
  }
}
