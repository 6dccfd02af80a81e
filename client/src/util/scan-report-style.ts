// The report page's style sheet, embedded under the page's CSP nonce. Only VS Code's theme variables give
// colours and fonts, so the report follows light, dark and high-contrast themes.
export const REPORT_STYLE = `
body {
  color: var(--vscode-foreground);
  background: var(--vscode-editor-background);
  font-family: var(--vscode-font-family);
  font-size: var(--vscode-font-size);
  padding: 0 20px 32px;
  line-height: 1.4;
}
h1 { font-size: 1.5em; margin: 0.6em 0 0.3em; font-weight: 600; }
h2 { font-size: 1.2em; margin: 1.4em 0 0.5em; font-weight: 600; }
summary h2 { display: inline; }
summary { cursor: pointer; margin: 1.4em 0 0.5em; }
.mono, code { font-family: var(--vscode-editor-font-family); font-size: var(--vscode-editor-font-size); }
h1 .mono { font-size: inherit; }
td a { white-space: nowrap; }
.muted { color: var(--vscode-descriptionForeground); }
.title { display: flex; flex-wrap: wrap; align-items: baseline; justify-content: space-between; gap: 8px; }
.buttons { display: flex; gap: 8px; }
button {
  color: var(--vscode-button-foreground);
  background: var(--vscode-button-background);
  border: 1px solid var(--vscode-button-border, transparent);
  padding: 4px 12px;
  font: inherit;
  cursor: pointer;
}
button:hover { background: var(--vscode-button-hoverBackground); }
button:focus-visible, input:focus-visible, select:focus-visible, a:focus-visible, summary:focus-visible { outline: 1px solid var(--vscode-focusBorder); outline-offset: 1px; }
a { color: var(--vscode-textLink-foreground); }
a:hover { color: var(--vscode-textLink-activeForeground); }
.facts { display: grid; grid-template-columns: max-content 1fr; gap: 2px 16px; margin: 0.5em 0; }
.facts dt { color: var(--vscode-descriptionForeground); }
.facts dd { margin: 0; word-break: break-all; }
.eol { color: var(--vscode-editorWarning-foreground); }
.note { border-left: 3px solid var(--vscode-editorInfo-foreground); background: var(--vscode-textBlockQuote-background); padding: 6px 10px; margin: 8px 0; }
.note-warning { border-left-color: var(--vscode-editorWarning-foreground); }
.note-error { border-left-color: var(--vscode-editorError-foreground); }
.note ul { margin: 4px 0 0; padding-left: 20px; }
.step { font-family: var(--vscode-editor-font-family); }
.summary { display: flex; flex-wrap: wrap; gap: 10px; margin: 1em 0; }
.count { border: 1px solid var(--vscode-panel-border); padding: 6px 14px; min-width: 70px; text-align: center; }
.count .number { display: block; font-size: 1.6em; font-weight: 600; }
.count .label { color: var(--vscode-descriptionForeground); }
.sev-critical { --severity: var(--vscode-charts-red); }
.sev-high { --severity: var(--vscode-charts-orange); }
.sev-medium { --severity: var(--vscode-charts-yellow); }
.sev-low { --severity: var(--vscode-charts-blue); }
.sev-unknown, .sev-info { --severity: var(--vscode-descriptionForeground); }
.count[class*="sev-"] .number { color: var(--severity); }
.badge {
  display: inline-block;
  color: var(--severity);
  border: 1px solid var(--severity);
  border-radius: 9px;
  padding: 0 7px;
  font-size: 0.85em;
  text-transform: lowercase;
  white-space: nowrap;
}
.neutral .number { color: var(--vscode-foreground); }
.toolbar { display: flex; flex-wrap: wrap; align-items: center; gap: 10px; margin-bottom: 8px; }
input[type="search"], select {
  color: var(--vscode-input-foreground);
  background: var(--vscode-input-background);
  border: 1px solid var(--vscode-input-border, var(--vscode-panel-border));
  padding: 3px 6px;
  font: inherit;
}
input[type="search"] { min-width: 260px; }
input[type="search"]::placeholder { color: var(--vscode-input-placeholderForeground); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; vertical-align: top; padding: 4px 8px; border-bottom: 1px solid var(--vscode-panel-border); }
th button { background: none; color: var(--vscode-foreground); border: none; padding: 0; font-weight: 600; }
th button:hover { background: none; text-decoration: underline; }
th[aria-sort="ascending"] button::after { content: " \\25B2"; }
th[aria-sort="descending"] button::after { content: " \\25BC"; }
tbody tr:hover { background: var(--vscode-list-hoverBackground); }
.aliases { font-size: 0.9em; }
.score { color: var(--vscode-descriptionForeground); }
.summary-text { display: -webkit-box; -webkit-line-clamp: 3; -webkit-box-orient: vertical; overflow: hidden; }
.findings { list-style: none; padding: 0; }
.findings li { padding: 6px 0; border-bottom: 1px solid var(--vscode-panel-border); }
.empty { color: var(--vscode-descriptionForeground); }
[hidden] { display: none !important; }
`;
