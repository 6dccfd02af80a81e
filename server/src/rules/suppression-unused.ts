import { defineRule } from '../engine/rule';

// Reported by the engine after suppressions are matched; the rule module carries its metadata.
export default defineRule({
  meta: {
    id: 'suppression-unused',
    title: 'Suppression comments must silence something',
    appliesTo: ['dockerfile', 'kubernetes', 'compose'],
    category: 'meta',
    defaultSeverity: 'info',
    strictSeverity: 'info',
    securitySeverity: 'low',
    fix: 'safe',
    peers: ['ruff RUF100', 'eslint --report-unused-disable-directives'],
    docs: {
      rationale:
        'A `# shipshape-ignore` comment that matches no finding is dead weight at best; at worst it silently hides the next real problem someone introduces on that line. Unknown rule ids are usually typos that suppress nothing.',
      remediation: 'Remove the comment, or the rule id that no longer matches.',
      examples: [
        {
          kind: 'dockerfile',
          bad: '# shipshape-ignore sudo -- legacy script\nRUN apt-get update',
          good: 'RUN apt-get update',
        },
      ],
      references: [],
    },
  },
  create: () => ({}),
});
