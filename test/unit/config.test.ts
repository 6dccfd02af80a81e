import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromLayers } from '../../server/src/analysis';
import { parseConfigText } from '../../server/src/engine/config';
import { ruleIds } from '../../server/src/rules';

describe('parseConfigText', () => {
  it('reads every documented section', () => {
    const text = [
      'preset: strict',
      'rules:',
      '  image-tag-latest: error',
      'images:',
      '  allowedRegistries: [docker.io, "*.azurecr.io"]',
      '  approved:',
      '    - "gcr.io/distroless/*"',
      'podSecurity: { level: baseline, version: v1.29 }',
      'secrets:',
      '  allowNames: [PUBLIC_KEY_URL]',
      'scan:',
      '  osvUrl: https://osv.example.internal',
      '  insecureRegistries: ["registry.lab:5000"]',
      '  platform: linux/arm64',
      '  scanTimeout: 600',
      '  blobTimeout: 90.5',
      '  minTransferRate: 0',
      'exclude: ["vendor/**"]',
    ].join('\n');
    const { layer, problems } = parseConfigText(text, ruleIds);
    assert.deepEqual(problems, []);
    assert.deepEqual(layer, {
      preset: 'strict',
      rules: { 'image-tag-latest': 'error' },
      images: { allowedRegistries: ['docker.io', '*.azurecr.io'], approved: ['gcr.io/distroless/*'] },
      podSecurity: { level: 'baseline', version: 'v1.29' },
      secrets: { allowNames: ['PUBLIC_KEY_URL'] },
      scan: { osvUrl: 'https://osv.example.internal', insecureRegistries: ['registry.lab:5000'], platform: 'linux/arm64', scanTimeout: 600, blobTimeout: 90.5, minTransferRate: 0 },
      exclude: ['vendor/**'],
    });
  });

  it('checks the scan deadlines and minimum rate', () => {
    const text = 'scan:\n  scanTimeout: 0\n  blobTimeout: soon\n  minTransferRate: -5\n';
    const { problems, layer } = parseConfigText(text, ruleIds);
    assert.deepEqual(
      problems.map((p) => [text.slice(p.range.start, p.range.end), p.message]),
      [
        ['0', 'scan.scanTimeout must be a number of seconds greater than 0'],
        ['soon', 'scan.blobTimeout must be a number of seconds greater than 0'],
        ['-5', 'scan.minTransferRate must be a number of bytes per second (0 turns the check off)'],
      ],
    );
    assert.deepEqual(layer.scan, {});
  });

  it('accepts an empty file', () => {
    assert.deepEqual(parseConfigText('', ruleIds), { layer: {}, problems: [] });
    assert.deepEqual(parseConfigText('# only a comment\n', ruleIds).problems, []);
  });

  it('reports each problem at its position', () => {
    const text = 'preset: loose\nrules:\n  no-such-rule: off\n  image-tag-latest: fatal\nunknown: 1\npodSecurity:\n  version: v2.0\n';
    const { problems } = parseConfigText(text, ruleIds);
    const at = problems.map((p) => [text.slice(p.range.start, p.range.end), p.message.split(';')[0]]);
    assert.deepEqual(at, [
      ['loose', 'preset must be one of recommended, strict'],
      ['no-such-rule', 'unknown rule id "no-such-rule"'],
      ['fatal', 'severity of "image-tag-latest" must be one of error, warning, info, off'],
      ['unknown', 'unknown key "unknown"'],
      ['v2.0', 'podSecurity.version must be latest or v1.0 … v1.37'],
    ]);
  });

  it('reports YAML syntax errors and non-mapping roots without throwing', () => {
    assert.match(parseConfigText('rules: [unclosed', ruleIds).problems[0]?.message ?? '', /./);
    assert.match(parseConfigText('- a\n- b\n', ruleIds).problems[0]?.message ?? '', /mapping/);
    assert.match(parseConfigText('a: 1\na: 2\n', ruleIds).problems[0]?.message ?? '', /./);
    assert.match(parseConfigText('\u0000\u0001', ruleIds).problems[0]?.message ?? '', /./);
  });
});

describe('resolveConfig precedence', () => {
  it('defaults < preset < editor settings < project file < command line', () => {
    assert.equal(configFromLayers([]).severities.get('image-tag-latest'), 'warning');
    const editor = { rules: { 'image-tag-latest': 'info' as const } };
    const project = { rules: { 'image-tag-latest': 'error' as const } };
    const cli = { rules: { 'image-tag-latest': 'off' as const } };
    assert.equal(configFromLayers([editor]).severities.get('image-tag-latest'), 'info');
    assert.equal(configFromLayers([editor, project]).severities.get('image-tag-latest'), 'error');
    assert.equal(configFromLayers([editor, project, cli]).severities.get('image-tag-latest'), 'off');
  });

  it('strict turns info into warning unless the rule says otherwise', () => {
    assert.equal(configFromLayers([]).severities.get('suppression-unused'), 'info');
    assert.equal(configFromLayers([{ preset: 'strict' }]).severities.get('suppression-unused'), 'info');
    assert.equal(configFromLayers([{ preset: 'strict' }]).severities.get('image-tag-latest'), 'warning');
  });

  it('takes the last layer that sets a list or a level', () => {
    const config = configFromLayers([
      { images: { allowedRegistries: ['docker.io'] }, podSecurity: { level: 'baseline' } },
      { images: { allowedRegistries: ['ghcr.io'] } },
    ]);
    assert.deepEqual(config.settings.images.allowedRegistries, ['ghcr.io']);
    assert.equal(config.podSecurity.level, 'baseline');
    assert.equal(config.podSecurity.version, 'latest');
  });
});
