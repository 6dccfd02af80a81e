// The language server's scan helpers that need no connection: tag suggestions, progress messages, the
// summary diagnostic's wording, matching a scan to image references, scan policy, and the registry edits.
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, it } from 'node:test';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { parseImageReference, type ImageReference } from '../../server/src/engine/image-reference';
import { ruleIds } from '../../server/src/rules';
import { canonicalReference, namesScannedImage, scannableUses, scannedImage } from '../../server/src/lsp/image-references';
import { pinEdit, tagEdit } from '../../server/src/lsp/registry-actions';
import { planScan, type ScanPolicy } from '../../server/src/lsp/scan-options';
import { describeProgress, ProgressThrottle } from '../../server/src/lsp/scan-progress';
import { formatBytes } from '../../server/src/protocol';
import { ScanSummaries, scanSummaryMessage, summarySeverity } from '../../server/src/lsp/scan-summaries';
import { normalizeSettings, settingsLayer } from '../../server/src/lsp/settings';
import { suggestTags } from '../../server/src/lsp/tag-suggestions';
import { DEFAULT_SETTINGS, type ScanReport } from '../../server/src/protocol';

function reference(text: string): ImageReference {
  const parsed = parseImageReference(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.reference;
}

function report(overrides: Partial<ScanReport> = {}, summary: Partial<ScanReport['summary']> = {}): ScanReport {
  return {
    schemaVersion: 1,
    image: { name: 'nginx:1.25', platform: 'linux/amd64', source: 'registry', layers: [], reference: 'docker.io/library/nginx:1.25', manifestDigest: `sha256:${'a'.repeat(64)}`, indexDigest: `sha256:${'b'.repeat(64)}` },
    packages: [],
    vulnerabilities: [],
    findings: [],
    integrity: { status: 'verified' },
    signature: { status: 'unsigned', required: false, note: 'No signature found.', signatures: [] },
    vulnerabilityData: { status: 'ok', source: 'https://api.osv.dev' },
    problems: [],
    summary: { critical: 0, high: 0, medium: 0, low: 0, unknown: 0, packages: 0, findings: 0, ...summary },
    scannedAt: '2025-01-01T00:00:00.000Z',
    durationMs: 1,
    ...overrides,
  };
}

describe('tag suggestions', () => {
  it('offers the newest release lines, precise version first, then the line tag', () => {
    const tags = ['latest', 'stable', 'mainline', '1', '1.25', '1.25.5', '1.26', '1.26.2', '1.26.1', '1.27', '1.27.3', '1.27.3-alpine', '1.28.0-rc1', 'alpine'];
    assert.deepEqual(suggestTags(tags), ['1.27.3', '1.27', '1.26.2', '1.26', '1.25.5']);
    assert.deepEqual(suggestTags(tags, 3), ['1.27.3', '1.27', '1.26.2']);
  });

  it('compares numerically, tolerates a v prefix and lists each version once', () => {
    assert.deepEqual(suggestTags(['3.9.1', '3.10.0', '3.10', 'v3.10.0', '3.2']), ['3.10.0', '3.10', '3.9.1', '3.2']);
  });

  it('suggests nothing when no tag is a plain version', () => {
    assert.deepEqual(suggestTags(['latest', 'bookworm', 'edge', '1.0-rc1']), []);
    assert.deepEqual(suggestTags([]), []);
  });
});

describe('scan progress', () => {
  it('describes layers with counts and bytes, and steps in words', () => {
    assert.deepEqual(describeProgress({ step: 'layers', layersDone: 2, layersTotal: 7, bytesDone: 12_300_000, bytesTotal: 40_100_000 }), { message: 'layer 3 of 7 · 12 MB of 40 MB', percentage: 29 });
    assert.deepEqual(describeProgress({ step: 'layers', layersDone: 7, layersTotal: 7 }), { message: 'layer 7 of 7', percentage: 85 });
    assert.deepEqual(describeProgress({ step: 'vulnerabilities', detail: 'looking up 120 packages' }), { message: 'looking up vulnerabilities: looking up 120 packages', percentage: 90 });
    assert.deepEqual(describeProgress({ step: 'manifest' }), { message: 'reading the manifest', percentage: 2 });
  });

  it('formats sizes in decimal units', () => {
    assert.equal(formatBytes(0), '0 B');
    assert.equal(formatBytes(999), '999 B');
    assert.equal(formatBytes(4_200), '4.2 kB');
    assert.equal(formatBytes(31_500_000), '32 MB');
    assert.equal(formatBytes(1_200_000_000), '1.2 GB');
    assert.equal(formatBytes(Number.NaN), '0 B');
  });

  it('sends at most one report per interval within a step, at once on a new step, never going back', () => {
    let now = 0;
    const sent: Array<{ message: string; percentage: number }> = [];
    const throttle = new ProgressThrottle((report) => sent.push(report), 200, () => now);
    throttle.report({ step: 'layers', layersDone: 0, layersTotal: 2, bytesDone: 0, bytesTotal: 100 });
    now = 50;
    throttle.report({ step: 'layers', layersDone: 0, layersTotal: 2, bytesDone: 50, bytesTotal: 100 });
    now = 250;
    throttle.report({ step: 'layers', layersDone: 1, layersTotal: 2, bytesDone: 80, bytesTotal: 100 });
    now = 260;
    throttle.report({ step: 'inventory' });
    throttle.report({ step: 'resolve' });
    assert.deepEqual(sent, [
      { message: 'layer 1 of 2 · 0 B of 100 B', percentage: 5 },
      { message: 'layer 2 of 2 · 80 B of 100 B', percentage: 69 },
      { message: 'listing installed packages', percentage: 85 },
      { message: 'finding the image', percentage: 85 },
    ]);
  });
});

describe('scan summary diagnostics', () => {
  it('counts vulnerabilities by severity and image findings', () => {
    const findings = [{ id: 'image-user-root', title: 'root', severity: 'high' as const, message: 'root' }];
    assert.equal(
      scanSummaryMessage(report({ findings }, { critical: 3, high: 10, unknown: 1 })),
      "Scan of nginx:1.25 (linux/amd64): 3 critical, 10 high and 1 unknown-severity vulnerabilities; 1 image finding. Open the report from this line's quick fixes.",
    );
    assert.equal(scanSummaryMessage(report()), "Scan of nginx:1.25 (linux/amd64): no known vulnerabilities; no image findings. Open the report from this line's quick fixes.");
  });

  it('says when vulnerability data was missing, incomplete, or a step failed', () => {
    assert.match(scanSummaryMessage(report({ vulnerabilityData: { status: 'unavailable', source: 'x' } })), /: vulnerability data unavailable; no image findings\./);
    assert.match(scanSummaryMessage(report({ vulnerabilityData: { status: 'disabled', source: 'x' } })), /: vulnerability data not fetched;/);
    assert.match(scanSummaryMessage(report({ vulnerabilityData: { status: 'partial', source: 'x' } }, { low: 1 })), /: 1 low vulnerability \(vulnerability data incomplete\);/);
    assert.match(scanSummaryMessage(report({ problems: [{ step: 'layers', message: 'x' }, { step: 'inventory', message: 'y' }] })), /no image findings; 2 scan steps failed\./);
  });

  it('warns for critical or high results, informs otherwise', () => {
    assert.equal(summarySeverity(report({}, { high: 1 })), 2);
    assert.equal(summarySeverity(report({ findings: [{ id: 'x', title: 'x', severity: 'critical', message: 'x' }] })), 2);
    assert.equal(summarySeverity(report({ findings: [{ id: 'x', title: 'x', severity: 'medium', message: 'x' }] }, { medium: 4, low: 2 })), 3);
  });

  it('matches references that name the scanned image: normalised names, implied latest, scanned digests', () => {
    const scanned = scannedImage({ kind: 'registry', image: 'nginx:1.25' }, report());
    assert.equal(canonicalReference(reference('nginx')), 'docker.io/library/nginx:latest');
    assert.equal(canonicalReference(reference(`nginx@sha256:${'a'.repeat(64)}`)), `docker.io/library/nginx@sha256:${'a'.repeat(64)}`);
    assert.equal(namesScannedImage(reference('docker.io/library/nginx:1.25'), scanned), true);
    assert.equal(namesScannedImage(reference('index.docker.io/nginx:1.25'), scanned), true);
    assert.equal(namesScannedImage(reference(`mirror.example/nginx@sha256:${'b'.repeat(64)}`), scanned), true, 'the index digest names the same content');
    assert.equal(namesScannedImage(reference('nginx:1.26'), scanned), false);
    assert.equal(namesScannedImage(reference('nginx'), scanned), false);
    assert.equal(namesScannedImage(reference(`nginx:1.25@sha256:${'c'.repeat(64)}`), scanned), false, 'pinned to other content');
  });

  it('keeps one summary per line, replaced by a later scan of the same image and dropped with the document', () => {
    const document = TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, 'FROM nginx:1.25\nFROM docker.io/library/nginx:1.25\nFROM nginx:1.26\n');
    const summaries = new ScanSummaries();
    assert.deepEqual(summaries.record({ kind: 'registry', image: 'nginx:1.25' }, report({}, { high: 2 }), [document]), ['file:///w/Dockerfile']);
    assert.deepEqual(summaries.diagnosticsFor(document).map((d) => [d.range.start.line, d.severity, d.code]), [[0, 2, 'image-scan'], [1, 2, 'image-scan']]);
    summaries.record({ kind: 'registry', image: 'docker.io/library/nginx:1.25' }, report({}, { low: 1 }), [document]);
    assert.deepEqual(summaries.diagnosticsFor(document).map((d) => [d.range.start.line, d.severity]), [[0, 3], [1, 3]]);
    summaries.forget(document.uri);
    assert.deepEqual(summaries.diagnosticsFor(document), []);
    assert.equal(summaries.has(document.uri), false);
  });
});

describe('scan policy', () => {
  const policy = (overrides: Partial<ScanPolicy> = {}): ScanPolicy => ({
    trusted: true,
    settings: DEFAULT_SETTINGS,
    config: { osvUrl: 'https://osv.example.internal', insecureRegistries: ['registry.lab:5000'], platform: 'linux/arm64/v8', blobTimeout: 120, minTransferRate: 0 },
    cacheDir: '/cache',
    today: '2025-01-01',
    ...overrides,
  });

  it('builds the options from the configuration in a trusted workspace', () => {
    const plan = planScan({ kind: 'registry', image: ' nginx:1.27 ' }, undefined, policy());
    assert.deepEqual(plan, {
      ok: true,
      target: { kind: 'registry', image: 'nginx:1.27' },
      options: {
        allowNetwork: true,
        insecureRegistries: ['registry.lab:5000'],
        allowCredentialHelpers: true,
        transfer: { blobTimeoutMs: 120_000, minBytesPerSecond: 0 },
        platform: { os: 'linux', architecture: 'arm64', variant: 'v8' },
        osvUrl: 'https://osv.example.internal',
        cacheDir: '/cache',
        today: '2025-01-01',
      },
    });
    const explicit = planScan({ kind: 'registry', image: 'nginx:1.27' }, 'linux/amd64', policy());
    assert.ok(explicit.ok && explicit.options.platform?.architecture === 'amd64', 'the request platform wins');
  });

  it('applies the project signature policy: its keys, and whether this image must be signed', () => {
    const folder = mkdtempSync(path.join(tmpdir(), 'shipshape-scan-keys-'));
    try {
      const keyPath = path.join(folder, 'cosign.pub');
      writeFileSync(keyPath, generateKeyPairSync('ed25519').publicKey.export({ type: 'spki', format: 'pem' }));
      const signatures = { require: ['ghcr.io/acme/*'], keys: [keyPath], identities: [] };
      const required = planScan({ kind: 'registry', image: 'ghcr.io/acme/api:1' }, undefined, policy({ signatures }));
      assert.ok(required.ok);
      assert.equal(required.options.signatures?.required, true);
      assert.equal(required.options.signatures?.keys[0]?.label, keyPath);
      const other = planScan({ kind: 'registry', image: 'nginx:1.27' }, undefined, policy({ signatures }));
      assert.ok(other.ok && other.options.signatures?.required === false);
      const missing = planScan({ kind: 'registry', image: 'nginx:1.27' }, undefined, policy({ signatures: { ...signatures, keys: [path.join(folder, 'gone.pub')] } }));
      assert.ok(!missing.ok && /cannot read the signature key .*gone\.pub: ENOENT \(images\.signatures\.keys/.test(missing.message), JSON.stringify(missing));
    } finally {
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('scans local images in an untrusted workspace without network or credential helpers', () => {
    const plan = planScan({ kind: 'docker-archive', path: 'C:\\images\\app.tar' }, '', policy({ trusted: false }));
    assert.ok(plan.ok);
    assert.equal(plan.options.allowNetwork, false);
    assert.equal(plan.options.allowCredentialHelpers, false);
    assert.deepEqual(plan.target, { kind: 'docker-archive', path: 'C:\\images\\app.tar' });
  });

  it('refuses registry images without trust or network, and malformed requests, saying what to do', () => {
    const untrusted = planScan({ kind: 'registry', image: 'nginx:1.27' }, undefined, policy({ trusted: false }));
    assert.ok(!untrusted.ok && /untrusted workspace\. Trust this workspace/.test(untrusted.message));
    const offline = planScan({ kind: 'registry', image: 'nginx:1.27' }, undefined, policy({ settings: { ...DEFAULT_SETTINGS, scan: { ...DEFAULT_SETTINGS.scan, allowNetwork: false } } }));
    assert.ok(!offline.ok && /shipshape\.scan\.allowNetwork is off/.test(offline.message));
    for (const target of [undefined, 'nginx', { kind: 'registry' }, { kind: 'registry', image: '' }, { kind: 'ftp', path: '/x' }]) {
      const plan = planScan(target, undefined, policy());
      assert.ok(!plan.ok && /names no image/.test(plan.message), JSON.stringify(target));
    }
    const badReference = planScan({ kind: 'registry', image: 'NGINX:1' }, undefined, policy());
    assert.ok(!badReference.ok && badReference.message.startsWith('"NGINX:1" is not an image reference'));
  });
});

describe('registry edits and scan settings', () => {
  it('pins and retags a reference where it literally stands: in FROM, in an ARG default, in a quoted image:', () => {
    const cases: Array<[string, string, string, string]> = [
      ['FROM nginx:1.25 AS web\n', 'dockerfile', 'FROM nginx:1.25@sha256:abc AS web\n', 'FROM nginx:1.27 AS web\n'],
      ['ARG BASE="ghcr.io/org/app"\nFROM ${BASE}\n', 'dockerfile', 'ARG BASE="ghcr.io/org/app@sha256:abc"\nFROM ${BASE}\n', 'ARG BASE="ghcr.io/org/app:1.27"\nFROM ${BASE}\n'],
      ['apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: a\n      image: "nginx:latest"\n', 'yaml', 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: a\n      image: "nginx:latest@sha256:abc"\n', 'apiVersion: v1\nkind: Pod\nmetadata: {name: a}\nspec:\n  containers:\n    - name: a\n      image: "nginx:1.27"\n'],
    ];
    for (const [text, languageId, pinned, tagged] of cases) {
      const document = TextDocument.create(languageId === 'yaml' ? 'file:///w/pod.yaml' : 'file:///w/Dockerfile', languageId, 1, text);
      const [use] = scannableUses(document);
      assert.ok(use, text);
      const apply = (edit: { start: number; end: number; text: string } | undefined) => (edit ? text.slice(0, edit.start) + edit.text + text.slice(edit.end) : undefined);
      assert.equal(apply(pinEdit(text, use, 'sha256:abc')), pinned);
      assert.equal(apply(tagEdit(text, use, '1.27')), tagged);
    }
  });

  it('offers no edit for references assembled from variables or already pinned', () => {
    const assembled = TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, 'ARG VERSION=1.25\nFROM nginx:${VERSION}\n');
    const [use] = scannableUses(assembled);
    assert.ok(use);
    assert.equal(pinEdit(assembled.getText(), use, 'sha256:abc'), undefined);
    const pinnedText = `FROM nginx:1.25@sha256:${'a'.repeat(64)}\n`;
    const [pinned] = scannableUses(TextDocument.create('file:///w/Dockerfile', 'dockerfile', 1, pinnedText));
    assert.ok(pinned);
    assert.equal(pinEdit(pinnedText, pinned, 'sha256:abc'), undefined);
  });

  it('reads the scan platform and insecure registries from settings and passes them on as a config layer', () => {
    const { settings, warnings } = normalizeSettings(
      { scan: { platform: 'linux/arm64/v8', insecureRegistries: ['lab:5000', 7], osvUrl: 'ftp://x', blobTimeout: 60, scanTimeout: -1, minTransferRate: 0 } },
      ruleIds,
    );
    assert.deepEqual(settings.scan, {
      osvUrl: '',
      allowNetwork: true,
      platform: 'linux/arm64/v8',
      insecureRegistries: ['lab:5000'],
      scanTimeout: 3600,
      blobTimeout: 60,
      minTransferRate: 0,
    });
    assert.deepEqual(warnings, [
      'shipshape.scan.osvUrl: ignoring "ftp://x"; using ""',
      'shipshape.scan.insecureRegistries: ignoring entries that are not strings',
      'shipshape.scan.scanTimeout: ignoring -1; using 3600',
    ]);
    assert.deepEqual(settingsLayer(settings).scan, { platform: 'linux/arm64/v8', insecureRegistries: ['lab:5000'], blobTimeout: 60, minTransferRate: 0 });
    assert.equal(settingsLayer(DEFAULT_SETTINGS).scan, undefined);
    assert.match(normalizeSettings({ scan: { platform: 'amd64' } }, ruleIds).warnings[0] ?? '', /^shipshape\.scan\.platform: ignoring "amd64"/);
  });
});
