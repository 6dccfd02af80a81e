// The engine splits Dockerfiles and their arguments itself instead of asking dockerfile-ast, which redoes the
// work on every call. These tests hold that split to dockerfile-ast's own answers, on the rule fixtures and on
// generated text full of escapes, continuations, comments, heredocs and directives.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { DockerfileParser, type Instruction } from 'dockerfile-ast';
import { scanArguments } from '../../server/src/engine/languages/dockerfile/arguments';
import { instructionArguments, instructionFlags, instructionHeredocs, instructionJsonStrings, parseDockerfile } from '../../server/src/engine/languages/dockerfile/model';
import { splitDockerfile } from '../../server/src/engine/languages/dockerfile/split';
import { LineIndex } from '../../server/src/engine/text';

const FIXTURES = join(import.meta.dirname, '..', 'fixtures', 'rules');

function fixtureDockerfiles(): string[] {
  return readdirSync(FIXTURES, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile() && /Dockerfile$/.test(entry.name))
    .map((entry) => readFileSync(join(entry.parentPath, entry.name), 'utf8'));
}

/** Deterministic Dockerfile-like text built from pieces that exercise the tricky paths. */
function generated(count: number): string[] {
  const pieces = ['a', ' ', '\t', '\\', '\n', '\r\n', '#', 'x y', '\\\n', '\\ \n', '# c\n', '`', '"', "'", '$', '--f=1', '--mount=type=cache,target=/x', 'b\\ c', '\r', '<<EOF', '<<-EOF', '\tEOF', 'EOF', '<', '[', '"s"', ']', ',', '=', 'RUN ', 'ONBUILD ', 'COPY ', 'FROM ', 'HEALTHCHECK --interval=5s CMD ', 'ENV ', '# escape=`', '#x=y', '\uFEFF'];
  let seed = 20261206;
  const next = (n: number): number => {
    seed = (seed * 1103515245 + 12345) & 0x7fffffff;
    return seed % n;
  };
  const texts: string[] = [];
  for (let k = 0; k < count; k++) {
    let text = k % 3 === 0 ? 'FROM base\nRUN ' : '';
    const length = 1 + next(18);
    for (let i = 0; i < length; i++) text += pieces[next(pieces.length)];
    texts.push(text);
  }
  return texts;
}

const fixtures = fixtureDockerfiles();
const texts = [
  ...fixtures,
  ...fixtures.map((text) => text.replace(/\n/g, '\r\n')),
  ...fixtures.map((text) => `# escape=\`\n${text.replace(/\\/g, '`')}`),
  ...generated(3000),
];

function offsets(text: string): (position: { line: number; character: number }) => number {
  const lines = new LineIndex(text);
  return (position) => lines.offsetAt(position);
}

/** An outcome that can be compared: the value, or that the call threw. */
function outcome(body: () => unknown): string {
  try {
    return JSON.stringify(body());
  } catch (error) {
    return `threw ${(error as Error).name}`;
  }
}

describe('splitDockerfile', () => {
  it('finds the directives, instructions and comments dockerfile-ast finds', () => {
    assert.ok(fixtures.length > 50, 'the rule fixtures are there');
    for (const text of texts) {
      const at = offsets(text);
      const ast = DockerfileParser.parse(text);
      const split = splitDockerfile(text, (line) => at({ line, character: 0 }));
      assert.deepEqual(
        {
          escape: split.escapeChar,
          directives: split.directives.map((d) => [d.name, d.value, d.range.start, d.range.end]),
          instructions: split.instructions.map((i) => [i.instruction, i.start, i.keywordEnd, i.end]),
          comments: split.comments.map((c) => [c.start, c.end]),
        },
        {
          escape: ast.getEscapeCharacter(),
          directives: ast.getDirectives().map((d) => [d.getName(), d.getValue(), at(d.getRange().start), at(d.getRange().end)]),
          instructions: ast.getInstructions().map((i) => [i.getInstruction(), at(i.getRange().start), at(i.getInstructionRange().end), at(i.getRange().end)]),
          comments: ast.getComments().map((c) => [at(c.getRange().start), at(c.getRange().end)]),
        },
        JSON.stringify(text),
      );
    }
  });

  it('reads the escape directive and skips a byte order mark', () => {
    const text = '\uFEFF# escape=`\nRUN a `\n  b\n';
    const at = offsets(text);
    const split = splitDockerfile(text, (line) => at({ line, character: 0 }));
    assert.equal(split.escapeChar, '`');
    assert.deepEqual(split.instructions.map((i) => text.slice(i.start, i.end)), ['RUN a `\n  b']);
  });
});

describe('instruction parts', () => {
  it('match dockerfile-ast: arguments, flags, JSON strings and heredocs of every instruction', () => {
    for (const text of texts) {
      const at = offsets(text);
      const model = parseDockerfile(text);
      const ast = DockerfileParser.parse(text);
      const nodes: Instruction[] = ast.getInstructions();
      const mine = model.instructions;
      assert.equal(mine.length, nodes.length);
      mine.forEach((instruction, index) => {
        const node = nodes[index] as Instruction;
        const context = JSON.stringify(text.slice(instruction.range.start, instruction.range.end));
        const escape = (node as unknown as { escapeChar: string }).escapeChar;
        const raw = scanArguments(text, instruction.keywordRange.end, instruction.range.end, escape).map((a) => [a.value, a.range.start, a.range.end]);
        const rawOfNode = (node as unknown as { getRawArguments(): Array<{ getValue(): string; getRange(): { start: { line: number; character: number }; end: { line: number; character: number } } }> }).getRawArguments();
        assert.deepEqual(raw, rawOfNode.map((a) => [a.getValue(), at(a.getRange().start), at(a.getRange().end)]), context);
        assert.deepEqual(
          instructionArguments(instruction).map((a) => [a.value, a.range.start, a.range.end]),
          node.getArguments().map((a) => [a.getValue(), at(a.getRange().start), at(a.getRange().end)]),
          context,
        );
        const flags = (node as unknown as { getFlags?: () => Array<{ getName(): string; getValue(): string | null; getRange(): never; getValueRange(): never; getOptions(): Array<{ getName(): string; getValue(): string | null }> }> }).getFlags?.() ?? [];
        assert.deepEqual(
          instructionFlags(instruction).map((f) => [f.name, f.value, f.range.start, f.range.end, f.valueRange?.start ?? null, f.options.map((o) => [o.name, o.value])]),
          flags.map((f) => {
            const valueRange = f.getValueRange() as { start: { line: number; character: number } } | null;
            const range = f.getRange() as { start: { line: number; character: number }; end: { line: number; character: number } };
            return [f.getName(), f.getValue(), at(range.start), at(range.end), valueRange ? at(valueRange.start) : null, f.getOptions().map((o) => [o.getName(), o.getValue()])];
          }),
          context,
        );
        type JsonString = { getValue(): string; getRange(): { start: { line: number; character: number } } };
        const jsonOf = (strings: JsonString[]) => strings.map((j) => [j.getValue(), at(j.getRange().start)]);
        const json = (node as unknown as { getJSONStrings?: () => JsonString[] }).getJSONStrings?.() ?? [];
        assert.deepEqual(jsonOf(instructionJsonStrings<JsonString>(instruction)), jsonOf(json), context);
        const heredocs = (node as unknown as { getHeredocs(): Array<{ getName(): string }> }).getHeredocs.bind(node);
        assert.equal(outcome(() => instructionHeredocs(instruction).map((h) => h.getName())), outcome(() => heredocs().map((h) => h.getName())), context);
      });
    }
  });

  it('counts the flags the way dockerfile-ast does, even when an argument with -- in its middle comes first', () => {
    // dockerfile-ast skips `a--b`, takes `--network=host` as a flag, and then drops one argument from the front.
    const model = parseDockerfile('FROM a\nRUN a--b --network=host echo\n');
    const run = model.instructions[1];
    assert.ok(run);
    assert.deepEqual(instructionFlags(run).map((f) => f.name), ['network']);
    assert.deepEqual(instructionArguments(run).map((a) => a.value), ['--network=host', 'echo']);
    const flagged = parseDockerfile('FROM a\nRUN --mount=type=cache,target=/root/.cache --network=host pip install x\n').instructions[1];
    assert.ok(flagged);
    assert.deepEqual(instructionFlags(flagged).map((f) => [f.name, f.value]), [['mount', 'type=cache,target=/root/.cache'], ['network', 'host']]);
    assert.equal(instructionFlags(flagged, 'mount')[0]?.option('target')?.value, '/root/.cache');
    assert.deepEqual(instructionArguments(flagged).map((a) => a.value), ['pip', 'install', 'x']);
  });
});
