import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandLineLayer, configLayers } from '../../server/src/cli/lint-command';
import { resolveConfig } from '../../server/src/engine/config';
import type { RuleMeta } from '../../server/src/engine/rule';
import type { ConfigFile } from '../../server/src/host/config-files';

const meta = (id: string, defaultSeverity: RuleMeta['defaultSeverity'], strictSeverity?: RuleMeta['strictSeverity']): RuleMeta => ({
  id,
  title: id,
  appliesTo: ['dockerfile'],
  category: 'images',
  defaultSeverity,
  ...(strictSeverity ? { strictSeverity } : {}),
  securitySeverity: 'low',
  docs: { rationale: '', remediation: '', examples: [], references: [] },
});
const RULES = [meta('pinned', 'info', 'warning'), meta('tagged', 'warning'), meta('health', 'off', 'info')];
const file = (layer: ConfigFile['layer']): ConfigFile => ({ path: '/p/.shipshape.yaml', folder: '/p', layer, problems: [] });
type Flags = Parameters<typeof commandLineLayer>[0];
const none: Flags = { preset: undefined, rules: {}, pssLevel: undefined, pssVersion: undefined };

describe('cli configuration precedence', () => {
  it('rule defaults < preset < .shipshape.yaml < command line', () => {
    const severities = (config: ConfigFile | null, flags: Partial<Flags>) =>
      Object.fromEntries(resolveConfig(RULES, configLayers(config, commandLineLayer({ ...none, ...flags }))).severities);

    assert.deepEqual(severities(null, {}), { pinned: 'info', tagged: 'warning', health: 'off' });
    assert.deepEqual(severities(file({ preset: 'strict' }), {}), { pinned: 'warning', tagged: 'warning', health: 'info' });
    // The file's own rule settings beat a preset, whoever sets the preset.
    assert.deepEqual(severities(file({ preset: 'strict', rules: { pinned: 'error' } }), { preset: 'recommended' }), {
      pinned: 'error',
      tagged: 'warning',
      health: 'off',
    });
    assert.deepEqual(severities(file({ rules: { tagged: 'error', health: 'warning' } }), { rules: { tagged: 'info' } }), {
      pinned: 'info',
      tagged: 'info',
      health: 'warning',
    });
  });

  it('puts --pss-level and --pss-version above the file', () => {
    const resolved = resolveConfig(RULES, configLayers(file({ podSecurity: { level: 'restricted', version: 'v1.29' } }), commandLineLayer({ ...none, pssLevel: 'baseline' })));
    assert.deepEqual(resolved.podSecurity, { level: 'baseline', version: 'v1.29' });
  });
});
