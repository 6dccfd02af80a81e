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
      remediation: 'Fix the syntax error at the reported position, or rename the file if it is not a Dockerfile or manifest.',
      examples: [],
      references: [],
    },
  },
  create: () => ({}),
});
