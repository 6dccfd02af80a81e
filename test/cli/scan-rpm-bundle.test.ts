// The built bundle reads sql.js's WebAssembly from its own folder (dist/sql-wasm.wasm, copied there by
// esbuild.mjs): a scan of an image with an rpm database lists the rpm packages. The npm package's copy is
// checked by npm-package.test.ts, the VSIX's by vsix-contents.test.ts.
import assert from 'node:assert/strict';
import { it } from 'node:test';
import { RPM_IMAGE_PACKAGES, writeRpmImageArchive } from '../helpers/rpm-image';
import { scratchFolder } from '../helpers/scratch-folder';
import { runCliAsync } from './helpers';

const scratch = scratchFolder('scan-rpm-bundle');

it('dist/cli.js scan lists the packages of an rpm database', async () => {
  const tar = scratch.fresh('rocky.tar');
  await writeRpmImageArchive(tar);
  const run = await runCliAsync(['scan', '--tar', tar, '--offline', '--format', 'json', '--fail-on', 'never'], { cwd: scratch.path });
  assert.equal(run.status, 0, run.stderr);
  const report = JSON.parse(run.stdout) as { packages: Array<{ name: string; ecosystem: string; version: string }>; problems: unknown[] };
  assert.deepEqual(
    report.packages.filter((pkg) => pkg.ecosystem === 'rpm').map((pkg) => `${pkg.name} ${pkg.version}`),
    RPM_IMAGE_PACKAGES.map((pkg) => `${pkg.name} ${pkg.version}-${pkg.release}`),
  );
  assert.deepEqual(report.problems, []);
});
