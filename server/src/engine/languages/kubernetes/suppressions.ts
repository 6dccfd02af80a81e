// Where suppressions apply in YAML: a comment on its own line covers the node that follows it (above
// `- name: app` that is the whole container), a comment at the end of a line covers the node that starts on
// that line, and the `shipshape.dev/ignore` annotation covers its whole object.
import { isMap, isPair, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { parseSuppression, type Suppression } from '../../suppressions';
import type { TextRange } from '../../types';
import { mapAt, pairAt, type KubernetesModel } from './model';
import { YamlEditor } from './yaml-edit';

export const IGNORE_ANNOTATION = 'shipshape.dev/ignore';

export interface NodeSpan {
  start: number;
  end: number;
}

/** What comment suppressions need of a YAML file: its text, lines, comments and parsed documents. */
export type CommentedYaml = Pick<KubernetesModel, 'text' | 'lines' | 'comments'> & { documents: ReadonlyArray<{ contents: unknown }> };

export function kubernetesSuppressions(model: KubernetesModel): Suppression[] {
  return [...commentSuppressions(model), ...annotationSuppressions(model)];
}

/** `# shipshape-ignore` comments, each covering the YAML node that follows it (or ends on its line). */
export function commentSuppressions(model: CommentedYaml): Suppression[] {
  const suppressions: Suppression[] = [];
  const mentioned = model.text.includes('shipshape-ignore');
  const directives = mentioned ? model.comments.filter((comment) => /^\s*shipshape-ignore/.test(comment.content)) : [];
  if (directives.length > 0) {
    const spans = nodeSpans(model);
    for (const comment of directives) {
      const suppression = parseSuppression(model.text, comment, targetOf(model, comment.range, spans));
      if (suppression) suppressions.push(suppression);
    }
  }
  return suppressions;
}

export function targetOf(model: CommentedYaml, comment: TextRange, spans: NodeSpan[]): TextRange | undefined {
  const { lines, text } = model;
  const line = lines.positionAt(comment.start).line;
  const lineStart = lines.lineStart(line);
  const trailing = text.slice(lineStart, comment.start).trim() !== '';
  let from: number;
  let lineLimit: number;
  if (trailing) {
    from = lineStart;
    lineLimit = comment.start;
  } else {
    // The first line after the comment that holds something other than blanks and comments.
    let next = line + 1;
    while (next < lines.lineCount && /^\s*(#.*)?$/.test(text.slice(lines.lineStart(next), lines.lineEnd(next)))) next++;
    if (next >= lines.lineCount) return undefined;
    from = lines.lineStart(next);
    lineLimit = lines.lineEnd(next);
  }
  let best: NodeSpan | undefined;
  for (const span of spans) {
    if (span.start < from || span.start >= lineLimit) continue;
    if (!best || span.start < best.start || (span.start === best.start && span.end > best.end)) best = span;
  }
  return best ?? { start: from, end: lineLimit };
}

/** Every map, sequence, pair and scalar with its extent, in document order. */
export function nodeSpans(model: CommentedYaml): NodeSpan[] {
  const spans: NodeSpan[] = [];
  const visit = (node: unknown, depth: number): void => {
    if (depth > 200 || !node) return;
    if (isPair(node)) {
      const key = (node.key as YamlNode | null)?.range;
      const value = (node.value as YamlNode | null)?.range;
      if (key) spans.push({ start: key[0], end: value?.[1] ?? key[1] });
      visit(node.key, depth + 1);
      visit(node.value, depth + 1);
      return;
    }
    const range = (node as YamlNode).range;
    // A block sequence starts at its first item's `-`, so a comment above (or after) that item would pick the
    // whole list; the item is what a person points at there, and a comment above the key covers the list.
    const blockSeq = isSeq(node) && !node.flow;
    if ((isMap(node) || (isSeq(node) && !blockSeq) || isScalar(node)) && range) spans.push({ start: range[0], end: range[1] });
    if (isMap(node) || isSeq(node)) for (const item of node.items) visit(item, depth + 1);
  };
  for (const document of model.documents) visit(document.contents, 0);
  return spans;
}

/** `shipshape.dev/ignore: "rule-a,rule-b -- reason"` on an object's or its pod template's metadata. */
function annotationSuppressions(model: KubernetesModel): Suppression[] {
  const suppressions: Suppression[] = [];
  const podMetadata = new Map(model.podSpecs.map((podSpec) => [podSpec.resource, podSpec.metadata]));
  for (const resource of model.resources) {
    const target = resource.node.range ? { start: resource.node.range[0], end: resource.node.range[1] } : undefined;
    for (const metadata of new Set([resource.metadata, podMetadata.get(resource)])) {
      const annotations = mapAt(metadata, 'annotations');
      const pair = annotations ? pairAt(annotations, IGNORE_ANNOTATION) : undefined;
      const value = pair?.value as YamlNode | null | undefined;
      if (!annotations || !pair || !isScalar(value) || typeof value.value !== 'string' || !value.range) continue;
      // Parse the annotation value as if it were the body of a suppression comment.
      const quoteOffset = model.text[value.range[0]] === '"' || model.text[value.range[0]] === "'" ? 1 : 0;
      const start = value.range[0] + quoteOffset - ' shipshape-ignore '.length - 1;
      const suppression = parseSuppression(
        model.text,
        { range: { start, end: value.range[1] }, content: ` shipshape-ignore ${value.value}` },
        target,
      );
      if (!suppression) continue;
      const removal = YamlEditor.for(model.text).removePair(annotations, pair);
      const keyStart = (pair.key as YamlNode | null)?.range?.[0] ?? value.range[0];
      suppressions.push({
        ...suppression,
        commentRange: { start: value.range[0], end: value.range[1] },
        removalRange: { start: removal.start, end: removal.end },
        directive: model.text.slice(keyStart, value.range[1]),
      });
    }
  }
  return suppressions;
}
