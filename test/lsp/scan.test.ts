// Protocol tests of the image-scan side of the language server: finding images, code lenses, scans of
// registry images (a registry and an OSV API served on 127.0.0.1), `docker save` tarballs and OCI layouts,
// work-done progress and cancellation, the summary diagnostics a scan leaves, workspace trust, exports,
// and the registry quick fixes resolved through codeAction/resolve.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { CancellationTokenSource, ProgressType } from 'vscode-jsonrpc/node';
import type { ClientCapabilities, CodeAction, CodeLens, Diagnostic } from 'vscode-languageserver';
import type { FoundImage, ScanReport } from '../../server/src/protocol';
import { applyWorkspaceEdit, FULL_CAPABILITIES, TestClient, type TestClientOptions } from '../helpers/lsp-client';
import { startOsvServer, type OsvTestServer } from '../helpers/osv-server';
import { startRegistryServer, type TestRegistry } from '../helpers/registry-server';
import { cycloneDxProblems, spdxProblems } from '../helpers/sbom-validation';
import { buildImage, writeDockerArchive, writeOciLayout, type TestImage } from '../helpers/test-image';

// The server runs in this process: no test may read the real Docker credentials.
process.env.DOCKER_CONFIG = join(tmpdir(), 'shipshape-lsp-scan-no-docker-config');

const CAPABILITIES: ClientCapabilities = {
  ...FULL_CAPABILITIES,
  textDocument: {
    ...FULL_CAPABILITIES.textDocument,
    codeAction: {
      dataSupport: true,
      resolveSupport: { properties: ['edit'] },
      codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix', 'source'] } },
    },
  },
  window: { ...FULL_CAPABILITIES.window, workDoneProgress: true },
};

const DPKG_STATUS = [
  'Package: openssl',
  'Status: install ok installed',
  'Architecture: amd64',
  'Version: 3.0.11-1~deb12u2',
  'Description: Secure Sockets Layer toolkit',
  '',
  'Package: bash',
  'Status: install ok installed',
  'Architecture: amd64',
  'Version: 5.2.15-2+b2',
  'Description: GNU Bourne Again SHell',
  '',
].join('\n');

const OSV_RECORD = {
  id: 'DSA-9999-1',
  aliases: ['CVE-2099-0001'],
  summary: 'openssl: remote code execution in the test fixture',
  modified: '2024-01-01T00:00:00Z',
  severity: [{ type: 'CVSS_V3', score: 'CVSS:3.1/AV:N/AC:L/PR:N/UI:N/S:U/C:H/I:H/A:H' }],
  affected: [
    {
      package: { ecosystem: 'Debian:12', name: 'openssl' },
      versions: ['3.0.11-1~deb12u2'],
      ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.13-1~deb12u1' }] }],
    },
  ],
};

let image: TestImage;
let registry: TestRegistry;
let slowRegistry: TestRegistry;
let osv: OsvTestServer;
let folder: string;
let host: string;
const fileUri = (name: string) => pathToFileURL(join(folder, name)).toString();

before(async () => {
  folder = mkdtempSync(join(tmpdir(), 'shipshape-lsp-scan-'));
  image = buildImage({
    layers: [
      [
        { path: 'etc/os-release', content: 'ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian GNU/Linux 12 (bookworm)"\n' },
        { path: 'var/lib/dpkg/status', content: DPKG_STATUS },
      ],
    ],
    config: { config: { User: '10001', Env: ['PATH=/usr/bin:/bin'] } },
  });
  const tags = { '1.0': image.manifest, '1.1': image.manifest, '1.1.2': image.manifest, latest: image.manifest, '2.0.0-rc1': image.manifest };
  registry = await startRegistryServer({ repositories: { 'team/app': { blobs: image.blobs, tags } } });
  slowRegistry = await startRegistryServer({ repositories: { 'team/app': { blobs: image.blobs, tags } }, delayMs: 3000 });
  host = registry.host;
  osv = await startOsvServer({ records: [OSV_RECORD] });
});

after(async () => {
  await Promise.all([registry.close(), slowRegistry.close(), osv.close()]);
  rmSync(folder, { recursive: true, force: true });
});

function client(options: { trusted?: boolean; settings?: unknown; scanAvailable?: boolean } = {}): TestClient {
  const initializationOptions = { scanAvailable: options.scanAvailable ?? true, ...(options.trusted !== undefined ? { trusted: options.trusted } : {}) };
  const clientOptions: TestClientOptions = {
    capabilities: CAPABILITIES,
    initializationOptions,
    settings: options.settings ?? { scan: { osvUrl: osv.url } },
  };
  return new TestClient(clientOptions);
}

/** `window/showMessage` notifications the server sends. */
function recordMessages(testClient: TestClient): Array<{ type: number; message: string }> {
  const messages: Array<{ type: number; message: string }> = [];
  testClient.connection.onNotification('window/showMessage', (params: { type: number; message: string }) => {
    messages.push(params);
  });
  return messages;
}

async function rejection(promise: Promise<unknown>): Promise<{ code: number; message: string }> {
  try {
    await promise;
  } catch (error) {
    return error as { code: number; message: string };
  }
  assert.fail('the request succeeded');
}

describe('image scan over LSP: finding images', () => {
  it('lists FROM, COPY --from and image: references, without stage names or references an ARG cannot fill', async () => {
    const testClient = client();
    await testClient.initializing;
    const dockerfile = [
      'ARG BASE=python:3.12-slim',
      'ARG VARIANT',
      'FROM ${BASE} AS build',
      'COPY --from=ghcr.io/astral-sh/uv:0.4 /uv /bin/uv',
      'FROM build AS test',
      'FROM node:${VARIANT}',
      'COPY --from=build /app /app',
      'FROM scratch',
      '',
    ].join('\n');
    const manifest = ['apiVersion: v1', 'kind: Pod', 'metadata: {name: web}', 'spec:', '  containers:', '    - name: web', '      image: "nginx:1.27"', '    - name: side', '      image: ${SIDECAR}', ''].join('\n');
    const found = await testClient.request<FoundImage[]>('shipshape/findImages', {
      files: [
        { uri: fileUri('Dockerfile'), text: dockerfile },
        { uri: fileUri('pod.yaml'), text: manifest },
        { uri: fileUri('notes.txt'), text: 'FROM alpine:3.20\n' },
      ],
    });
    assert.deepEqual(found, [
      { image: 'python:3.12-slim', uri: fileUri('Dockerfile'), line: 2 },
      { image: 'ghcr.io/astral-sh/uv:0.4', uri: fileUri('Dockerfile'), line: 3 },
      { image: 'nginx:1.27', uri: fileUri('pod.yaml'), line: 6 },
    ]);
    assert.deepEqual(await testClient.request('shipshape/findImages', { files: 'not a list' }), []);
    testClient.dispose();
  });

  it('shows a "Scan image" code lens per image when the client can scan, passing the reference', async () => {
    const text = 'FROM nginx:1.27 AS web\nFROM web\nCOPY --from=busybox:1.36 /bin/sh /sh\n';
    const scanning = client();
    const document = await scanning.open(fileUri('lens.Dockerfile'), text, 'dockerfile');
    const lenses = await scanning.request<CodeLens[]>('textDocument/codeLens', { textDocument: { uri: document.uri } });
    assert.deepEqual(
      lenses.map((lens) => ({ line: lens.range.start.line, title: lens.command?.title, command: lens.command?.command, arguments: lens.command?.arguments })),
      [
        { line: 0, title: 'Scan image', command: 'shipshape.scanImage', arguments: ['nginx:1.27'] },
        { line: 2, title: 'Scan image', command: 'shipshape.scanImage', arguments: ['busybox:1.36'] },
      ],
    );
    scanning.dispose();

    const other = client({ scanAvailable: false });
    const again = await other.open(fileUri('lens.Dockerfile'), text, 'dockerfile');
    assert.deepEqual(await other.request('textDocument/codeLens', { textDocument: { uri: again.uri } }), []);
    other.dispose();
  });
});

describe('image scan over LSP: hovers', () => {
  it('links an image hover to Scan Image when the client can scan', async () => {
    const text = 'FROM nginx:1.27\n';
    const scanning = client();
    const document = await scanning.open(fileUri('hover.Dockerfile'), text, 'dockerfile');
    const hover = await scanning.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: document.uri }, position: { line: 0, character: 8 } });
    assert.ok(hover.contents.value.includes('[Scan image](command:shipshape.scanImage?%5B%22nginx%3A1.27%22%5D "Scan nginx:1.27 for vulnerabilities")'), hover.contents.value);
    scanning.dispose();

    const other = client({ scanAvailable: false });
    const again = await other.open(fileUri('hover.Dockerfile'), text, 'dockerfile');
    const plain = await other.request<{ contents: { value: string } }>('textDocument/hover', { textDocument: { uri: again.uri }, position: { line: 0, character: 8 } });
    assert.doesNotMatch(plain.contents.value, /command:/);
    other.dispose();
  });
});

describe('image scan over LSP: scanning', () => {
  it('scans a registry image with progress, and leaves a summary on the lines that name it until they change', async () => {
    const testClient = client();
    const reference = `${host}/team/app:1.0`;
    const dockerfile = await testClient.open(fileUri('Dockerfile'), `FROM ${reference} AS base\nUSER 10001\n\nFROM ${host}/team/app:1.1\n`, 'dockerfile');
    const manifestText = ['apiVersion: v1', 'kind: Pod', 'metadata: {name: web}', 'spec:', '  containers:', '    - name: web', `      image: ${reference}`, ''].join('\n');
    const manifest = await testClient.open(fileUri('pod.yaml'), manifestText, 'yaml');
    assert.equal((await testClient.pull(dockerfile.uri)).filter((d) => d.code === 'image-scan').length, 0);

    const progress: Array<{ kind: string; title?: string; message?: string; percentage?: number; cancellable?: boolean }> = [];
    testClient.connection.onProgress(new ProgressType<(typeof progress)[number]>(), 'scan-1', (value) => {
      progress.push(value);
    });
    const refreshesBefore = testClient.refreshes;
    const report = await testClient.request<ScanReport>('shipshape/scanImage', { target: { kind: 'registry', image: reference }, platform: 'linux/amd64', workDoneToken: 'scan-1' });

    assert.equal(report.image.name, reference);
    assert.equal(report.image.manifestDigest, image.manifest.digest);
    assert.equal(report.vulnerabilityData.status, 'ok');
    assert.deepEqual(report.vulnerabilities.map((v) => [v.id, v.severity, v.package.name, v.fixedVersion]), [['DSA-9999-1', 'critical', 'openssl', '3.0.13-1~deb12u1']]);
    assert.ok(osv.batchRequests > 0);

    assert.deepEqual(progress[0], { kind: 'begin', title: `Scanning ${reference}`, cancellable: true, message: 'starting', percentage: 0 });
    assert.equal(progress.at(-1)?.kind, 'end');
    const percentages = progress.flatMap((value) => (typeof value.percentage === 'number' ? [value.percentage] : []));
    assert.deepEqual(percentages, [...percentages].sort((a, b) => a - b), 'percentages never go back');
    assert.ok(progress.some((value) => value.kind === 'report' && /looking up vulnerabilities/.test(value.message ?? '')), JSON.stringify(progress));

    await testClient.waitFor(() => testClient.refreshes > refreshesBefore);
    const summary = (await testClient.pull(dockerfile.uri)).filter((d) => d.code === 'image-scan');
    assert.equal(summary.length, 1, 'only the line naming the scanned reference');
    assert.deepEqual(summary[0]?.range, { start: { line: 0, character: 5 }, end: { line: 0, character: 5 + reference.length } });
    assert.equal(summary[0]?.severity, 2, 'a critical vulnerability makes it a warning');
    assert.equal(summary[0]?.source, 'shipshape');
    assert.deepEqual(report.findings.map((finding) => finding.id), ['image-healthcheck-missing']);
    assert.equal(summary[0]?.message, `Scan of ${reference} (linux/amd64): 1 critical vulnerability; 1 image finding. Open the report from this line's quick fixes.`);
    const manifestSummary = (await testClient.pull(manifest.uri)).filter((d) => d.code === 'image-scan');
    assert.deepEqual(manifestSummary.map((d) => d.range.start.line), [6]);

    const actions = await testClient.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri: dockerfile.uri },
      range: summary[0]!.range,
      context: { diagnostics: summary, only: ['quickfix'] },
    });
    const open = actions.find((action) => action.title === `Open the scan report of ${reference}`);
    assert.deepEqual(open?.command, { title: `Open the scan report of ${reference}`, command: 'shipshape.openScanReport', arguments: [reference] });

    // A line added above moves the summary with its line; editing the line itself drops it.
    await testClient.insert(dockerfile.uri, 0, '# syntax=docker/dockerfile:1\n');
    assert.deepEqual((await testClient.pull(dockerfile.uri)).filter((d) => d.code === 'image-scan').map((d) => d.range.start.line), [1]);
    const edited = testClient.document(dockerfile.uri).getText().replace(`${reference} AS base`, `${host}/team/app:1.0-slim AS base`);
    await testClient.change(dockerfile.uri, edited);
    assert.deepEqual((await testClient.pull(dockerfile.uri)).filter((d) => d.code === 'image-scan'), []);
    testClient.dispose();
  });

  it('scans docker save tarballs and OCI layouts, and marks a line pinned to the scanned digest', async () => {
    const archive = join(folder, 'app.tar');
    writeDockerArchive([{ image, repoTags: ['team/app:1.0'] }], archive, 'oci');
    const layout = join(folder, 'layout');
    writeOciLayout(layout, [{ image, refName: '1.0' }]);
    const testClient = client();
    const pinned = await testClient.open(fileUri('pinned.Dockerfile'), `FROM team/app:1.0@${image.manifest.digest}\n`, 'dockerfile');

    const fromArchive = await testClient.request<ScanReport>('shipshape/scanImage', { target: { kind: 'docker-archive', path: archive } });
    assert.equal(fromArchive.image.source, 'docker-archive');
    assert.deepEqual(fromArchive.vulnerabilities.map((v) => v.id), ['DSA-9999-1']);
    assert.equal(fromArchive.summary.packages, 2);

    const fromLayout = await testClient.request<ScanReport>('shipshape/scanImage', { target: { kind: 'oci-layout', path: layout } });
    assert.equal(fromLayout.image.source, 'oci-layout');
    assert.equal(fromLayout.image.manifestDigest, image.manifest.digest);
    const summary = (await testClient.pull(pinned.uri)).filter((d) => d.code === 'image-scan');
    assert.equal(summary.length, 1);
    assert.match(String(summary[0]?.message), /^Scan of .*layout \(linux\/amd64\): 1 critical vulnerability;/);
    testClient.dispose();
  });

  it('cancels a scan when the client cancels the request', async () => {
    const testClient = client();
    await testClient.initializing;
    const source = new CancellationTokenSource();
    const started = Date.now();
    const pending = testClient.connection.sendRequest('shipshape/scanImage', { target: { kind: 'registry', image: `${slowRegistry.host}/team/app:1.0` }, platform: 'linux/amd64' }, source.token);
    setTimeout(() => source.cancel(), 200);
    const error = await rejection(pending);
    assert.equal(error.code, -32800, error.message);
    assert.ok(Date.now() - started < 2500, 'the scan stopped before the registry answered');
    testClient.dispose();
  });

  it('reports a failed scan as an error naming the image and the step', async () => {
    const testClient = client();
    await testClient.initializing;
    const error = await rejection(testClient.request('shipshape/scanImage', { target: { kind: 'registry', image: `${host}/team/missing:1.0` }, platform: 'linux/amd64' }));
    assert.equal(error.code, -32803);
    assert.match(error.message, new RegExp(`${host.replace('.', '\\.')}/team/missing:1\\.0`));
    const malformed = await rejection(testClient.request('shipshape/scanImage', { target: { kind: 'registry', image: 'Not A Reference' } }));
    assert.equal(malformed.code, -32600);
    assert.match(malformed.message, /is not an image reference/);
    const badPlatform = await rejection(testClient.request('shipshape/scanImage', { target: { kind: 'registry', image: 'nginx:1.27' }, platform: 'amd64' }));
    assert.match(badPlatform.message, /"amd64" is not a platform/);
    testClient.dispose();
  });

  it('exports a report as SARIF, JSON and the two SBOMs', async () => {
    const testClient = client();
    const report = await testClient.request<ScanReport>('shipshape/scanImage', { target: { kind: 'oci-layout', path: join(folder, 'layout') } });
    const sarif = JSON.parse(await testClient.request<string>('shipshape/exportScan', { report, format: 'sarif' })) as { version: string; runs: Array<{ results: Array<{ ruleId: string }> }> };
    assert.equal(sarif.version, '2.1.0');
    assert.ok(sarif.runs[0]?.results.some((result) => result.ruleId === 'DSA-9999-1'));
    const json = JSON.parse(await testClient.request<string>('shipshape/exportScan', { report, format: 'json' })) as ScanReport;
    assert.deepEqual(json.vulnerabilities, report.vulnerabilities);
    const wrongFormat = await rejection(testClient.request('shipshape/exportScan', { report, format: 'html' }));
    assert.match(wrongFormat.message, /json, sarif, cyclonedx or spdx/);
    const cyclonedx = await testClient.request<string>('shipshape/exportScan', { report, format: 'cyclonedx' });
    assert.deepEqual(await cycloneDxProblems(cyclonedx), []);
    assert.deepEqual((JSON.parse(cyclonedx) as { vulnerabilities: Array<{ id: string }> }).vulnerabilities.map((vulnerability) => vulnerability.id), [...new Set(report.vulnerabilities.map((vulnerability) => vulnerability.id))]);
    const spdx = await testClient.request<string>('shipshape/exportScan', { report, format: 'spdx' });
    assert.deepEqual(spdxProblems(spdx), []);
    assert.equal((JSON.parse(spdx) as { packages: unknown[] }).packages.length, report.packages.length + 1, 'the image and each package');
    const notAReport = await rejection(testClient.request('shipshape/exportScan', { report: { schemaVersion: 2 }, format: 'json' }));
    assert.match(notAReport.message, /not a Shipshape scan report/);
    testClient.dispose();
  });
});

describe('image scan over LSP: workspace trust and network settings', () => {
  it('refuses registry scans in an untrusted workspace, scans local images without OSV, and follows a grant of trust', async () => {
    const testClient = client({ trusted: false });
    await testClient.initializing;
    const reference = `${host}/team/app:1.0`;
    const requestsBefore = registry.requests.length;
    const refused = await rejection(testClient.request('shipshape/scanImage', { target: { kind: 'registry', image: reference }, platform: 'linux/amd64' }));
    assert.equal(refused.code, -32600);
    assert.equal(
      refused.message,
      `Shipshape did not scan ${reference}: it contacts no registry and reads no credentials in an untrusted workspace. Trust this workspace to scan registry images, or scan a \`docker save\` tarball or an OCI layout folder instead.`,
    );
    assert.equal(registry.requests.length, requestsBefore, 'no registry request from an untrusted workspace');

    osv.resetCounts();
    const local = await testClient.request<ScanReport>('shipshape/scanImage', { target: { kind: 'oci-layout', path: join(folder, 'layout') } });
    assert.equal(local.vulnerabilityData.status, 'disabled');
    assert.deepEqual(local.vulnerabilities, []);
    assert.equal(local.summary.packages, 2);
    assert.equal(osv.batchRequests, 0, 'no OSV request from an untrusted workspace');

    await testClient.connection.sendNotification('shipshape/workspaceTrustChanged', { trusted: true });
    const report = await testClient.request<ScanReport>('shipshape/scanImage', { target: { kind: 'registry', image: reference }, platform: 'linux/amd64' });
    assert.equal(report.vulnerabilityData.status, 'ok');
    testClient.dispose();
  });

  it('refuses registry scans when shipshape.scan.allowNetwork is off', async () => {
    const testClient = client({ settings: { scan: { osvUrl: osv.url, allowNetwork: false } } });
    await testClient.initializing;
    const error = await rejection(testClient.request('shipshape/scanImage', { target: { kind: 'registry', image: 'nginx:1.27' } }));
    assert.match(error.message, /^Shipshape did not scan nginx:1\.27: pulling it needs the network, and the setting shipshape\.scan\.allowNetwork is off\./);
    testClient.dispose();
  });
});

describe('image scan over LSP: registry quick fixes', () => {
  async function quickFixes(testClient: TestClient, uri: string, ruleId: string): Promise<{ diagnostic: Diagnostic; actions: CodeAction[] }> {
    const diagnostic = (await testClient.pull(uri)).find((d) => d.code === ruleId);
    assert.ok(diagnostic, `no ${ruleId} diagnostic`);
    const actions = await testClient.request<CodeAction[]>('textDocument/codeAction', {
      textDocument: { uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic], only: ['quickfix'] },
    });
    return { diagnostic, actions };
  }

  it('pins an image to its current digest, keeping the tag, through codeAction/resolve', async () => {
    const testClient = client();
    const document = await testClient.open(fileUri('pin.Dockerfile'), `FROM ${host}/team/app:1.0\nUSER 10001\n`, 'dockerfile');
    const { actions } = await quickFixes(testClient, document.uri, 'image-digest');
    const pin = actions.find((action) => action.title === `Pin ${host}/team/app:1.0 to its current digest`);
    assert.ok(pin, actions.map((action) => action.title).join(', '));
    assert.equal(pin.edit, undefined, 'listed without waiting for the registry');
    const resolved = await testClient.request<CodeAction>('codeAction/resolve', pin);
    assert.ok(resolved.edit);
    assert.equal(applyWorkspaceEdit(document, resolved.edit as Parameters<typeof applyWorkspaceEdit>[1]), `FROM ${host}/team/app:1.0@${image.manifest.digest}\nUSER 10001\n`);
    testClient.dispose();
  });

  it('says why when the digest cannot be found, and changes nothing', async () => {
    const testClient = client();
    const messages = recordMessages(testClient);
    const document = await testClient.open(fileUri('missing.Dockerfile'), `FROM ${host}/team/app:9.9\nUSER 10001\n`, 'dockerfile');
    const { actions } = await quickFixes(testClient, document.uri, 'image-digest');
    const pin = actions.find((action) => action.title.startsWith('Pin '));
    assert.ok(pin);
    const resolved = await testClient.request<CodeAction>('codeAction/resolve', pin);
    assert.equal(resolved.edit, undefined);
    await testClient.waitFor(() => messages.length > 0);
    assert.equal(messages[0]?.type, 1);
    assert.match(messages[0]!.message, new RegExp(`^Shipshape could not pin ${host.replace('.', '\\.')}/team/app:9\\.9 to a digest: `));
    testClient.dispose();
  });

  it('offers version tags for an untagged image: chosen through a prompt first, then listed directly', async () => {
    const testClient = client();
    const prompts: Array<{ message: string; actions: Array<{ title: string }> }> = [];
    testClient.connection.onRequest('window/showMessageRequest', (params: { message: string; actions: Array<{ title: string }> }) => {
      prompts.push(params);
      return params.actions[1] ?? null;
    });
    const document = await testClient.open(fileUri('tags.Dockerfile'), `FROM ${host}/team/app\nUSER 10001\n`, 'dockerfile');
    const first = await quickFixes(testClient, document.uri, 'image-tag-latest');
    const choose = first.actions.find((action) => action.title === `Choose a tag for ${host}/team/app…`);
    assert.ok(choose, first.actions.map((action) => action.title).join(', '));
    // image-digest's finding on the same reference is folded into this one, with its pin on offer.
    assert.equal((await testClient.pull(document.uri)).filter((d) => d.code === 'image-digest').length, 0);
    assert.ok(first.actions.some((action) => action.title.startsWith(`Pin ${host}/team/app`)), first.actions.map((action) => action.title).join(', '));
    const resolved = await testClient.request<CodeAction>('codeAction/resolve', choose);
    assert.deepEqual(prompts.map((prompt) => prompt.actions.map((action) => action.title)), [['1.1.2', '1.1', '1.0']]);
    assert.equal(applyWorkspaceEdit(document, resolved.edit as Parameters<typeof applyWorkspaceEdit>[1]), `FROM ${host}/team/app:1.1\nUSER 10001\n`);

    const second = await quickFixes(testClient, document.uri, 'image-tag-latest');
    const useTags = second.actions.filter((action) => action.title.startsWith('Use tag '));
    assert.deepEqual(useTags.map((action) => action.title), ['Use tag 1.1.2', 'Use tag 1.1', 'Use tag 1.0']);
    assert.equal(applyWorkspaceEdit(document, useTags[0]!.edit as Parameters<typeof applyWorkspaceEdit>[1]), `FROM ${host}/team/app:1.1.2\nUSER 10001\n`);
    testClient.dispose();
  });

  it('offers no registry quick fix in an untrusted workspace or with the network off', async () => {
    for (const options of [{ trusted: false }, { settings: { scan: { allowNetwork: false } } }]) {
      const testClient = client(options);
      const requestsBefore = registry.requests.length;
      const document = await testClient.open(fileUri('offline.Dockerfile'), `FROM ${host}/team/app\nFROM ${host}/team/app:1.0\n`, 'dockerfile');
      const latest = await quickFixes(testClient, document.uri, 'image-tag-latest');
      const digest = await quickFixes(testClient, document.uri, 'image-digest');
      const titles = [...latest.actions, ...digest.actions].map((action) => action.title);
      assert.deepEqual(titles.filter((title) => /^(Pin |Choose a tag|Use tag )/.test(title)), [], JSON.stringify(options));
      assert.equal(registry.requests.length, requestsBefore, 'no registry request');
      testClient.dispose();
    }
  });
});
