// The `.shipshape.yaml` that the editor's Create Config File and `shipshape init` write: every setting present
// but commented out, so the file changes nothing until the team uncomments what it wants, and the rule list
// shows what there is to tune. Like protocol.ts it depends on nothing else of the server, so the client may
// import it.
import type { RuleSummary } from './protocol';

export type TemplateRule = Pick<RuleSummary, 'id' | 'title' | 'defaultSeverity'>;

export function configFileTemplate(rules: readonly TemplateRule[]): string {
  const sorted = [...rules].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const width = Math.max(0, ...sorted.map((rule) => `${rule.id}: ${rule.defaultSeverity}`.length));
  const ruleLines = sorted.map((rule) => `#   ${`${rule.id}: ${rule.defaultSeverity}`.padEnd(width)}  # ${oneLine(rule.title)}`);
  const lines = [
    '# Shipshape project configuration. It applies to the files in this folder and below, in the editor and in',
    '# `shipshape lint` alike; a .shipshape.yaml in a subfolder takes over for the files under it.',
    '# Everything is commented out, so this file changes nothing yet: uncomment what your project needs.',
    '',
    '# Starting severities for every rule: recommended, or strict (info becomes warning, opt-in checks turn on).',
    '# preset: recommended',
    '',
    '# Severity of single rules, overriding the preset: error, warning, info or off.',
    ...(sorted.length > 0 ? ['# The values shown are the recommended defaults.', '# rules:', ...ruleLines] : ['# rules:', '#   image-digest: warning']),
    '',
    '# Registries images may come from, and the approved images, as globs. Either list, once set, turns on the',
    '# rule that enforces it.',
    '# images:',
    '#   allowedRegistries:',
    '#     - docker.io',
    '#     - "*.azurecr.io"',
    '#   approved:',
    '#     - "docker.io/library/python:3.1*-slim"',
    '#     - "gcr.io/distroless/*"',
    '',
    '# The Kubernetes Pod Security Standards profile manifests are checked against.',
    '# podSecurity:',
    '#   level: restricted     # or: baseline',
    '#   version: latest       # or: v1.0 … v1.37',
    '',
    '# Variable and key names never treated as secrets.',
    '# secrets:',
    '#   allowNames:',
    '#     - PUBLIC_KEY_URL',
    '',
    '# Image scans: an OSV mirror, registries reachable without TLS, and the platform to scan.',
    '# scan:',
    '#   osvUrl: https://osv.example.internal',
    '#   insecureRegistries:',
    '#     - registry.lab:5000',
    '#   platform: linux/amd64',
    '',
    '# Paths never linted, as globs relative to this folder.',
    '# exclude:',
    '#   - "vendor/**"',
  ];
  return `${lines.join('\n')}\n`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
