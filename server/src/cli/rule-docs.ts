// Rule documentation as SARIF `help` and `shipshape rules` show it, built from the rule's metadata.
import { ruleDocsUrl } from '../engine/docs-url';
import type { RuleMeta } from '../engine/rule';

const FENCE_LANGUAGE = { dockerfile: 'dockerfile', kubernetes: 'yaml', compose: 'yaml' } as const;

/** Markdown for code-scanning UIs: why it matters, what to do, one example, references, the docs link. */
export function ruleHelpMarkdown(meta: RuleMeta): string {
  const parts = [meta.docs.rationale.trim(), `**Remediation.** ${meta.docs.remediation.trim()}`];
  const example = meta.docs.examples[0];
  if (example) {
    const language = FENCE_LANGUAGE[example.kind];
    parts.push(`Instead of:\n\n\`\`\`${language}\n${example.bad.trimEnd()}\n\`\`\`\n\nwrite:\n\n\`\`\`${language}\n${example.good.trimEnd()}\n\`\`\``);
  }
  if (meta.docs.references.length > 0) {
    parts.push(`References:\n\n${meta.docs.references.map((reference) => `- [${reference.title}](${reference.url})`).join('\n')}`);
  }
  parts.push(`[Rule documentation](${ruleDocsUrl(meta.id)})`);
  return parts.join('\n\n');
}

/** The same in plain text. */
export function ruleHelpText(meta: RuleMeta): string {
  return `${meta.docs.rationale.trim()}\n\nRemediation: ${meta.docs.remediation.trim()}\n\nDocumentation: ${ruleDocsUrl(meta.id)}`;
}
