import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { commandText, parseDockerfile } from '../../server/src/engine/languages/dockerfile/model';
import { substituteVariables } from '../../server/src/engine/languages/dockerfile/variables';

const slice = (text: string, range: { start: number; end: number } | undefined) => (range ? text.slice(range.start, range.end) : undefined);

describe('substituteVariables', () => {
  const values: Record<string, string> = { A: 'alpha', EMPTY: '' };
  const lookup = (name: string) => values[name];
  it('handles every expansion form BuildKit supports', () => {
    assert.equal(substituteVariables('$A:${A}', lookup).value, 'alpha:alpha');
    assert.equal(substituteVariables('${MISSING:-def}', lookup).value, 'def');
    assert.equal(substituteVariables('${EMPTY:-def}', lookup).value, 'def');
    assert.equal(substituteVariables('${EMPTY-def}', lookup).value, '');
    assert.equal(substituteVariables('${A:+set}', lookup).value, 'set');
    assert.equal(substituteVariables('${MISSING:+set}', lookup).value, '');
    assert.equal(substituteVariables('${A+set}', lookup).value, 'set');
  });
  it('reports unresolved names and leaves escaped dollars alone', () => {
    const result = substituteVariables('${REG}/app:$TAG', lookup);
    assert.deepEqual(result.unresolved, ['REG', 'TAG']);
    assert.equal(substituteVariables('\\$A', lookup).value, '\\$A');
  });
});

describe('parseDockerfile', () => {
  it('substitutes global ARG defaults into FROM and points edits at the ARG default', () => {
    const text = 'ARG NODE=node:18-alpine\nARG TAG\nFROM ${NODE} AS build\nFROM python:$TAG\n';
    const model = parseDockerfile(text);
    assert.equal(model.stages.length, 2);
    const [build, final] = model.stages;
    assert.equal(build?.name, 'build');
    assert.equal(build?.baseImage?.resolved, 'node:18-alpine');
    assert.equal(build?.baseImage?.reference?.tag, '18-alpine');
    assert.equal(slice(text, build?.baseImage?.literalRange), 'node:18-alpine');
    assert.deepEqual(final?.baseImage?.unresolvedVariables, ['TAG']);
    assert.equal(final?.baseImage?.reference, undefined);
    assert.equal(final?.isFinal, true);
    assert.equal(final?.baseImage?.isFinalBase, true);
  });

  it('does not let stage-level ARGs leak into FROM, as BuildKit does not', () => {
    const text = 'FROM alpine:3.20\nARG IMG=node:18\nFROM $IMG\n';
    const model = parseDockerfile(text);
    assert.deepEqual(model.stages[1]?.baseImage?.unresolvedVariables, ['IMG']);
  });

  it('links FROM <stage> to the earlier stage case-insensitively and skips scratch', () => {
    const model = parseDockerfile('FROM golang:1.23 AS Build\nFROM build AS test\nFROM scratch\nCOPY --from=test /a /a\nCOPY --from=0 /b /b\n');
    const [build, test, final] = model.stages;
    assert.equal(test?.baseStage, build);
    assert.equal(test?.baseImage, undefined);
    assert.equal(build?.isBaseOfAnotherStage, true);
    assert.equal(final?.isScratch, true);
    assert.equal(model.images.length, 1, 'only golang is an external image');
  });

  it('collects COPY --from and RUN --mount from= images, resolving stage ARGs', () => {
    const text = 'FROM alpine:3.20 AS base\nARG TOOLS=busybox:1.36\nCOPY --from=nginx:1.27 /etc/nginx /etc/nginx\nRUN --mount=type=bind,from=${TOOLS},target=/t ls /t\nRUN --mount=type=cache,from=base,target=/c ls\n';
    const model = parseDockerfile(text);
    const roles = model.images.map((use) => [use.role, use.resolved]);
    assert.deepEqual(roles, [
      ['stage-base', 'alpine:3.20'],
      ['copy-source', 'nginx:1.27'],
      ['mount-source', 'busybox:1.36'],
    ]);
    assert.equal(slice(text, model.images[2]?.range), '${TOOLS}');
  });

  it('keeps ONBUILD triggers apart from the stage instructions', () => {
    const model = parseDockerfile('FROM alpine:3.20\nONBUILD RUN sudo make\nRUN ls\n');
    assert.equal(model.onbuildTriggers.length, 1);
    assert.equal(model.onbuildTriggers[0]?.keyword, 'RUN');
    assert.equal(model.onbuildTriggers[0]?.onbuild?.keyword, 'ONBUILD');
    assert.deepEqual(model.finalStage?.instructions.map((i) => i.keyword), ['ONBUILD', 'RUN']);
  });

  it('honours the escape directive and CRLF line breaks in command text', () => {
    const text = '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nRUN echo one `\r\n  # a comment\r\n  && echo two\r\n';
    const model = parseDockerfile(text);
    assert.equal(model.escapeChar, '`');
    const run = model.instructions.find((i) => i.keyword === 'RUN')!;
    const command = commandText(model, run);
    assert.equal(command.length, run.argumentsRange!.end - run.argumentsRange!.start);
    assert.equal(command.replace(/\s+/g, ' ').trim(), 'echo one && echo two');
    const two = command.indexOf('two');
    assert.equal(text.slice(run.argumentsRange!.start + two, run.argumentsRange!.start + two + 3), 'two');
  });

  it('covers heredoc bodies in the instruction range', () => {
    const text = 'FROM alpine:3.20\nRUN <<EOF\nset -e\ncurl https://x | sh\nEOF\nUSER 10001\n';
    const model = parseDockerfile(text);
    const run = model.instructions.find((i) => i.keyword === 'RUN')!;
    assert.ok(slice(text, run.range)?.includes('curl https://x | sh'));
    assert.ok(commandText(model, run).includes('curl https://x | sh'));
  });

  it('survives half-typed and odd input', () => {
    for (const text of ['', 'FROM', 'FROM ', 'FROM --platform=', 'ARG\nFROM $', 'RUN <<EOF\necho', 'from node:18 as Build\nfrom build', '\ufeffFROM x', 'FROM a AS\n', 'COPY --from= a b']) {
      const model = parseDockerfile(text);
      assert.ok(Array.isArray(model.stages), JSON.stringify(text));
    }
    const lower = parseDockerfile('from node:18 as Build\nfrom build\n');
    assert.equal(lower.stages[1]?.baseStage, lower.stages[0]);
  });
});
