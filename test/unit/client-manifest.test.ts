// The extension manifest (package.json) against the code: commands, settings, grammar, schema, icon, and the
// generated `shipshape.rules` setting.
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { inflateSync } from 'node:zlib';
import { PSS_VERSION_PATTERN, SEVERITIES } from '../../server/src/engine/config';
import { normalizeSettings } from '../../server/src/lsp/settings';
import { ClientCommands, DEFAULT_SETTINGS } from '../../server/src/protocol';
import { ruleIds, rules } from '../../server/src/rules';
import { packageJsonWithRuleSettings, ROOT } from '../../scripts/gen';
import { crc32, encodePng, ICON_SIZE, renderIcon } from '../../scripts/make-icon';

interface SettingSchema {
  type?: string;
  enum?: string[];
  default?: unknown;
  scope?: string;
  pattern?: string;
  description?: string;
  markdownDescription?: string;
  properties?: Record<string, SettingSchema>;
  additionalProperties?: boolean;
}

interface Manifest {
  main: string;
  icon: string;
  categories: string[];
  engines: { vscode: string };
  devDependencies: Record<string, string>;
  extensionKind: string[];
  activationEvents: string[];
  capabilities: {
    untrustedWorkspaces: { supported: string | boolean; description: string; restrictedConfigurations?: string[] };
    virtualWorkspaces: { supported: string | boolean; description: string } | boolean;
  };
  contributes: {
    commands: Array<{ command: string; title: string; category: string }>;
    menus: { commandPalette: Array<{ command: string; when: string }> };
    configuration: { title: string; properties: Record<string, SettingSchema> };
    languages: Array<{ id: string; filenames?: string[]; extensions?: string[]; filenamePatterns?: string[] }>;
    grammars: Array<{ path: string }>;
    yamlValidation: Array<{ fileMatch: string[]; url: string }>;
  };
}

const manifestText = readFileSync(join(ROOT, 'package.json'), 'utf8');
const manifest = JSON.parse(manifestText) as Manifest;
const settings = manifest.contributes.configuration.properties;
const extensionSource = readFileSync(join(ROOT, 'client', 'src', 'extension.ts'), 'utf8');

/** `shipshape.<path>` → default, for every field of the settings the server reads (`rules` as a whole). */
function settingLeaves(value: Record<string, unknown>, prefix = 'shipshape'): Map<string, unknown> {
  const leaves = new Map<string, unknown>();
  for (const [key, child] of Object.entries(value)) {
    const path = `${prefix}.${key}`;
    if (key !== 'rules' && typeof child === 'object' && child !== null && !Array.isArray(child)) {
      for (const [leaf, leafDefault] of settingLeaves(child as Record<string, unknown>, path)) leaves.set(leaf, leafDefault);
    } else leaves.set(path, child);
  }
  return leaves;
}

/** `{ a: { b: value } }` for the setting `shipshape.a.b`, as VS Code hands the section to the server. */
function rawSettings(setting: string, value: unknown): Record<string, unknown> {
  const path = setting.split('.').slice(1);
  return path.reduceRight<unknown>((inner, key) => ({ [key]: inner }), value) as Record<string, unknown>;
}

describe('extension manifest: entry and platform', () => {
  it('starts the bundled client on the workspace side', () => {
    assert.equal(manifest.main, './dist/client.js');
    assert.deepEqual(manifest.extensionKind, ['workspace']);
    assert.ok(manifest.categories.includes('Linters'));
  });

  it('targets the VS Code API it is typechecked against', () => {
    const engine = /^\^(\d+\.\d+)\.\d+$/.exec(manifest.engines.vscode)?.[1];
    const types = /^~(\d+\.\d+)\.\d+$/.exec(manifest.devDependencies['@types/vscode'] ?? '')?.[1];
    assert.ok(engine && types, `engines.vscode ${manifest.engines.vscode}, @types/vscode ${manifest.devDependencies['@types/vscode']}`);
    assert.equal(types, engine);
  });

  it('activates for Dockerfiles, YAML and projects with a Shipshape configuration', () => {
    for (const event of ['onLanguage:dockerfile', 'onLanguage:yaml', 'workspaceContains:**/.shipshape.yaml', 'workspaceContains:**/Dockerfile']) {
      assert.ok(manifest.activationEvents.includes(event), event);
    }
  });

  it('declares limited support for untrusted and virtual workspaces, restricting only real settings', () => {
    const untrusted = manifest.capabilities.untrustedWorkspaces;
    assert.equal(untrusted.supported, 'limited');
    assert.match(untrusted.description, /contacts no registry, runs no program and reads no credentials/);
    for (const setting of untrusted.restrictedConfigurations ?? []) assert.ok(settings[setting], setting);
    const virtual = manifest.capabilities.virtualWorkspaces;
    assert.ok(typeof virtual === 'object' && virtual.supported === 'limited' && virtual.description.length > 0);
  });
});

describe('extension manifest: commands', () => {
  const ids = new Set<string>(Object.values(ClientCommands));

  it('contributes only known commands, all in the Shipshape category', () => {
    for (const command of manifest.contributes.commands) {
      assert.ok(ids.has(command.command), command.command);
      assert.equal(command.category, 'Shipshape');
      assert.ok(command.title.length > 0 && !command.title.startsWith('Shipshape'), command.title);
    }
  });

  it('registers every contributed command and contributes every registered one', () => {
    const registered = [...extensionSource.matchAll(/registerCommand\(ClientCommands\.(\w+)/g)].map((m) => ClientCommands[m[1] as keyof typeof ClientCommands]);
    assert.deepEqual([...registered].sort(), manifest.contributes.commands.map((c) => c.command).sort());
  });

  it('limits palette entries to contributed commands', () => {
    const contributed = new Set(manifest.contributes.commands.map((c) => c.command));
    for (const entry of manifest.contributes.menus.commandPalette) assert.ok(contributed.has(entry.command), entry.command);
  });
});

describe('extension manifest: settings', () => {
  const leaves = settingLeaves(DEFAULT_SETTINGS as unknown as Record<string, unknown>);

  it('declares every setting the server reads, with the server\'s default', () => {
    for (const [setting, defaultValue] of leaves) {
      assert.ok(settings[setting], `package.json lacks ${setting}`);
      assert.deepEqual(settings[setting]?.default, defaultValue, setting);
    }
  });

  it('declares no setting the server does not read, besides the trace', () => {
    for (const setting of Object.keys(settings)) assert.ok(leaves.has(setting) || setting === 'shipshape.trace.server', setting);
    assert.deepEqual(settings['shipshape.trace.server']?.enum, ['off', 'messages', 'verbose']);
  });

  it('offers only values the server accepts', () => {
    for (const [setting, schema] of Object.entries(settings)) {
      if (!leaves.has(setting) || setting === 'shipshape.rules') continue;
      const samples = schema.enum ?? (schema.default === undefined ? [] : [schema.default]);
      for (const value of samples) {
        const { warnings } = normalizeSettings(rawSettings(setting, value), ruleIds);
        assert.deepEqual(warnings, [], `${setting} = ${JSON.stringify(value)}`);
      }
    }
    assert.equal(settings['shipshape.podSecurity.version']?.pattern, PSS_VERSION_PATTERN.source);
  });

  it('scopes per-folder settings as resource, so multi-root workspaces can differ', () => {
    for (const [setting, schema] of Object.entries(settings)) {
      if (setting.startsWith('shipshape.scan.') || setting === 'shipshape.trace.server') continue;
      assert.equal(schema.scope, 'resource', setting);
    }
  });

  it('names, in the help of a list that switches a rule on, the rule it switches on', () => {
    for (const rule of rules) {
      if (!rule.meta.enabledBy) continue;
      assert.match(settings[`shipshape.${rule.meta.enabledBy}`]?.markdownDescription ?? '', new RegExp(`\`${rule.meta.id}\``));
    }
  });

  it('has one generated property per rule under shipshape.rules', () => {
    const rulesSetting = settings['shipshape.rules'];
    assert.equal(rulesSetting?.type, 'object');
    assert.equal(rulesSetting?.additionalProperties, false);
    assert.deepEqual(Object.keys(rulesSetting?.properties ?? {}), [...ruleIds].sort());
    for (const rule of rules) {
      const property: SettingSchema | undefined = rulesSetting?.properties?.[rule.meta.id];
      assert.deepEqual(property?.enum, [...SEVERITIES]);
      assert.equal(property?.description, rule.meta.title);
      assert.match(property?.markdownDescription ?? '', new RegExp(`\\(https://\\S+/${rule.meta.id}\\.md\\)`));
    }
  });
});

describe('extension manifest: files it points at', () => {
  it('associates the Dockerfile names VS Code does not know with the dockerfile language', () => {
    const dockerfile = manifest.contributes.languages.find((language) => language.id === 'dockerfile');
    assert.ok(dockerfile?.filenames?.includes('Containerfile'));
    assert.ok(dockerfile?.extensions?.includes('.containerfile'));
    for (const pattern of ['*.Dockerfile', 'Dockerfile.*', 'Containerfile.*']) assert.ok(dockerfile?.filenamePatterns?.includes(pattern), pattern);
    // `Dockerfile.*` would claim `Dockerfile.dockerignore`; the longer pattern keeps it an ignore file.
    const ignore = manifest.contributes.languages.find((language) => language.id === 'ignore');
    assert.ok(ignore?.filenamePatterns?.includes('*.dockerignore'));
  });

  it('registers the generated schema for .shipshape.yaml and .shipshape.yml', () => {
    const [validation] = manifest.contributes.yamlValidation;
    assert.deepEqual(validation?.fileMatch, ['.shipshape.yaml', '.shipshape.yml']);
    assert.ok(existsSync(join(ROOT, validation?.url ?? 'missing')));
  });

  it('ships the grammar and the icon it names', () => {
    for (const grammar of manifest.contributes.grammars) assert.ok(existsSync(join(ROOT, grammar.path)), grammar.path);
    const icon = readFileSync(join(ROOT, manifest.icon));
    assert.deepEqual([...icon.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
    assert.equal(icon.subarray(12, 16).toString('latin1'), 'IHDR');
    assert.equal(icon.readUInt32BE(16), 128);
    assert.equal(icon.readUInt32BE(20), 128);
  });
});

describe('icon script', () => {
  it('computes PNG checksums', () => {
    assert.equal(crc32(Buffer.from('IEND', 'latin1')), 0xae426082);
  });

  it('writes a valid RGBA PNG whose pixels round-trip', () => {
    const rows = renderIcon(16);
    const png = encodePng(16, 16, rows);
    const idatLength = png.readUInt32BE(33);
    assert.equal(png.subarray(37, 41).toString('latin1'), 'IDAT');
    assert.deepEqual(inflateSync(png.subarray(41, 41 + idatLength)), rows);
    assert.equal(png.readUInt32BE(41 + idatLength), crc32(png.subarray(37, 41 + idatLength)));
    assert.equal(png.subarray(png.length - 8, png.length - 4).toString('latin1'), 'IEND');
  });

  it('draws a shape with transparent corners and an opaque middle', () => {
    const rows = renderIcon(ICON_SIZE);
    const alpha = (x: number, y: number): number => rows[y * (1 + ICON_SIZE * 4) + 1 + x * 4 + 3] ?? -1;
    assert.equal(alpha(0, 0), 0);
    assert.equal(alpha(ICON_SIZE - 1, ICON_SIZE - 1), 0);
    assert.equal(alpha(ICON_SIZE / 2, ICON_SIZE / 2), 255);
  });
});

describe('generated shipshape.rules setting', () => {
  const metas = rules.map((rule) => rule.meta);
  const minimal = `${JSON.stringify({ name: 'x', contributes: { configuration: { title: 'X', properties: { 'shipshape.enable': { type: 'boolean' }, 'shipshape.rules': {}, 'shipshape.z': {} } } }, version: '1' }, null, 2)}\n`;

  it('fills in the rules setting where it stands and keeps every other field and its order', () => {
    const result = packageJsonWithRuleSettings(minimal, metas);
    assert.ok(result && 'text' in result);
    const parsed = JSON.parse(result.text) as { contributes: { configuration: { properties: Record<string, SettingSchema> } } };
    assert.deepEqual(Object.keys(parsed), ['name', 'contributes', 'version']);
    assert.deepEqual(Object.keys(parsed.contributes.configuration.properties), ['shipshape.enable', 'shipshape.rules', 'shipshape.z']);
    assert.deepEqual(Object.keys(parsed.contributes.configuration.properties['shipshape.rules']?.properties ?? {}), [...ruleIds].sort());
    assert.ok(result.text.endsWith('}\n') && result.text.includes('\n  "contributes": {\n'));
  });

  it('is stable: a second run changes nothing', () => {
    const once = packageJsonWithRuleSettings(minimal, metas);
    assert.ok(once && 'text' in once);
    assert.deepEqual(packageJsonWithRuleSettings(once.text, metas), once);
  });

  it('finds the setting in a configuration given as an array of sections', () => {
    const sections = JSON.stringify({ contributes: { configuration: [{ properties: { a: {} } }, { properties: { 'shipshape.rules': {} } }] } });
    const result = packageJsonWithRuleSettings(sections, metas);
    assert.ok(result && 'text' in result);
  });

  it('refuses to guess where the setting goes, and reports broken JSON', () => {
    const without = packageJsonWithRuleSettings(JSON.stringify({ contributes: { configuration: { properties: {} } } }), metas);
    assert.ok(without && 'error' in without);
    assert.match(without.error, /no contributes\.configuration property "shipshape\.rules"/);
    const broken = packageJsonWithRuleSettings('{ "name": ', metas);
    assert.ok(broken && 'error' in broken);
    assert.match(broken.error, /not valid JSON/);
  });

  it('has nothing to do without a package.json', () => {
    assert.equal(packageJsonWithRuleSettings(undefined, metas), undefined);
  });
});
