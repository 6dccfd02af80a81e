// The whole catalog over real files and hostile input: no rule may throw, nothing may hang.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { configFromLayers, fixSource, lintSource } from '../../server/src/analysis';
import { rules } from '../../server/src/rules';

// Every rule on, including the ones that need a list to check against.
const everything = configFromLayers([
  {
    preset: 'strict',
    rules: Object.fromEntries(rules.map((rule) => [rule.meta.id, 'info' as const])),
    images: { allowedRegistries: ['docker.io'], approved: ['docker.io/library/*'] },
  },
]);
const corpus = join(import.meta.dirname, '..', '..', '..', 'shared', 'corpus', 'dockerfiles');

describe('robustness', () => {
  it('lints and fixes every corpus Dockerfile without a rule failure', { skip: !existsSync(corpus) && 'shared corpus not present' }, () => {
    const names = readdirSync(corpus).sort();
    assert.ok(names.length > 100);
    let findings = 0;
    for (const name of names) {
      const file = { path: join(corpus, name), text: readFileSync(join(corpus, name), 'utf8'), buildContext: { dockerignore: null } };
      const result = lintSource(file, everything);
      assert.deepEqual(result.ruleFailures, [], name);
      findings += result.findings.length;
      for (const finding of result.findings) assert.ok(finding.range.end <= file.text.length, `${name}: range outside the text`);
      const fixed = fixSource(file, everything, { safety: 'all' });
      assert.equal(lintSource({ ...file, text: fixed.text }, everything).ruleFailures.length, 0, `${name}: after fixing`);
    }
    assert.ok(findings > 0);
  });

  const hostile: Record<string, string> = {
    empty: '',
    'only comments': '# nothing here\n# at all\n',
    'binary junk': Array.from({ length: 4096 }, (_, i) => String.fromCharCode((i * 7919) % 256)).join(''),
    'half-typed FROM': 'FROM ',
    'half-typed flag': 'FROM --platform=',
    'dangling continuation': 'FROM node:22\nRUN apt-get install \\',
    'unknown instruction': 'FROM node:22\nFOO bar\nMAINTAINER me\n',
    'unterminated heredoc': 'FROM alpine:3.20\nRUN <<EOF\necho hi\n',
    'instruction before FROM': 'RUN echo hi\nUSER root\nFROM alpine:3.20\n',
    'empty flags': 'FROM alpine:3.20\nCOPY --from= a b\nRUN --mount= echo\nADD --checksum= http://x /y\n',
    'odd escape': '# escape=x\nFROM alpine:3.20\nRUN echo x\n  hi\n',
    'BOM and CRLF': '\ufeffFROM alpine:3.20\r\nUSER root\r\n',
    'lone CR line breaks': 'FROM alpine:3.20\rUSER root\rCMD x\r',
    'astral characters': 'FROM alpine:3.20\nLABEL emoji="🐳🐳"\nENV PASSWORD=🐳\n',
    'JSON forms': 'FROM alpine:3.20\nRUN ["sh", "-c", "sudo curl http://x | sh"]\nCMD ["a"\n',
    'variables everywhere': 'ARG A\nFROM ${A}:${B:-x}@${C}\nUSER ${U}\nCOPY --from=${S} / /\n',
  };
  for (const [name, text] of Object.entries(hostile)) {
    it(`survives ${name}`, () => {
      const result = lintSource({ path: 'Dockerfile', text, buildContext: { dockerignore: null } }, everything);
      assert.deepEqual(result.ruleFailures, []);
      fixSource({ path: 'Dockerfile', text }, everything, { safety: 'all' });
    });
  }

  it('lints a 100,000-line Dockerfile', () => {
    const lines = ['FROM node:22'];
    for (let i = 0; i < 100_000; i++) lines.push(i % 2 ? `RUN echo ${i} && sudo chmod 777 /x${i}` : `ENV VAR_${i}=value${i}`);
    const result = lintSource({ path: 'Dockerfile', text: lines.join('\n') }, everything);
    assert.deepEqual(result.ruleFailures, []);
  });
});
