import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { dockerignoreCandidates, readBuildContext } from '../../server/src/host/build-context';
import type { HostFileSystem } from '../../server/src/host/file-system';

const memory = (files: Record<string, string>): HostFileSystem => ({ readTextIfExists: (file) => files[file] });

describe('host/build-context', () => {
  it('looks for <Dockerfile>.dockerignore first, then the context root (Windows paths)', () => {
    assert.deepEqual(dockerignoreCandidates('C:\\src\\app\\api.Dockerfile', path.win32), [
      'C:\\src\\app\\api.Dockerfile.dockerignore',
      'C:\\src\\app\\.dockerignore',
    ]);
  });

  it('prefers the Dockerfile-specific ignore file, as BuildKit does', () => {
    const fileSystem = memory({ '/app/prod.Dockerfile.dockerignore': 'node_modules\n', '/app/.dockerignore': '.git\n' });
    assert.deepEqual(readBuildContext('/app/prod.Dockerfile', fileSystem, path.posix), { dockerignore: 'node_modules\n' });
    assert.deepEqual(readBuildContext('/app/Dockerfile', fileSystem, path.posix), { dockerignore: '.git\n' });
  });

  it('says null when there is none, and nothing when it cannot be read', () => {
    assert.deepEqual(readBuildContext('/app/Dockerfile', memory({}), path.posix), { dockerignore: null });
    const failing: HostFileSystem = {
      readTextIfExists() {
        throw Object.assign(new Error('denied'), { code: 'EACCES' });
      },
    };
    assert.equal(readBuildContext('/app/Dockerfile', failing, path.posix), undefined);
  });
});
