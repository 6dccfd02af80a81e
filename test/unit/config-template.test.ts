// The file Create Config File and `shipshape init` write must be valid as written (all commented out) and once uncommented.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseConfigText } from '../../server/src/engine/config';
import { ruleIds, rules } from '../../server/src/rules';
import { configFileTemplate, type TemplateRule } from '../../server/src/config-template';

const summaries: TemplateRule[] = rules.map((rule) => ({ id: rule.meta.id, title: rule.meta.title, defaultSeverity: rule.meta.defaultSeverity }));

/** Removes the `# ` in front of the lines that hold settings (keys and list items), keeping the prose commented. */
function uncomment(text: string): string {
  return text
    .split('\n')
    .map((line) => (/^# ( *)([\w.-]+:(\s|$)|- )/.test(line) ? line.slice(2) : line))
    .join('\n');
}

describe('config file template', () => {
  const text = configFileTemplate(summaries);

  it('changes nothing as written: every setting is commented out', () => {
    const parsed = parseConfigText(text, ruleIds);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(parsed.layer, {});
    for (const line of text.split('\n')) assert.ok(line === '' || line.startsWith('#'), `not commented: ${line}`);
  });

  it('is a valid configuration once uncommented, setting every section', () => {
    const parsed = parseConfigText(uncomment(text), ruleIds);
    assert.deepEqual(parsed.problems, []);
    assert.deepEqual(Object.keys(parsed.layer).sort(), ['exclude', 'images', 'podSecurity', 'preset', 'rules', 'scan', 'secrets']);
  });

  it('lists every rule, sorted, at its default severity, with its title', () => {
    const parsed = parseConfigText(uncomment(text), ruleIds);
    const listed = parsed.layer.rules ?? {};
    assert.deepEqual(Object.keys(listed), [...ruleIds].sort());
    for (const summary of summaries) {
      assert.equal(listed[summary.id], summary.defaultSeverity, summary.id);
      assert.ok(text.includes(`# ${summary.title}\n`), `title of ${summary.id}`);
    }
  });

  it('still shows how to set a rule when the server could not list them', () => {
    const fallback = configFileTemplate([]);
    const parsed = parseConfigText(uncomment(fallback), ruleIds);
    assert.deepEqual(parsed.problems, []);
    assert.equal(Object.keys(parsed.layer.rules ?? {}).length, 1);
  });

  it('uses LF line ends and ends with one newline', () => {
    assert.ok(!text.includes('\r'));
    assert.ok(text.endsWith('\n') && !text.endsWith('\n\n'));
  });
});
