import assert from 'node:assert/strict';
import path from 'node:path';
import { describe, it } from 'node:test';
import { configFromLayers } from '../../server/src/analysis';
import { parseConfigText } from '../../server/src/engine/config';
import { parseImageReference } from '../../server/src/engine/image-reference';
import { requiresSignature } from '../../server/src/engine/signature-policy';
import { parseConfigFile } from '../../server/src/host/config-files';
import { ruleIds } from '../../server/src/rules';

const POLICY = [
  'images:',
  '  signatures:',
  '    require: ["ghcr.io/acme/*", "python:3.*"]',
  '    keys: [keys/cosign.pub]',
  '    identities:',
  '      - issuer: https://token\\.actions\\.githubusercontent\\.com',
  '        subject: https://github\\.com/acme/.+',
].join('\n');

function reference(text: string) {
  const parsed = parseImageReference(text);
  assert.ok(parsed.ok);
  return parsed.reference;
}

describe('images.signatures', () => {
  it('reads require globs, keys and identities', () => {
    const { layer, problems } = parseConfigText(POLICY, ruleIds);
    assert.deepEqual(problems, []);
    const config = configFromLayers([layer]);
    assert.deepEqual(config.signatures.require, ['ghcr.io/acme/*', 'python:3.*']);
    assert.deepEqual(config.signatures.identities, [{ issuer: 'https://token\\.actions\\.githubusercontent\\.com', subject: 'https://github\\.com/acme/.+' }]);
    assert.equal(requiresSignature(config.signatures, reference('ghcr.io/acme/api:1')), true);
    assert.equal(requiresSignature(config.signatures, reference('docker.io/library/python:3.12')), true);
    assert.equal(requiresSignature(config.signatures, reference('nginx:1.27')), false);
  });

  it('resolves key paths against the configuration file, on Windows too', () => {
    const posix = parseConfigFile('/repo/.shipshape.yaml', POLICY, ruleIds, path.posix);
    assert.deepEqual(posix.layer.images?.signatures?.keys, ['/repo/keys/cosign.pub']);
    const windows = parseConfigFile('C:\\repo\\.shipshape.yaml', POLICY, ruleIds, path.win32);
    assert.deepEqual(windows.layer.images?.signatures?.keys, ['C:\\repo\\keys\\cosign.pub']);
  });

  it('names what is wrong with a bad policy', () => {
    const text = ['images:', '  signatures:', '    require: maybe', '    keys: cosign.pub', '    identities:', '      - issuer: "("', '        subject: x', '      - issuer: x', '    trust: all'].join('\n');
    const messages = parseConfigText(text, ruleIds).problems.map((problem) => problem.message);
    assert.deepEqual(messages, [
      'images.signatures.require must be true, false or a list of image globs',
      'images.signatures.keys must be a list of paths to PEM public keys',
      '"(" is not a valid regular expression',
      'each images.signatures.identities entry must have exactly issuer and subject, both strings',
      'unknown key "images.signatures.trust"; expected require, keys, identities',
    ]);
  });
});
