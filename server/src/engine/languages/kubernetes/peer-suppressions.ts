// Other tools' suppressions in Kubernetes manifests, honoured through the peer map:
//   #trivy:ignore:KSV001                                 a comment: the node below it (as `# shipshape-ignore`)
//   checkov.io/skip1: CKV_K8S_20=reason                  annotations on the object's (or its pod
//   ignore-check.kube-linter.io/<check>: "reason"          template's) metadata: the whole object
//   kube-linter.io/ignore-all: "reason"
//   polaris.fairwinds.com/<check>-exempt: "true"
//   polaris.fairwinds.com/exempt: "true"
import { isScalar, type Node as YamlNode, type Pair } from 'yaml';
import type { PeerRuleMap, PeerTool } from '../../peer-ids';
import type { Suppression } from '../../suppressions';
import type { TextRange } from '../../types';
import { mapAt, type KubernetesModel } from './model';
import { nodeSpans, targetOf } from './suppressions';

const TRIVY = /trivy:ignore:([\w-]+)((?::[^\s#:]+:[^\s#:]+)*)/gi;
const MENTIONS_PEER = /trivy:ignore:|checkov\.io\/skip|kube-linter\.io\/|polaris\.fairwinds\.com\//i;

export function kubernetesPeerSuppressions(model: KubernetesModel, peers: PeerRuleMap, today: string): Suppression[] {
  if (!MENTIONS_PEER.test(model.text)) return [];
  const suppressions: Suppression[] = [];
  const add = (tool: PeerTool, ruleIds: string[], range: TextRange, reason: string | undefined, target: TextRange | undefined): void => {
    const unique = [...new Set(ruleIds)];
    if (unique.length === 0 || target === undefined) return;
    suppressions.push({
      commentRange: range,
      removalRange: range,
      ruleIds: unique,
      ruleIdRanges: unique.map(() => range),
      reason,
      fileWide: false,
      target,
      tool,
      directive: model.text.slice(range.start, range.end).trim(),
    });
  };

  const trivyComments = model.comments.filter((comment) => /trivy:ignore:/i.test(comment.content));
  if (trivyComments.length > 0) {
    const spans = nodeSpans(model);
    for (const comment of trivyComments) {
      for (const match of comment.content.matchAll(TRIVY)) {
        const expiry = /:exp:(\d{4}-\d{2}-\d{2})/i.exec(match[2] ?? '')?.[1];
        if (expiry !== undefined && expiry < today) continue;
        add('trivy', peers.rulesFor('trivy', match[1] ?? ''), comment.range, undefined, targetOf(model, comment.range, spans));
      }
    }
  }

  const podMetadata = new Map(model.podSpecs.map((podSpec) => [podSpec.resource, podSpec.metadata]));
  for (const resource of model.resources) {
    const target = resource.node.range ? { start: resource.node.range[0], end: resource.node.range[1] } : undefined;
    for (const metadata of new Set([resource.metadata, podMetadata.get(resource)])) {
      const annotations = mapAt(metadata, 'annotations');
      for (const pair of annotations?.items ?? []) {
        const annotation = readAnnotation(pair);
        if (!annotation) continue;
        const { key, value, range } = annotation;
        const checkov = /^checkov\.io\/skip\d+$/.exec(key);
        if (checkov) {
          const [id = '', ...reason] = value.split('=');
          add('checkov', peers.rulesFor('checkov', id), range, reason.join('=').trim() || undefined, target);
          continue;
        }
        const kubeLinter = /^ignore-check\.kube-linter\.io\/(.+)$/.exec(key);
        if (kubeLinter) add('kube-linter', peers.rulesFor('kube-linter', kubeLinter[1] ?? ''), range, value.trim() || undefined, target);
        else if (key === 'kube-linter.io/ignore-all') add('kube-linter', peers.rulesOf('kube-linter'), range, value.trim() || undefined, target);
        const polaris = /^polaris\.fairwinds\.com\/(?:(.+)-)?exempt$/.exec(key);
        // Polaris exempts only when the value is "true".
        if (polaris && value.trim().toLowerCase() === 'true') {
          add('polaris', polaris[1] === undefined ? peers.rulesOf('polaris') : peers.rulesFor('polaris', polaris[1]), range, undefined, target);
        }
      }
    }
  }
  return suppressions;
}

function readAnnotation(pair: Pair): { key: string; value: string; range: TextRange } | undefined {
  const key = pair.key as YamlNode | null;
  const value = pair.value as YamlNode | null;
  if (!isScalar(key) || typeof key.value !== 'string' || !key.range) return undefined;
  const text = isScalar(value) && value.value !== null && value.value !== undefined ? String(value.value) : '';
  return { key: key.value, value: text, range: { start: key.range[0], end: value?.range?.[1] ?? key.range[1] } };
}
