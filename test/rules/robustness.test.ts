// The whole catalog over real files and hostile input: no rule may throw, nothing may hang.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configFromLayers, fixSource, lintSource } from '../../server/src/analysis';
import { rules } from '../../server/src/rules';

// Every rule on, including the ones that need a list to check against.
const everything = configFromLayers([
  {
    preset: 'strict',
    rules: Object.fromEntries(rules.map((rule) => [rule.meta.id, 'info' as const])),
    images: { allowedRegistries: ['docker.io'], approved: ['docker.io/library/*'] },
  },
]);
const corpusRoot = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus');
const corpus = join(corpusRoot, 'dockerfiles');

describe('robustness', () => {
  it('lints and fixes every corpus Dockerfile without a rule failure', { skip: !existsSync(corpus) && 'shared corpus not present' }, () => {
    const names = readdirSync(corpus).sort();
    assert.ok(names.length > 100);
    let findings = 0;
    for (const name of names) {
      const file = { path: join(corpus, name), text: readFileSync(join(corpus, name), 'utf8'), buildContext: { dockerignore: null } };
      const result = lintSource(file, everything);
      assert.deepEqual(result.ruleFailures, [], name);
      findings += result.findings.length;
      for (const finding of result.findings) assert.ok(finding.range.end <= file.text.length, `${name}: range outside the text`);
      const fixed = fixSource(file, everything, { safety: 'all' });
      assert.equal(lintSource({ ...file, text: fixed.text }, everything).ruleFailures.length, 0, `${name}: after fixing`);
    }
    assert.ok(findings > 0);
  });

  const hostile: Record<string, string> = {
    empty: '',
    'only comments': '# nothing here\n# at all\n',
    'binary junk': Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join(''),
    'half-typed FROM': 'FROM ',
    'half-typed flag': 'FROM --platform=',
    'dangling continuation': 'FROM node:22\nRUN apt-get install \\',
    'unknown instruction': 'FROM node:22\nFOO bar\nMAINTAINER me\n',
    'unterminated heredoc': 'FROM alpine:3.20\nRUN <<EOF\necho hi\n',
    'instruction before FROM': 'RUN echo hi\nUSER root\nFROM alpine:3.20\n',
    'empty flags': 'FROM alpine:3.20\nCOPY --from= a b\nRUN --mount= echo\nADD --checksum= http://x /y\n',
    'odd escape': '# escape=x\nFROM alpine:3.20\nRUN echo x\n  hi\n',
    'BOM and CRLF': '\ufeffFROM alpine:3.20\r\nUSER root\r\n',
    'lone CR line breaks': 'FROM alpine:3.20\rUSER root\rCMD x\r',
    'astral characters': 'FROM alpine:3.20\nLABEL emoji="🐳🐳"\nENV PASSWORD=🐳\n',
    'JSON forms': 'FROM alpine:3.20\nRUN ["sh", "-c", "sudo curl http://x | sh"]\nCMD ["a"\n',
    'variables everywhere': 'ARG A\nFROM ${A}:${B:-x}@${C}\nUSER ${U}\nCOPY --from=${S} / /\n',
  };
  for (const [name, text] of Object.entries(hostile)) {
    it(`survives ${name}`, () => {
      const result = lintSource({ path: 'Dockerfile', text, buildContext: { dockerignore: null } }, everything);
      assert.deepEqual(result.ruleFailures, []);
      fixSource({ path: 'Dockerfile', text }, everything, { safety: 'all' });
    });
  }

  for (const folder of ['k8s', 'k8s-invalid']) {
    const path = join(corpusRoot, folder);
    it(`lints and fixes every manifest in corpus/${folder} without a rule failure`, { skip: !existsSync(path) && 'shared corpus not present' }, () => {
      let manifests = 0;
      for (const name of readdirSync(path).sort()) {
        const file = { path: join(path, name), text: readFileSync(join(path, name), 'utf8') };
        const result = lintSource(file, everything);
        assert.deepEqual(result.ruleFailures, [], name);
        if (result.kind === 'kubernetes') manifests++;
        const fixed = fixSource(file, everything, { safety: 'all' });
        assert.deepEqual(lintSource({ ...file, text: fixed.text }, everything).ruleFailures, [], `${name}: after fixing`);
      }
      assert.ok(manifests > 0);
    });
  }

  const pod = (spec: string) => `apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n${spec}`;
  const hostileYaml: Record<string, string> = {
    'broken YAML': 'apiVersion: v1\nkind: Pod\nspec: [\n',
    'tabs for indentation': 'apiVersion: v1\nkind: Pod\nspec:\n\tcontainers: []\n',
    'duplicate keys': pod('  containers:\n    - name: a\n      image: x:1\n      image: y:2\n'),
    'alias bomb': `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: bomb}\na: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n${Array.from({ length: 9 }, (_, i) => `${String.fromCharCode(98 + i)}: &${String.fromCharCode(98 + i)} [${Array(9).fill(`*${String.fromCharCode(97 + i)}`).join(',')}]`).join('\n')}\n`,
    'non-string keys': pod('  1: x\n  [a, b]: y\n  containers:\n    - {name: a, 2: b}\n'),
    'null where a map is expected': pod('  securityContext:\n  containers:\n    - name: a\n      securityContext: null\n      resources: ~\n'),
    'wrong types': pod('  hostNetwork: "true"\n  securityContext: {runAsUser: "0", runAsNonRoot: "yes"}\n  containers: {name: a}\n  volumes: 7\n'),
    'containers that are not maps': pod('  containers:\n    - just-a-string\n    - [1, 2]\n    -\n'),
    'a scalar document': 'apiVersion: v1\nkind: Pod\n---\njust text\n---\n',
    'JSON manifest': '{"apiVersion": "v1", "kind": "Pod", "metadata": {"name": "p"}, "spec": {"containers": [{"name": "a", "image": "nginx"}]}}',
    'deep nesting': `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\nspec: ${'['.repeat(2000)}${']'.repeat(2000)}\n`,
    'Helm template': 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: {{ include "x.fullname" . }}\nspec:\n  {{- if .Values.x }}\n  replicas: 1\n  {{- end }}\n',
  };
  for (const [name, text] of Object.entries(hostileYaml)) {
    it(`survives a manifest with ${name}`, () => {
      const file = { path: 'manifest.yaml', text };
      const result = lintSource(file, everything);
      assert.deepEqual(result.ruleFailures, []);
      fixSource(file, everything, { safety: 'all' });
    });
  }

  it('reports a broken manifest once, at the parser\'s position', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\n  labels: {a: b\n';
    const errors = lintSource({ path: 'pod.yaml', text }, everything).findings.filter((f) => f.ruleId === 'syntax-error');
    assert.equal(errors.length, 1);
    assert.match(errors[0]!.message, /YAML error/);
    assert.ok(errors[0]!.range.start > text.indexOf('labels'));
  });

  it('stops at an alias bomb instead of expanding it', () => {
    const levels = ['a: &a [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 30; i++) levels.push(`l${i}: &l${i} [${Array(10).fill(i === 1 ? '*a' : `*l${i - 1}`).join(', ')}]`);
    const text = `apiVersion: v1\nkind: Pod\nmetadata: {name: p}\n${levels.join('\n')}\nspec: {containers: [{name: c, image: *l29}]}\n`;
    const result = lintSource({ path: 'pod.yaml', text }, everything);
    assert.deepEqual(result.ruleFailures, []);
    assert.ok(result.findings.some((f) => f.ruleId === 'syntax-error' && /alias/.test(f.message)));
  });

  it('lints a 10 MB manifest', () => {
    const one = pod('  containers:\n    - name: app\n      image: nginx:1.27\n      env:\n        - {name: A, value: b}\n');
    const text = Array.from({ length: Math.ceil(10_000_000 / one.length) }, () => one).join('---\n');
    assert.ok(text.length >= 10_000_000);
    const result = lintSource({ path: 'big.yaml', text }, everything);
    assert.deepEqual(result.ruleFailures, []);
  });

  it('lints a 100,000-line Dockerfile', () => {
    const lines = ['FROM node:22'];
    for (let i = 0; i < 100_000; i++) lines.push(i % 2 ? `RUN echo ${i} && sudo chmod 777 /x${i}` : `ENV VAR_${i}=value${i}`);
    const result = lintSource({ path: 'Dockerfile', text: lines.join('\n') }, everything);
    assert.deepEqual(result.ruleFailures, []);
  });
});
