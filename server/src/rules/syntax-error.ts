import { defineRule } from '../engine/rule';

// Reported by the engine itself when a file cannot be analysed; the rule module carries its metadata.
export default defineRule({
  meta: {
    id: 'syntax-error',
    title: 'Files must be readable so they can be checked',
    appliesTo: ['dockerfile', 'kubernetes', 'compose'],
    category: 'meta',
    defaultSeverity: 'error',
    securitySeverity: 'low',
    docs: {
      rationale:
        'A file Shipshape cannot parse is a file nobody has checked: a broken manifest or a binary file named like a Dockerfile hides every other problem in it.',
      remediation:
        'Fix the syntax error at the reported position, or rename the file if it is not a Dockerfile or manifest. A manifest with template syntax (`{{ … }}`) that keeps it from being YAML — it does not parse, or `{{` stands in a key or where YAML reads it as flow-mapping braces (`replicas: {{ .Values.replicas }}`) — is reported once at this rule\'s severity and not analysed: lint the rendered output instead (`helm template --output-dir rendered …`). Valid YAML that holds `{{` only inside string values (an Alertmanager template, a `sed s/{{PROJECT_ID}}/…/` command) is linted as usual.',
      examples: [],
      references: [],
    },
  },
  create: () => ({}),
});
