// The suppression-comment grammar, checked with JavaScript regular expressions standing in for Oniguruma
// (`\G`, the position right after a YAML comment's `#`, becomes the start of the comment's content). The ids
// it highlights must be the ids the engine reads from the same comment.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseSuppression } from '../../server/src/engine/suppressions';
import { ROOT } from '../../scripts/gen';

interface Capture {
  name?: string;
  patterns?: Array<{ include: string }>;
}
interface Rule {
  match: string;
  name?: string;
  captures?: Record<string, Capture>;
}
interface Grammar {
  scopeName: string;
  injectionSelector: string;
  patterns: Array<{ include: string }>;
  repository: Record<string, Rule & { patterns?: Rule[] }>;
}

const GRAMMAR_PATH = 'syntaxes/shipshape-suppressions.injection.tmLanguage.json';
const grammar = JSON.parse(readFileSync(join(ROOT, GRAMMAR_PATH), 'utf8')) as Grammar;
const manifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')) as {
  contributes: { grammars: Array<{ scopeName: string; path: string; injectTo?: string[] }> };
};

interface Token {
  text: string;
  scope: string;
}

function toJs(source: string): RegExp {
  return new RegExp(source.replace(/\\G/g, '^'), 'dg');
}

/** The body patterns applied from `start` on, earliest match first and ties to the first pattern, as TextMate does. */
function tokenizeBody(line: string, start: number, end: number): Token[] {
  const patterns = grammar.repository['suppression-body']?.patterns ?? [];
  const tokens: Token[] = [];
  let position = start;
  while (position < end) {
    let best: { match: RegExpExecArray; rule: Rule } | undefined;
    for (const rule of patterns) {
      const regex = toJs(rule.match);
      regex.lastIndex = position;
      const match = regex.exec(line.slice(0, end));
      if (match && (!best || match.index < best.match.index)) best = { match, rule };
    }
    if (!best || best.match[0].length === 0) break;
    tokens.push({ text: best.match[0], scope: best.rule.name ?? '' });
    position = best.match.index + best.match[0].length;
  }
  return tokens;
}

/** Tokens of one rule matched against `text` at its start: the named captures, and the body's tokens. */
function apply(ruleName: string, text: string): Token[] | undefined {
  const rule = grammar.repository[ruleName];
  assert.ok(rule, ruleName);
  const regex = toJs(rule.match);
  const match = regex.exec(text);
  if (!match || match.index !== 0) return undefined;
  const tokens: Token[] = [];
  if (rule.name) tokens.push({ text: match[0], scope: rule.name });
  for (const [group, capture] of Object.entries(rule.captures ?? {})) {
    const span = match.indices?.[Number(group)];
    if (!span) continue;
    if (capture.name) tokens.push({ text: text.slice(span[0], span[1]), scope: capture.name });
    if (capture.patterns) tokens.push(...tokenizeBody(text, span[0], span[1]));
  }
  return tokens;
}

const scoped = (tokens: Token[] | undefined, scope: string): string[] => (tokens ?? []).filter((t) => t.scope === scope).map((t) => t.text);
const KEYWORD = 'keyword.control.directive.suppression.shipshape';
const RULE_ID = 'constant.other.rule-id.shipshape';
const REASON = 'comment.line.reason.shipshape';

describe('suppression grammar: wiring', () => {
  it('is contributed as an injection into the Dockerfile and YAML grammars', () => {
    const entry = manifest.contributes.grammars.find((g) => g.path === `./${GRAMMAR_PATH}`);
    assert.ok(entry, 'package.json contributes the grammar');
    assert.equal(entry.scopeName, grammar.scopeName);
    assert.deepEqual(entry.injectTo, ['source.dockerfile', 'source.yaml']);
  });

  it('selects the line comments of VS Code\'s YAML grammar and the Dockerfile source outside strings', () => {
    const selectors = grammar.injectionSelector.split(',').map((part) => part.trim());
    assert.ok(selectors.includes('L:comment.line.number-sign.yaml'));
    assert.ok(selectors.some((selector) => selector.startsWith('L:source.dockerfile') && selector.includes('-string')));
  });

  it('only includes rules it defines', () => {
    const includes = JSON.stringify(grammar).match(/"include":\s*"#([\w-]+)"/g) ?? [];
    for (const include of includes) assert.ok(grammar.repository[/#([\w-]+)/.exec(include)?.[1] ?? ''], include);
  });
});

describe('suppression grammar: Dockerfile comment lines', () => {
  it('highlights the directive, the rule ids and the reason', () => {
    const tokens = apply('dockerfile-comment', '# shipshape-ignore user-root,image-digest -- gosu drops privileges');
    assert.deepEqual(scoped(tokens, 'comment.line.number-sign.dockerfile'), ['# shipshape-ignore user-root,image-digest -- gosu drops privileges']);
    assert.deepEqual(scoped(tokens, KEYWORD), ['shipshape-ignore']);
    assert.deepEqual(scoped(tokens, RULE_ID), ['user-root', 'image-digest']);
    assert.deepEqual(scoped(tokens, 'punctuation.separator.comma.shipshape'), [',']);
    assert.deepEqual(scoped(tokens, REASON), ['-- gosu drops privileges']);
  });

  it('handles indentation, no space after #, the file-wide form and a colon', () => {
    const fileWide = apply('dockerfile-comment', '  #shipshape-ignore-file image-tag-latest');
    assert.deepEqual(scoped(fileWide, KEYWORD), ['shipshape-ignore-file']);
    assert.deepEqual(scoped(fileWide, RULE_ID), ['image-tag-latest']);
    const colon = apply('dockerfile-comment', '# shipshape-ignore: a, b');
    assert.deepEqual(scoped(colon, 'punctuation.separator.key-value.shipshape'), [':']);
    assert.deepEqual(scoped(colon, RULE_ID), ['a', 'b']);
  });

  it('does not take words of the reason for rule ids', () => {
    const tokens = apply('dockerfile-comment', '# shipshape-ignore sudo -- see user-root, it explains');
    assert.deepEqual(scoped(tokens, RULE_ID), ['sudo']);
    assert.deepEqual(scoped(tokens, REASON), ['-- see user-root, it explains']);
  });

  it('leaves other comments and instructions alone', () => {
    assert.equal(apply('dockerfile-comment', '# a plain comment'), undefined);
    assert.equal(apply('dockerfile-comment', '# shipshape-ignored user-root'), undefined);
    assert.equal(apply('dockerfile-comment', 'RUN make # shipshape-ignore sudo'), undefined);
  });
});

describe('suppression grammar: YAML comment content', () => {
  it('highlights a comment on its own line or after a value, starting right after the #', () => {
    const own = apply('yaml-comment-content', ' shipshape-ignore privileged -- the CNI needs it');
    assert.deepEqual(scoped(own, KEYWORD), ['shipshape-ignore']);
    assert.deepEqual(scoped(own, RULE_ID), ['privileged']);
    assert.deepEqual(scoped(own, REASON), ['-- the CNI needs it']);
    const trailing = apply('yaml-comment-content', 'shipshape-ignore-file capabilities,host-ports');
    assert.deepEqual(scoped(trailing, RULE_ID), ['capabilities', 'host-ports']);
  });

  it('leaves other comments alone', () => {
    assert.equal(apply('yaml-comment-content', ' TODO: shipshape-ignore later'), undefined);
    assert.equal(apply('yaml-comment-content', ' shipshape-ignores'), undefined);
  });
});

describe('suppression grammar agrees with the engine', () => {
  const comments = [
    '# shipshape-ignore user-root,image-digest -- gosu drops privileges',
    '# shipshape-ignore-file image-tag-latest',
    '#shipshape-ignore: a, b',
    '# shipshape-ignore sudo -- see user-root, it explains',
    '# shipshape-ignore x.y_z,--weird -- reason',
    '# shipshape-ignore -- only a reason',
    '# shipshape-ignore',
  ];
  for (const comment of comments) {
    it(`reads the same rule ids from ${JSON.stringify(comment)}`, () => {
      const suppression = parseSuppression(comment, { range: { start: 0, end: comment.length }, content: comment.slice(1) }, undefined);
      assert.ok(suppression);
      assert.deepEqual(scoped(apply('dockerfile-comment', comment), RULE_ID), suppression.ruleIds);
      assert.deepEqual(scoped(apply('yaml-comment-content', comment.slice(1)), RULE_ID), suppression.ruleIds);
    });
  }
});
