// Kubernetes manifests: indentation, lists where maps belong and the other way round, flow collections,
// anchors and aliases, document separators, the security keys the rules and their fixes edit.
import type { Random } from '../random';
import { insertAt, lines, randomOffset, TEXT_MUTATIONS } from './text';
import type { Mutator } from './types';

const KEY_LINES = [
  'securityContext:',
  'securityContext: {}',
  'securityContext: []',
  'capabilities:',
  '  - NET_ADMIN',
  'capabilities: [ALL]',
  'resources:',
  '  - cpu',
  'resources: {limits: {cpu: 1}}',
  'privileged: true',
  'allowPrivilegeEscalation: true',
  'runAsUser: 0',
  'hostPID: true',
  'hostNetwork: yes',
  'volumes:',
  '- name: x\n  hostPath: {path: /}',
  'env:',
  '- name: DB_PASSWORD\n  value: hunter2',
  'image: nginx:latest',
  'containers: null',
  '# shipshape-ignore privileged -- reason',
  '# shipshape-ignore-file resource-limits',
  '---',
  '...',
  '%YAML 1.2',
  '&anchor x: 1',
  '<<: *anchor',
];

const KUBERNETES_MUTATIONS: Array<(text: string, random: Random) => string> = [
  // a key line at the indentation of a random line
  (text, random) => {
    const all = lines(text);
    const at = random.below(all.length);
    const indent = /^\s*/.exec(all[at] ?? '')?.[0] ?? '';
    all.splice(at, 0, ...random.pick(KEY_LINES).split('\n').map((line) => indent + line));
    return all.join('\n');
  },
  // shift a line's indentation
  (text, random) => {
    const all = lines(text);
    const at = random.below(all.length);
    const line = all[at] ?? '';
    all[at] = random.chance(0.5) ? `${' '.repeat(1 + random.below(4))}${line}` : line.replace(/^ {1,3}/, '');
    return all.join('\n');
  },
  // replace a value with another shape
  (text, random) => {
    const all = lines(text);
    const at = random.below(all.length);
    all[at] = (all[at] ?? '').replace(/:\s.*$/, `: ${random.pick(['[]', '{}', 'null', '[a, b]', '{a: b}', '"quoted: x"', '|', '>-', '*alias', '&a 1', '0', 'true', '~'])}`);
    return all.join('\n');
  },
  // turn a mapping entry into a list item
  (text, random) => {
    const all = lines(text);
    const at = random.below(all.length);
    all[at] = (all[at] ?? '').replace(/^(\s*)(\S)/, '$1- $2');
    return all.join('\n');
  },
  // nest flow collections
  (text, random) => {
    const depth = 1 + random.below(random.chance(0.2) ? 300 : 8);
    return insertAt(text, randomOffset(text, random), `${'{a: '.repeat(depth)}1${'}'.repeat(depth)}`);
  },
];

export const kubernetesMutator: Mutator = {
  kind: 'kubernetes',
  corpusFolders: ['k8s', 'k8s-invalid'],
  accepts: (name) => /\.ya?ml$/i.test(name),
  lintName: 'manifest.yaml',
  mutate: (text, random) => random.pick(random.chance(0.6) ? KUBERNETES_MUTATIONS : TEXT_MUTATIONS)(text, random),
};
