// Inputs that grow one construct: each once made some parser, model, rule or fix take quadratic time or
// memory, or overflow the stack. bench/lint-growth.ts times them at growing sizes; the unit tests lint the
// largest size under a time limit.
import type { SourceFile } from '../server/src/engine/types';

export interface GrowthConstruct {
  name: string;
  /** The size parameter at 1×. */
  base: number;
  /** Also time a fix run (the construct has fixes whose edits are computed from it). */
  fix?: boolean;
  file(size: number): SourceFile;
}

const dockerfile = (text: string): SourceFile => ({ path: 'Dockerfile', text });
const manifest = (text: string): SourceFile => ({ path: 'deploy.yaml', text });

const POD_HEAD = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n';

export const GROWTH_CONSTRUCTS: GrowthConstruct[] = [
  {
    name: 'ENV continued over many lines with blanks after the escape',
    base: 2000,
    file: (n) => dockerfile(`FROM alpine:3.20\nENV A=x${' w \\\t\n'.repeat(n)} w\nUSER 10001\n`),
  },
  {
    name: 'ENV with many words after escaped tabs on one line',
    base: 2000,
    file: (n) => dockerfile(`FROM alpine:3.20\nENV A=x${' w \\\t'.repeat(n)} w\nUSER 10001\n`),
  },
  {
    name: 'ARG with many escaped-blank words',
    base: 2000,
    file: (n) => dockerfile(`FROM alpine:3.20\nARG A=x${'\\ w'.repeat(n)}\nUSER 10001\n`),
  },
  {
    name: 'ENV with many key=value pairs',
    base: 1000,
    file: (n) => dockerfile(`FROM alpine:3.20\nENV ${Array.from({ length: n }, (_, i) => `K${i}=v${i}`).join(' ')}\nUSER 10001\n`),
  },
  {
    name: 'long upper-case variable name (secret-name splitting)',
    base: 8000,
    file: (n) => dockerfile(`FROM alpine:3.20\nENV ${'A'.repeat(n)}B_PASSWORDx=1\nUSER 10001\n`),
  },
  {
    name: 'long upper-case key in a manifest',
    base: 8000,
    file: (n) => manifest(`${POD_HEAD}      env:\n        - name: ${'A'.repeat(n)}Kx\n          value: "1"\n`),
  },
  {
    name: 'many "{{" without "}}" (template check)',
    base: 4000,
    file: (n) => manifest(`${POD_HEAD}      args: ["${'{{ '.repeat(n)}"]\n`),
  },
  {
    name: '"# escape=" directive scan over a long first line',
    base: 8000,
    file: (n) => dockerfile(`# escape=${' '.repeat(n)}x\nFROM alpine:3.20\nUSER 10001\n`),
  },
  {
    name: 'many directive-like comment lines',
    base: 2000,
    file: (n) => dockerfile(`${'# escape=\\\n'.repeat(n)}FROM alpine:3.20\nUSER 10001\n`),
  },
  {
    name: 'unused suppression id after a long run of blanks',
    base: 8000,
    fix: true,
    file: (n) => dockerfile(`FROM alpine:3.20\n# shipshape-ignore sudo,${' '.repeat(n)}user-root -- reason\nUSER 10001\n`),
  },
  {
    name: 'suppression comment listing many ids',
    base: 500,
    fix: true,
    file: (n) => dockerfile(`FROM alpine:3.20\n# shipshape-ignore ${Array.from({ length: n }, () => 'sudo').join(', ')} -- reason\nUSER 10001\n`),
  },
  {
    name: 'long RUN apt-get install line (--no-install-recommends check)',
    base: 4000,
    fix: true,
    file: (n) => dockerfile(`FROM debian:12\nRUN apt-get install -y ${'pkg '.repeat(n)}\nUSER 10001\n`),
  },
  {
    name: 'long RUN of many apt-get commands',
    base: 400,
    fix: true,
    file: (n) => dockerfile(`FROM debian:12\nRUN ${'apt-get install -y curl && '.repeat(n)}true\nUSER 10001\n`),
  },
  {
    name: 'RUN continued over many lines with comment lines',
    base: 1000,
    file: (n) => dockerfile(`FROM debian:12\nRUN true \\\n${'# note\n  && echo a \\\n'.repeat(n)}  && true\nUSER 10001\n`),
  },
  {
    name: 'many comment lines inside one continuation',
    base: 2000,
    file: (n) => dockerfile(`FROM debian:12\nRUN true \\\n${'# note\n'.repeat(n)}  && true\nUSER 10001\n`),
  },
  {
    name: 'many instructions',
    base: 1000,
    file: (n) => dockerfile(`FROM debian:12\n${'RUN echo hello\n'.repeat(n)}USER 10001\n`),
  },
  {
    name: 'many stages',
    base: 200,
    file: (n) => dockerfile(Array.from({ length: n }, (_, i) => `FROM alpine:3.20 AS s${i}\nRUN echo ${i}\n`).join('') + 'USER 10001\n'),
  },
  {
    name: 'heredoc with many lines',
    base: 4000,
    file: (n) => dockerfile(`FROM alpine:3.20\nRUN <<EOF\n${'echo line\n'.repeat(n)}EOF\nUSER 10001\n`),
  },
  {
    name: 'many small YAML documents',
    base: 1000,
    file: (n) => manifest('---\napiVersion: v1\nkind: ConfigMap\n'.repeat(n)),
  },
  {
    name: 'many Pods in one manifest',
    base: 100,
    fix: true,
    file: (n) => manifest(`${POD_HEAD}---\n`.repeat(n)),
  },
  {
    name: 'one Pod with many containers',
    base: 100,
    fix: true,
    file: (n) => manifest(`apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n${Array.from({ length: n }, (_, i) => `    - name: c${i}\n      image: nginx:1.27\n`).join('')}`),
  },
  {
    name: 'deeply nested flow mapping on one line',
    base: 250,
    file: (n) => manifest(`apiVersion: v1\nkind: Pod\nx: ${'{a: '.repeat(n)}1${'}'.repeat(n)}\n`),
  },
  {
    name: '"a: a: a: …" on one line under a key',
    base: 250,
    file: (n) => manifest(`apiVersion: v1\nkind: Pod\nx:\n  ${'a: '.repeat(n)}\n`),
  },
  {
    name: 'deeply nested block mapping',
    base: 100,
    file: (n) => manifest(`apiVersion: v1\nkind: Pod\n${Array.from({ length: n }, (_, i) => `${' '.repeat(i)}a:\n`).join('')}${' '.repeat(n)}b: 1\n`),
  },
  {
    name: 'long literal string value',
    base: 20000,
    file: (n) => manifest(`apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: c\ndata:\n  key: "${'x'.repeat(n)}"\n`),
  },
  {
    name: 'many env entries in a container',
    base: 300,
    file: (n) => manifest(`${POD_HEAD}      env:\n${Array.from({ length: n }, (_, i) => `        - name: V${i}\n          value: "v"\n`).join('')}`),
  },
];
