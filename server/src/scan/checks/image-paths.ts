// Reading paths of the image's file system, which the layer reader gives as POSIX paths without the
// leading slash ("etc/passwd"), whatever system the scan runs on.
import { posix } from 'node:path';

/** "etc/passwd" for "/etc/passwd", "./etc/passwd" or "etc//passwd". */
export function normaliseImagePath(path: string): string {
  // Layer readers give clean paths almost always; only the others pay for normalising.
  if (!/^[/.]|\/\/|\/\.|\/$/.test(path)) return path;
  return posix.normalize(`/${path}`).replace(/^\/+/, '').replace(/\/$/, '');
}

export function baseName(path: string): string {
  return path.slice(path.lastIndexOf('/') + 1);
}

/** Whether the path ends with these segments: `endsWithSegments("root/.aws/credentials", ".aws", "credentials")`. */
export function endsWithSegments(path: string, ...tail: string[]): boolean {
  const segments = path.split('/');
  if (segments.length < tail.length) return false;
  const offset = segments.length - tail.length;
  return tail.every((segment, index) => segments[offset + index] === segment);
}

/** Folders of installed third-party code: language package stores and vendored dependencies. */
const PACKAGE_TREE_SEGMENTS = new Set(['node_modules', 'site-packages', 'dist-packages', 'gems', 'vendor', 'bower_components']);

/** Folders that hold a package's tests, examples or documentation rather than what it runs. */
const SAMPLE_SEGMENTS = new Set([
  'test', 'tests', 'testdata', 'test-data', 'test_data', 'testing', '__tests__', 'spec', 'specs',
  'fixtures', 'fixture', '__fixtures__', 'example', 'examples', 'sample', 'samples', 'demo', 'demos', 'doc', 'docs',
]);

/**
 * Files that packages ship as test data, examples or documentation: `usr/share/doc/**`, and anything in a
 * test or example folder of installed code (`node_modules/**`, `site-packages/**`, Go's module cache and
 * sources, everything under `usr/`). Many packages carry throwaway keys and sample credential files for their
 * own tests (Go's `crypto/tls/testdata`, `node_modules/<package>/test/fixtures/server.key`, Twisted's `test/server.pem`);
 * reporting them would bury the keys that the image's author put there. An application's own test folder
 * outside those trees is still checked, because it was copied in by whoever built the image.
 */
export function isPackagedSampleData(path: string): boolean {
  if (path.startsWith('usr/share/doc/')) return true;
  const segments = path.split('/');
  const directories = segments.slice(0, -1);
  if (!directories.some((segment) => SAMPLE_SEGMENTS.has(segment))) return false;
  if (segments[0] === 'usr') return true;
  if (directories.some((segment) => PACKAGE_TREE_SEGMENTS.has(segment))) return true;
  // Go's module cache: `<GOPATH>/pkg/mod/...`.
  return directories.some((segment, index) => segment === 'pkg' && directories[index + 1] === 'mod');
}
