// Hostile images and files, part 4: terminal escape sequences. An image's os-release, config user and build
// history, an OSV summary, a Kubernetes name: each can carry sequences that clear the screen, retitle the
// terminal or rewrite a line to hide a finding. Every human-readable output shows them as visible escapes:
// the stylish scan and lint reports (with and without colour), the CLI's error lines and progress line, and
// the language server's diagnostics and scan summaries. JSON stays JSON, with C1 and bidi controls escaped.
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { ScanReport } from '../../server/src/protocol';
import { createStatusLine } from '../../server/src/cli/io';
import { displayText } from '../../server/src/engine/display-text';
import { runCliAsync } from '../cli/helpers';
import { TestClient } from '../helpers/lsp-client';
import { startOsvServer, type OsvTestServer } from '../helpers/osv-server';
import { scratchFolder } from '../helpers/scratch-folder';
import { buildImage, writeOciLayout } from '../helpers/test-image';

const work = scratchFolder('hostile-escapes');
const env = { HOME: work.path, XDG_CACHE_HOME: path.join(work.path, 'cache'), DOCKER_CONFIG: path.join(work.path, 'docker') };

const CLEAR = '\u001b[2J\u001b[H';
const TITLE = '\u001b]0;all clear\u0007';
const UP_AND_ERASE = '\r\u001b[1A\u001b[2K';
const C1_CSI = '\u009b2J';
const RTL = '\u202e';

/** Any control character a terminal acts on, other than newline and tab. */
const RAW_CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;
/** With colour on, the only escapes allowed are Shipshape's own SGR colour codes. */
const NOT_SGR = /\u001b(?!\[[0-9;]*m)|[\u0000-\u0008\u000b-\u001a\u001c-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

describe('hostile content: escape sequences never reach a terminal raw', () => {
  let osv: OsvTestServer;
  let layout: string;

  before(async () => {
    const image = buildImage({
      layers: [
        [
          { path: 'etc/os-release', content: `ID=debian\nVERSION_ID="12"\nPRETTY_NAME="Debian${CLEAR}${RTL} 12"\n` },
          { path: 'var/lib/dpkg/status', content: 'Package: openssl\nStatus: install ok installed\nArchitecture: amd64\nVersion: 3.0.11-1~deb12u2\n' },
        ],
      ],
      config: {
        config: { User: `root${TITLE}`, Env: [`PATH=/usr/bin`, `API_TOKEN${C1_CSI}=${'k'.repeat(8)}Zq81xPw0aLm3`] },
        history: [{ created: '2024-01-01T00:00:00Z', created_by: `RUN echo ${UP_AND_ERASE}done` }],
      },
    });
    layout = work.fresh('layout');
    writeOciLayout(layout, [{ image }]);
    osv = await startOsvServer({
      records: [
        {
          id: 'DSA-0000-1',
          summary: `openssl${UP_AND_ERASE}nothing to see${CLEAR}`,
          modified: '2024-01-01T00:00:00Z',
          affected: [{ package: { ecosystem: 'Debian:12', name: 'openssl' }, versions: ['3.0.11-1~deb12u2'], ranges: [{ type: 'ECOSYSTEM', events: [{ introduced: '0' }, { fixed: '3.0.13-1~deb12u1' }] }] }],
        },
      ],
    });
  });
  after(() => osv.close());

  it('displayText writes controls as visible escapes and leaves other text alone', () => {
    assert.equal(displayText(`a${CLEAR}b`), 'a\\x1b[2J\\x1b[Hb');
    assert.equal(displayText(`x${RTL}y\u0085z\r\n`), 'x\\u202ey\\x85z\\x0d\\x0a');
    assert.equal(displayText('Grüße, 日本, tab\there'), 'Grüße, 日本, tab\there');
  });

  it('the stylish scan report shows the image and OSV text escaped, with and without colour', async () => {
    const args = ['scan', '--oci', layout, '--osv-url', osv.url, '--fail-on', 'never'];
    const plain = await runCliAsync(args, { cwd: work.path, env });
    assert.equal(plain.status, 0, plain.stderr);
    assert.doesNotMatch(plain.stdout, RAW_CONTROL);
    assert.match(plain.stdout, /Debian\\x1b\[2J\\x1b\[H\\u202e 12/);
    assert.match(plain.stdout, /user root\\x1b\]0;all clear\\x07/);
    assert.match(plain.stdout, /DSA-0000-1 .*openssl\\x0d\\x1b\[1A\\x1b\[2Knothing to see/);
    const coloured = await runCliAsync([...args, '--platform', 'linux/amd64'], { cwd: work.path, env: { ...env, FORCE_COLOR: '1' } });
    assert.match(coloured.stdout, /\u001b\[\d+m/, 'colour is on');
    assert.doesNotMatch(coloured.stdout, NOT_SGR);
  });

  it('JSON keeps the exact text, with every control escaped', async () => {
    const run = await runCliAsync(['scan', '--oci', layout, '--osv-url', osv.url, '--fail-on', 'never', '--format', 'json'], { cwd: work.path, env });
    assert.doesNotMatch(run.stdout, RAW_CONTROL);
    const report = JSON.parse(run.stdout) as ScanReport;
    assert.equal(report.image.os?.prettyName, `Debian${CLEAR}${RTL} 12`);
    assert.equal(report.image.user, `root${TITLE}`);
  });

  it('CLI error lines and the progress line escape what they quote', async () => {
    const run = await runCliAsync(['scan', `nginx${CLEAR}:1`], { cwd: work.path, env });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /nginx\\x1b\[2J/);
    assert.doesNotMatch(run.stderr, RAW_CONTROL);
    const written: string[] = [];
    const line = createStatusLine({ cwd: '.', env: {}, stdout: { write: () => true }, stderr: { isTTY: true, columns: 200, write: (text: string) => written.push(text) } });
    line.show(`layers · layer 1/1 of evil${CLEAR}`, true);
    assert.equal(written.join(''), '\r\u001b[Kshipshape: layers · layer 1/1 of evil\\x1b[2J\\x1b[H');
  });

  it('lint output escapes Kubernetes names, in stylish output and in the language server', async () => {
    const manifest = [
      'apiVersion: v1',
      'kind: Pod',
      'metadata:',
      `  name: "web\\e[2J\\e[H"`,
      'spec:',
      '  containers:',
      `    - name: "app\\e]0;ok\\a\\u202e"`,
      '      image: nginx:latest',
      '',
    ].join('\n');
    const file = path.join(work.fresh('k8s'), 'pod.yaml');
    mkdirSync(path.dirname(file), { recursive: true });
    writeFileSync(file, manifest);
    const run = await runCliAsync(['lint', file, '--fail-on', 'never'], { cwd: path.dirname(file), env });
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, /app\\x1b\]0;ok\\x07\\u202e/, 'the container is named, escaped');
    assert.doesNotMatch(run.stdout, RAW_CONTROL);

    const client = new TestClient();
    try {
      const document = await client.open(`file://${file}`, manifest, 'yaml');
      const diagnostics = await client.pull(document.uri);
      const messages = diagnostics.map((diagnostic) => (typeof diagnostic.message === 'string' ? diagnostic.message : diagnostic.message.value));
      assert.ok(messages.some((message) => message.includes('app\\x1b]0;ok\\x07\\u202e')));
      for (const message of messages) assert.doesNotMatch(message, RAW_CONTROL, message);
    } finally {
      client.dispose();
    }
  });
});
