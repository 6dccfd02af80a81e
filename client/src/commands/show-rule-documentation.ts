// Show Rule Documentation: pick a rule (or pass its id, as hovers and code actions do) and open its page.
import { env, Uri, window, type QuickPickItem } from 'vscode';
import { Requests, type RuleSummary } from '../../../server/src/protocol';
import { describe, type ServerConnection } from '../language-client';

interface RuleItem extends QuickPickItem {
  rule: RuleSummary;
}

export async function showRuleDocumentation(server: ServerConnection, ruleId?: unknown): Promise<void> {
  let rules: RuleSummary[];
  try {
    rules = await server.sendRequest<RuleSummary[]>(Requests.listRules, {});
  } catch (error) {
    void window.showErrorMessage(`Shipshape could not list its rules: ${describe(error)}. Try Shipshape: Restart Server.`);
    return;
  }
  let rule: RuleSummary | undefined;
  if (typeof ruleId === 'string') {
    rule = rules.find((candidate) => candidate.id === ruleId);
    if (!rule) {
      void window.showErrorMessage(`Shipshape has no rule "${ruleId}". Run Shipshape: Show Rule Documentation to pick from the list.`);
      return;
    }
  } else {
    const items: RuleItem[] = [...rules]
      .sort((a, b) => (a.id < b.id ? -1 : 1))
      .map((candidate) => ({
        label: candidate.id,
        description: candidate.title,
        detail: `${candidate.appliesTo.map(kindName).join(', ')} · default ${candidate.defaultSeverity}`,
        rule: candidate,
      }));
    const picked = await window.showQuickPick(items, { title: 'Shipshape rules', placeHolder: 'Pick a rule to read its documentation', matchOnDescription: true });
    rule = picked?.rule;
  }
  if (!rule) return;
  const target = Uri.parse(rule.docsUrl);
  if (target.scheme !== 'https' && target.scheme !== 'http') {
    void window.showErrorMessage(`The documentation link of ${rule.id} is not a web address: ${rule.docsUrl}`);
    return;
  }
  await env.openExternal(target);
}

function kindName(kind: string): string {
  return kind === 'dockerfile' ? 'Dockerfile' : kind === 'kubernetes' ? 'Kubernetes' : kind;
}
