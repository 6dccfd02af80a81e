// Hovers: what an image reference means (registry, repository, tag, digest, end-of-life state), and the
// rationale of the rules that flagged the text under the cursor.
import type { Diagnostic, Hover } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { detectFileKind } from '../engine/detect';
import { ruleDocsUrl } from '../engine/docs-url';
import { isPastEol } from '../engine/eol-data';
import { imageLifecycle, lineLabel } from '../engine/image-lifecycle';
import { displayName, type ImageReference } from '../engine/image-reference';
import type { ImageUse } from '../engine/image-use';
import { parseCompose } from '../engine/languages/compose/model';
import { parseDockerfile } from '../engine/languages/dockerfile/model';
import { looksLikeTemplate, parseKubernetes } from '../engine/languages/kubernetes/model';
import { ClientCommands } from '../protocol';
import { findRule } from '../rules';
import { toLspRange } from './diagnostics';

/** The image references of a document, whatever its kind. */
export function imageUsesOf(document: TextDocument): ImageUse[] {
  const text = document.getText();
  const kind = detectFileKind({ path: document.uri, text, languageId: document.languageId });
  if (kind === 'dockerfile') return parseDockerfile(text).images;
  if (kind === 'kubernetes' && !looksLikeTemplate(text)) return parseKubernetes(text).images;
  if (kind === 'compose') return parseCompose(document.uri, text).images;
  return [];
}

/** `scanLink`: the client runs the Scan Image command, so the image's hover links to it. */
export function hoverAt(document: TextDocument, offset: number, diagnostics: Diagnostic[], today: string, scanLink = false): Hover | null {
  const sections: string[] = [];
  const use = imageUsesOf(document).find((image) => image.range.start <= offset && offset <= image.range.end);
  if (use) sections.push(describeImage(use, today) + (scanLink && use.reference && use.unresolvedVariables.length === 0 ? `\n\n${scanCommandLink(use.resolved)}` : ''));
  const position = document.positionAt(offset);
  const seen = new Set<string>();
  for (const diagnostic of diagnostics) {
    const { start, end } = diagnostic.range;
    const inside =
      (position.line > start.line || (position.line === start.line && position.character >= start.character)) &&
      (position.line < end.line || (position.line === end.line && position.character <= end.character));
    const ruleId = typeof diagnostic.code === 'string' ? diagnostic.code : undefined;
    const rule = ruleId ? findRule(ruleId) : undefined;
    if (!inside || !rule || seen.has(rule.meta.id)) continue;
    seen.add(rule.meta.id);
    sections.push(`**${rule.meta.id}** · ${rule.meta.title}\n\n${rule.meta.docs.rationale}\n\n[Documentation](${ruleDocsUrl(rule.meta.id)})`);
  }
  if (sections.length === 0) return null;
  return { contents: { kind: 'markdown', value: sections.join('\n\n---\n\n') }, range: use ? toLspRange(document, use.range) : undefined };
}

function describeImage(use: ImageUse, today: string): string {
  if (use.unresolvedVariables.length > 0) {
    return `**Image** \`${use.written}\`\n\nDepends on ${use.unresolvedVariables.map((name) => `\`${name}\``).join(', ')}, which ${use.unresolvedVariables.length === 1 ? 'has' : 'have'} no default here, so the image is not checked.`;
  }
  if (!use.reference) return `**Image** \`${use.resolved}\`\n\nNot a valid image reference: ${use.parseError ?? 'unknown error'}.`;
  const reference = use.reference;
  const rows = [
    `| registry | \`${reference.registry}\` |`,
    `| repository | \`${reference.repository}\` |`,
    `| tag | ${reference.tag !== undefined ? `\`${reference.tag}\`` : reference.digest ? '—' : '*none (means `latest`)*'} |`,
    `| digest | ${reference.digest !== undefined ? `\`${reference.digest}\`` : '*not pinned*'} |`,
  ];
  const resolvedNote = use.written !== use.resolved ? `\n\nResolved from \`${use.written}\` through build-argument defaults.` : '';
  return `**Image** \`${displayName(reference)}\`${resolvedNote}\n\n| | |\n|---|---|\n${rows.join('\n')}\n\n${lifecycleLines(reference, today)}`;
}

function scanCommandLink(image: string): string {
  return `[Scan image](command:${ClientCommands.scanImage}?${encodeURIComponent(JSON.stringify([image]))} "Scan ${image} for vulnerabilities")`;
}

function lifecycleLines(reference: ImageReference, today: string): string {
  const lines = imageLifecycle(reference).flatMap((component) => {
    if (component.product.discontinued) return [`- the ${component.product.id} image is **discontinued** since ${component.product.discontinued.since}`];
    const match = component.match;
    if (!match) return [];
    const label = lineLabel(component.product, match, component.version);
    const eol = match.cycle.eol;
    if (eol === undefined) return [`- ${label}: supported, no end-of-life date announced`];
    return [isPastEol(match.cycle, today) ? `- ${label}: **end of life since ${eol}**` : `- ${label}: supported until ${eol}`];
  });
  return lines.length > 0 ? `End of life:\n${lines.join('\n')}` : 'End of life: no data for this image.';
}
