import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseArgs, UsageError, type ScanArgs } from '../../server/src/cli/args';
import { progressText } from '../../server/src/cli/scan-command';

const parseScan = (...argv: string[]): ScanArgs => {
  const parsed = parseArgs(['scan', ...argv], new Set());
  assert.equal(parsed.command, 'scan');
  return parsed as ScanArgs;
};

describe('cli: scan arguments', () => {
  it('takes an image reference with defaults', () => {
    const args = parseScan('nginx:1.25');
    assert.deepEqual(args.target, { kind: 'registry', image: 'nginx:1.25' });
    assert.equal(args.format, 'stylish');
    assert.equal(args.failOn, 'critical');
    assert.equal(args.network, true);
    assert.deepEqual(args.insecureRegistries, []);
  });

  it('takes a tarball, an OCI layout or the local Docker Engine', () => {
    assert.deepEqual(parseScan('--tar', 'app.tar').target, { kind: 'docker-archive', path: 'app.tar' });
    assert.deepEqual(parseScan('--oci=./layout').target, { kind: 'oci-layout', path: './layout' });
    assert.deepEqual(parseScan('--docker', 'app:dev').target, { kind: 'docker-engine', image: 'app:dev' });
  });

  it('reads every option', () => {
    const args = parseScan('registry.local:5000/app', '--platform', 'linux/arm64/v8', '-f', 'sarif', '-o', 'out.sarif', '--fail-on', 'high', '--osv-url', 'http://127.0.0.1:9/', '--offline', '--insecure-registry', 'a:5000', '--insecure-registry', 'b', '--no-color', '--scan-timeout', '120', '--blob-timeout', '0.5', '--min-transfer-rate', '0');
    assert.equal(args.platform, 'linux/arm64/v8');
    assert.deepEqual(args.limits, { scanTimeout: 120, blobTimeout: 0.5, minTransferRate: 0 });
    assert.equal(args.format, 'sarif');
    assert.equal(args.output, 'out.sarif');
    assert.equal(args.failOn, 'high');
    assert.equal(args.osvUrl, 'http://127.0.0.1:9/');
    assert.equal(args.network, false);
    assert.deepEqual(args.insecureRegistries, ['a:5000', 'b']);
    assert.equal(args.color, false);
  });

  it('rejects mistakes with specific messages', () => {
    const rejects = (argv: string[], pattern: RegExp) => assert.throws(() => parseArgs(['scan', ...argv], new Set()), (error: unknown) => error instanceof UsageError && pattern.test(error.message));
    rejects([], /name an image to scan/);
    rejects(['a', 'b'], /one image at a time/);
    rejects(['nginx', '--tar', 'x.tar'], /one image source/);
    rejects(['--docker'], /name an image to scan|--docker needs the IMAGE/);
    rejects(['nginx', '--platform', 'amd64'], /--platform must look like linux\/amd64/);
    rejects(['nginx', '--osv-url', 'ftp://x'], /--osv-url must be an http/);
    rejects(['nginx', '--fail-on', 'error'], /--fail-on must be one of critical, high, medium, low, never/);
    rejects(['nginx', '--platfrom', 'linux/amd64'], /did you mean --platform/);
    rejects(['nginx', '--scan-timeout', '0'], /--scan-timeout must be a number of seconds greater than 0 \(got "0"\)/);
    rejects(['nginx', '--blob-timeout', '10s'], /--blob-timeout must be a number of seconds/);
    rejects(['nginx', '--min-transfer-rate=-1'], /--min-transfer-rate must be a number of bytes per second/);
  });

  it('has help', () => {
    assert.deepEqual(parseArgs(['help', 'scan'], new Set()), { command: 'help', topic: 'scan' });
    assert.deepEqual(parseArgs(['scan', '--help'], new Set()), { command: 'help', topic: 'scan' });
  });
});

describe('cli: scan progress line', () => {
  it('counts layers once, whatever the detail says', () => {
    const text = progressText({ step: 'layers', detail: 'layer 1/2', layersDone: 0, layersTotal: 2, bytesDone: 1500, bytesTotal: 3000 });
    assert.equal(text, 'layers · layer 1/2 · 1.5 kB/3.0 kB');
    assert.equal(text.match(/layer \d\/\d/g)?.length, 1);
  });

  it('shows the detail of other steps', () => {
    assert.equal(progressText({ step: 'manifest', detail: 'fetching the manifest of nginx:1.27' }), 'manifest · fetching the manifest of nginx:1.27');
  });
});
