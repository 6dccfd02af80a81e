// Completion of rule ids where they are written by hand: suppression comments and the ignore annotation.
import { CompletionItemKind, MarkupKind, type CompletionItem } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { detectFileKind } from '../engine/detect';
import { ruleDocsUrl } from '../engine/docs-url';
import { rules } from '../rules';

// After `# shipshape-ignore ` or `# shipshape-ignore-file `, or inside `shipshape.dev/ignore: "…`, with the
// ids typed so far (comma separated) and no `--` reason started yet.
const COMMENT_CONTEXT = /#\s*shipshape-ignore(?:-file)?(?::|\s)\s*([\w\s,.-]*)$/;
const ANNOTATION_CONTEXT = /shipshape\.dev\/ignore\s*:\s*["']?([\w\s,.-]*)$/;

export function completionsAt(document: TextDocument, offset: number): CompletionItem[] {
  const text = document.getText();
  const lineStart = text.lastIndexOf('\n', offset - 1) + 1;
  const before = text.slice(lineStart, offset);
  const match = COMMENT_CONTEXT.exec(before) ?? ANNOTATION_CONTEXT.exec(before);
  if (!match || / --(\s|$)/.test(match[1] ?? '')) return [];
  const typed = new Set((match[1] ?? '').split(',').map((id) => id.trim()).filter(Boolean));
  const kind = detectFileKind({ path: document.uri, text, languageId: document.languageId });
  return rules
    .filter((rule) => rule.meta.category !== 'meta' && (kind === null || rule.meta.appliesTo.includes(kind)) && !typed.has(rule.meta.id))
    .map((rule) => ({
      label: rule.meta.id,
      kind: CompletionItemKind.Value,
      detail: rule.meta.title,
      documentation: { kind: MarkupKind.Markdown, value: `${rule.meta.docs.rationale}\n\n[Documentation](${ruleDocsUrl(rule.meta.id)})` },
    }));
}
