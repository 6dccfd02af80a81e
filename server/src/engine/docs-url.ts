// The single source of documentation links: LSP codeDescription, SARIF helpUri, CLI output and hovers.

export const REPOSITORY_URL = 'https://github.com/shipshape-dev/shipshape';

export function ruleDocsUrl(ruleId: string): string {
  return `${REPOSITORY_URL}/blob/main/docs/rules/${ruleId}.md`;
}
