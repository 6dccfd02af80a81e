// A rule that throws must not take the run down: the CLI reports it on stderr, lints everything else,
// and counts it as an error for --fail-on (exit 1) so CI notices; 2 is kept for usage and configuration errors. Runs the CLI in-process with one rule made to throw.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, describe, it } from 'node:test';
import type { CliIo } from '../../server/src/cli/io';
import { runCli } from '../../server/src/cli/run';
import { findRule, ruleIds } from '../../server/src/rules';

describe('cli: a rule that throws', () => {
  const root = mkdtempSync(path.join(tmpdir(), 'shipshape-rule-failure-'));
  after(() => rmSync(root, { recursive: true, force: true }));
  writeFileSync(path.join(root, 'a.Dockerfile'), 'FROM node\n');
  writeFileSync(path.join(root, 'b.Dockerfile'), 'FROM node:latest\n');

  it('is reported on stderr while the other rules and files still run', async () => {
    const broken = findRule('image-tag-latest');
    assert.ok(broken);
    const original = broken.create;
    broken.create = () => {
      throw new Error('boom');
    };
    let stdout = '';
    let stderr = '';
    const io: CliIo = { cwd: root, env: {}, stdout: { write: (text: string) => (stdout += text) }, stderr: { write: (text: string) => (stderr += text) } };
    const keep = new Set(['image-tag-latest', 'syntax-error']);
    const off = [...ruleIds].filter((id) => !keep.has(id)).flatMap((id) => ['--rule', `${id}=off`]);
    let status: number;
    try {
      status = await runCli(['lint', '--format', 'json', ...off], io);
    } finally {
      broken.create = original;
    }
    assert.equal(status, 1);
    assert.match(stderr, /rule image-tag-latest failed on a\.Dockerfile and was skipped there: boom/);
    assert.match(stderr, /rule image-tag-latest failed on b\.Dockerfile/);
    assert.doesNotMatch(stderr, /\n\s+at /, 'no stack trace unless SHIPSHAPE_DEBUG is set');
    const report = JSON.parse(stdout) as { files: Array<{ path: string }>; failures: Array<{ path: string }> };
    assert.deepEqual(report.files.map((file) => file.path), ['a.Dockerfile', 'b.Dockerfile']);
    assert.deepEqual(report.failures.map((failure) => failure.path), ['a.Dockerfile', 'b.Dockerfile']);
  });
});
