import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseAllDocuments } from 'yaml';
import { configFromLayers, lintSource } from '../../server/src/analysis';
import { applyEdits } from '../../server/src/engine/fixes';
import { hardenContainer } from '../../server/src/engine/languages/kubernetes/harden';
import { parseKubernetes } from '../../server/src/engine/languages/kubernetes/model';
import { YamlEditor } from '../../server/src/engine/languages/kubernetes/yaml-edit';
import type { Fix } from '../../server/src/engine/types';

/** The rules whose container findings the hardening fix answers. */
const HARDENING_RULES = new Set(['capabilities', 'privilege-escalation', 'run-as-non-root', 'seccomp', 'readonly-root-filesystem']);

function fixFor(text: string, containerName = 'app'): Fix | undefined {
  const model = parseKubernetes(text);
  const container = model.containers.find((candidate) => candidate.name === containerName);
  assert.ok(container, `a container named ${containerName}`);
  return hardenContainer(container, new YamlEditor(text));
}

function harden(text: string, containerName = 'app'): string {
  const fix = fixFor(text, containerName);
  assert.ok(fix, 'a fix');
  assert.equal(fix.title, `Harden container "${containerName}"`);
  assert.equal(fix.safety, 'unsafe');
  const result = applyEdits(text, fix.edits);
  assert.deepEqual(result.skipped, [], 'the edits of one fix never collide');
  const errors = parseAllDocuments(result.text).flatMap((document) => document.errors.map((error) => error.message));
  assert.deepEqual(errors, [], `the result parses:\n${result.text}`);
  const comments = (source: string) => parseKubernetes(source).comments.map((comment) => comment.content.trim());
  for (const comment of comments(text)) assert.ok(comments(result.text).includes(comment), `keeps the comment "# ${comment}"`);
  return result.text;
}

/** Findings of the hardening rules that point into the named container, at the default restricted/latest policy. */
function containerFindings(text: string, containerName = 'app'): string[] {
  const model = parseKubernetes(text);
  const container = model.containers.find((candidate) => candidate.name === containerName);
  assert.ok(container?.node.range);
  const [start, , end] = container.node.range;
  const result = lintSource({ path: 'manifest.yaml', text }, configFromLayers([]), { onlyRules: HARDENING_RULES });
  assert.deepEqual(result.ruleFailures, []);
  return result.findings.filter((finding) => finding.range.start >= start && finding.range.end <= end).map((finding) => `${finding.ruleId}: ${finding.message}`);
}

/**
 * What the API server and kubelet refuse in the container "app": allowPrivilegeEscalation: false with
 * privileged: true, and runAsNonRoot: true with an effective runAsUser of 0.
 */
function assertValidSecurityContext(text: string, containerName = 'app'): void {
  const model = parseKubernetes(text);
  const container = model.containers.find((candidate) => candidate.name === containerName);
  assert.ok(container);
  const own = container.securityContext?.toJSON() as Record<string, unknown> | undefined;
  const pod = container.podSpec.securityContext?.toJSON() as Record<string, unknown> | undefined;
  if (own?.privileged === true) assert.notEqual(own.allowPrivilegeEscalation, false, 'privileged with allowPrivilegeEscalation: false');
  const runAsNonRoot = own?.runAsNonRoot ?? pod?.runAsNonRoot;
  const runAsUser = own?.runAsUser ?? pod?.runAsUser;
  if (runAsNonRoot === true) assert.notEqual(runAsUser, 0, 'runAsNonRoot: true with runAsUser: 0');
}

const deployment = (containers: string, podSecurityContext = '') =>
  `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
${podSecurityContext}      containers:
${containers}`;

describe('hardenContainer', () => {
  it('adds every setting to a block-style container without a securityContext, keeping comments', () => {
    const text = deployment('        - name: app # the web app\n          image: nginx:1.27\n          # ports below\n          ports:\n            - containerPort: 8080\n');
    assert.ok(containerFindings(text).length >= 5, 'the container starts with findings from every hardening rule');
    const out = harden(text);
    assert.equal(
      out,
      deployment(
        '        - name: app # the web app\n          image: nginx:1.27\n          # ports below\n          ports:\n            - containerPort: 8080\n' +
          '          securityContext:\n            runAsNonRoot: true\n            allowPrivilegeEscalation: false\n            capabilities:\n              drop: [ALL]\n            seccompProfile:\n              type: RuntimeDefault\n            readOnlyRootFilesystem: true\n',
      ),
    );
    assert.deepEqual(containerFindings(out), []);
  });

  it('completes a flow-style securityContext in flow style, changing bad values in place', () => {
    const text = deployment('        - name: app\n          image: nginx:1.27\n          securityContext: {runAsNonRoot: false, capabilities: {drop: [NET_RAW]}} # from a template\n');
    const out = harden(text);
    assert.equal(
      out,
      deployment(
        '        - name: app\n          image: nginx:1.27\n          securityContext: {runAsNonRoot: true, capabilities: {drop: [NET_RAW, ALL]}, allowPrivilegeEscalation: false, seccompProfile: {type: RuntimeDefault}, readOnlyRootFilesystem: true} # from a template\n',
      ),
    );
    assert.deepEqual(containerFindings(out), []);
  });

  it('appends ALL to an existing block drop list and inserts the rest after it, in one fix', () => {
    const text = deployment(
      '        - name: app\n          image: nginx:1.27\n          securityContext:\n            allowPrivilegeEscalation: true # was needed for ping\n            capabilities:\n              drop:\n                - NET_RAW # old advice\n',
    );
    const out = harden(text);
    assert.equal(
      out,
      deployment(
        '        - name: app\n          image: nginx:1.27\n          securityContext:\n            allowPrivilegeEscalation: false # was needed for ping\n            capabilities:\n              drop:\n                - NET_RAW # old advice\n                - ALL\n' +
          '            runAsNonRoot: true\n            seccompProfile:\n              type: RuntimeDefault\n            readOnlyRootFilesystem: true\n',
      ),
    );
    assert.deepEqual(containerFindings(out), []);
  });

  it('skips what the pod-level securityContext already gives the container', () => {
    const pod = '      securityContext:\n        runAsNonRoot: true\n        seccompProfile: {type: RuntimeDefault}\n';
    const text = deployment('        - name: app\n          image: nginx:1.27\n', pod);
    const out = harden(text);
    assert.equal(
      out,
      deployment('        - name: app\n          image: nginx:1.27\n          securityContext:\n            allowPrivilegeEscalation: false\n            capabilities:\n              drop: [ALL]\n            readOnlyRootFilesystem: true\n', pod),
    );
    assert.deepEqual(containerFindings(out), []);
  });

  it('overrides a bad pod-level seccomp profile in the container', () => {
    const pod = '      securityContext:\n        runAsNonRoot: true\n        seccompProfile: {type: Unconfined}\n';
    const text = deployment('        - name: app\n          image: nginx:1.27\n          securityContext:\n            readOnlyRootFilesystem: true\n            allowPrivilegeEscalation: false\n            capabilities: {drop: [ALL]}\n', pod);
    const out = harden(text);
    assert.match(out, / {12}seccompProfile:\n {14}type: RuntimeDefault\n/);
    assert.doesNotMatch(out, / {12}runAsNonRoot/);
  });

  it('returns nothing for a container that is already hardened', () => {
    const text = deployment(
      '        - name: app\n          image: nginx:1.27\n          securityContext:\n            runAsNonRoot: true\n            allowPrivilegeEscalation: false\n            capabilities: {drop: [ALL], add: [NET_BIND_SERVICE]}\n            seccompProfile: {type: Localhost, localhostProfile: app.json}\n            readOnlyRootFilesystem: true\n',
    );
    assert.equal(fixFor(text), undefined);
    assert.deepEqual(containerFindings(text), []);
  });

  it('leaves allowPrivilegeEscalation alone where the API would reject false', () => {
    const text = deployment('        - name: app\n          image: example/agent:1.0.0\n          securityContext:\n            capabilities:\n              add: [CAP_SYS_ADMIN]\n');
    const out = harden(text);
    assert.doesNotMatch(out, /allowPrivilegeEscalation/);
    assertValidSecurityContext(out);
  });

  it('takes privileged away, so the result is hardened and one the API accepts', () => {
    // Modelled on a node agent from the corpus (kube-prometheus node-exporter style), run privileged as root.
    const text = deployment('        - name: app\n          image: example/agent:1.0.0\n          securityContext:\n            privileged: true\n            runAsUser: 0\n');
    const out = harden(text);
    assert.match(out, /privileged: false\n/);
    assert.match(out, /runAsUser: 10001\n/);
    assert.match(out, /allowPrivilegeEscalation: false\n/);
    assertValidSecurityContext(out);
    assert.deepEqual(containerFindings(out), []);
    const result = lintSource({ path: 'manifest.yaml', text: out }, configFromLayers([]), { onlyRules: new Set(['privileged', 'run-as-user', 'run-as-non-root']) });
    assert.deepEqual(result.findings.map((f) => f.ruleId), []);
  });

  it('gives the container a non-root UID when the pod runs it as UID 0', () => {
    const text = deployment('        - name: app\n          image: example/agent:1.0.0\n', '      securityContext:\n        runAsUser: 0\n');
    const out = harden(text);
    assert.match(out, / {12}runAsUser: 10001\n/);
    assert.match(out, / {8}runAsUser: 0\n/, 'the pod keeps its own value; the container overrides it');
    assertValidSecurityContext(out);
  });

  it('hardens init and ephemeral containers, one container per fix', () => {
    const text =
      'apiVersion: v1\nkind: Pod\nmetadata:\n  name: p\nspec:\n  initContainers:\n  - name: setup\n    image: busybox:1.36\n  containers:\n  - name: app\n    image: nginx:1.27\n  ephemeralContainers:\n  - name: debug\n    image: busybox:1.36\n';
    const out = harden(text, 'setup');
    assert.match(out, /- name: setup\n {4}image: busybox:1\.36\n {4}securityContext:\n {6}runAsNonRoot: true\n/);
    assert.match(out, /- name: app\n {4}image: nginx:1\.27\n {2}ephemeralContainers:/, 'the other containers are untouched');
    assert.deepEqual(containerFindings(out, 'setup'), []);
    const debug = harden(text, 'debug');
    assert.ok(debug.endsWith('    securityContext:\n      runAsNonRoot: true\n      allowPrivilegeEscalation: false\n      capabilities:\n        drop: [ALL]\n      seccompProfile:\n        type: RuntimeDefault\n      readOnlyRootFilesystem: true\n'), debug);
  });

  it('sets only runAsNonRoot on a Windows pod, where the API rejects the Linux-only fields', () => {
    const text = deployment('        - name: app\n          image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n', '      os: {name: windows}\n');
    assert.equal(harden(text), deployment('        - name: app\n          image: mcr.microsoft.com/windows/nanoserver:ltsc2022\n          securityContext:\n            runAsNonRoot: true\n', '      os: {name: windows}\n'));
  });

  it('keeps CRLF line breaks', () => {
    const text = deployment('        - name: app\n          image: nginx:1.27\n').replace(/\n/g, '\r\n');
    const out = harden(text);
    assert.ok(!/[^\r]\n/.test(out), 'every line break is CRLF');
    assert.deepEqual(containerFindings(out), []);
  });
});
