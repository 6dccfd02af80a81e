// `ignore:` entries of .shipshape.yaml, "did you mean" for mistyped keys, and matching entries to files.
import assert from 'node:assert/strict';
import nodePath from 'node:path';
import { describe, it } from 'node:test';
import { configFromLayers, lintSource } from '../../server/src/analysis';
import { parseConfigText } from '../../server/src/engine/config';
import { configIgnoresFor } from '../../server/src/host/config-ignores';
import { parseConfigFile } from '../../server/src/host/config-files';
import { ruleIds } from '../../server/src/rules';

describe('.shipshape.yaml ignore entries', () => {
  it('parse rule, paths (a list or one glob) and reason', () => {
    const text = 'ignore:\n  - rule: privileged\n    paths: ["vendor/charts/**"]\n    reason: upstream chart, patched at deploy\n  - rule: image-digest\n    paths: "*.generated.yaml"\n  - rule: resource-limits\n';
    const { layer, problems } = parseConfigText(text, ruleIds);
    assert.deepEqual(problems, []);
    assert.deepEqual(layer.ignore, [
      { rule: 'privileged', index: 0, paths: ['vendor/charts/**'], reason: 'upstream chart, patched at deploy' },
      { rule: 'image-digest', index: 1, paths: ['*.generated.yaml'] },
      { rule: 'resource-limits', index: 2 },
    ]);
  });

  it('report each bad entry at its position and keep the good ones', () => {
    const text = 'ignore:\n  - rule: privilegd\n  - rule: sudo\n    path: [x]\n  - rule: sudo\n    paths: []\n  - rule: image-digest\n    paths: [vendor]\n';
    const { layer, problems } = parseConfigText(text, ruleIds);
    const at = problems.map((p) => [text.slice(p.range.start, p.range.end), p.message]);
    assert.deepEqual(at, [
      ['privilegd', 'unknown rule id "privilegd"; did you mean "privileged"?'],
      ['path', 'unknown key "ignore[1].path"; did you mean "paths"?'],
      ['[]', 'ignore[2].paths is empty, so the entry would silence sudo nowhere; leave paths out to silence it everywhere'],
    ]);
    assert.deepEqual(layer.ignore, [{ rule: 'image-digest', index: 3, paths: ['vendor'] }]);
  });

  it('suggest the key meant for typos at every level', () => {
    const text = 'rulez:\n  sudo: off\npodSecurity:\n  levle: baseline\nrules:\n  image-tag-lates: off\n';
    const { layer, problems } = parseConfigText(text, ruleIds);
    assert.deepEqual(problems.map((p) => p.message), [
      'unknown key "rulez"; did you mean "rules"?',
      'unknown key "podSecurity.levle"; did you mean "level"?',
      'unknown rule id "image-tag-lates"; did you mean "image-tag-latest"?',
    ]);
    assert.deepEqual(layer.podSecurity, {}, 'the valid parts are kept (none here)');
  });

  it('apply to the files their globs match, relative to the config folder (Windows paths too)', () => {
    for (const pathApi of [nodePath.posix, nodePath.win32]) {
      const root = pathApi === nodePath.win32 ? 'C:\\repo' : '/repo';
      const config = parseConfigFile(pathApi.join(root, '.shipshape.yaml'), 'ignore:\n  - rule: privileged\n    paths: [vendor/charts]\n    reason: upstream\n  - rule: sudo\n', ruleIds, pathApi);
      const inVendor = configIgnoresFor(config, pathApi.join(root, 'vendor', 'charts', 'agent', 'daemonset.yaml'), pathApi);
      assert.deepEqual(inVendor.map((ignore) => ignore.ruleId), ['privileged', 'sudo'], pathApi === nodePath.win32 ? 'win32' : 'posix');
      assert.equal(inVendor[0]?.reason, 'upstream');
      assert.equal(inVendor[0]?.directive, '.shipshape.yaml ignore[0]: privileged in vendor/charts');
      assert.deepEqual(configIgnoresFor(config, pathApi.join(root, 'deploy', 'app.yaml'), pathApi).map((ignore) => ignore.ruleId), ['sudo']);
      assert.deepEqual(configIgnoresFor(config, pathApi.join(pathApi === nodePath.win32 ? 'D:\\' : '/elsewhere', 'app.yaml'), pathApi), []);
    }
  });

  it('silence the rule in the engine as a suppression the reports can name', () => {
    const text = 'apiVersion: v1\nkind: Pod\nmetadata: {name: agent}\nspec:\n  containers:\n    - name: agent\n      image: busybox:1.36\n      securityContext: {privileged: true}\n';
    const result = lintSource(
      { path: 'vendor/agent.yaml', text, configIgnores: [{ ruleId: 'privileged', reason: 'upstream', directive: '.shipshape.yaml ignore[0]: privileged in vendor' }] },
      configFromLayers([]),
    );
    assert.equal(result.findings.filter((f) => f.ruleId === 'privileged').length, 0);
    const suppressed = result.suppressed.find((f) => f.ruleId === 'privileged');
    assert.deepEqual(suppressed?.suppressedBy, { tool: 'config', directive: '.shipshape.yaml ignore[0]: privileged in vendor' });
    assert.equal(suppressed?.justification, 'upstream');
  });
});
