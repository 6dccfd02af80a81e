import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromLayers, lintSource } from '../../server/src/analysis';
import { applyEdits } from '../../server/src/engine/fixes';
import { parseDockerfile } from '../../server/src/engine/languages/dockerfile/model';
import { classifySource, gitSourcePinned, isGitSource, transferSources } from '../../server/src/engine/languages/dockerfile/sources';
import { createdUsers, knownUid, userInEffect, userLineInsertion, variablesAt } from '../../server/src/engine/languages/dockerfile/users';

const finalStage = (text: string) => {
  const model = parseDockerfile(text);
  const stage = model.finalStage;
  assert.ok(stage);
  return { model, stage };
};

describe('userInEffect', () => {
  it('follows FROM <stage> transitively and ignores ONBUILD USER', () => {
    const { model, stage } = finalStage('FROM alpine AS a\nUSER app\nFROM a AS b\nONBUILD USER root\nFROM b\nCMD x\n');
    const setting = userInEffect(model, stage);
    assert.equal(setting?.user, 'app');
    assert.equal(setting?.inherited, true);
    assert.equal(setting?.stage.name, 'a');
  });
  it('does not inherit from a stage the final one is not built on', () => {
    const { model, stage } = finalStage('FROM alpine AS a\nUSER app\nFROM alpine\nCMD x\n');
    assert.equal(userInEffect(model, stage), undefined);
  });
  it('resolves stage ARGs, ENV carried over from base stages, and leaves unknown values undefined', () => {
    const text = 'ARG G=7\nFROM alpine AS a\nARG G\nENV U=${G}0\nFROM a\nARG GROUP=staff\nUSER "${U}:${GROUP}"\n';
    const { model, stage } = finalStage(text);
    const setting = userInEffect(model, stage);
    assert.equal(setting?.resolved, '70:staff');
    assert.equal(setting?.user, '70');
    assert.equal(setting?.group, 'staff');
    const unknown = finalStage('ARG G=7\nFROM alpine\nUSER $G\n');
    assert.equal(userInEffect(unknown.model, unknown.stage)?.resolved, undefined);
  });
  it('lets ENV win over an ARG of the same name', () => {
    const { model, stage } = finalStage('FROM alpine\nENV U=env\nARG U=arg\nRUN true\n');
    assert.equal(variablesAt(model, stage, model.text.length)('U'), 'env');
  });
});

describe('createdUsers', () => {
  const users = (run: string) => {
    const { model, stage } = finalStage(`FROM alpine\nARG UID=4242\n${run}\n`);
    return createdUsers(model, stage).map((user) => [user.name, user.uid]);
  };
  it('reads the UID and name from useradd and both adduser flavours', () => {
    assert.deepEqual(users('RUN useradd -u 10001 -g app -M -s /usr/sbin/nologin app'), [['app', 10001]]);
    assert.deepEqual(users('RUN useradd --uid=1500 --create-home --home-dir /srv web'), [['web', 1500]]);
    assert.deepEqual(users('RUN useradd -rm -d /home/u -s /bin/bash -g root -G sudo -u 1001 ubuntu'), [['ubuntu', 1001]]);
    assert.deepEqual(users('RUN adduser -D -H -u 1000 -G app -g "App user" app'), [['app', 1000]]);
    assert.deepEqual(users('RUN adduser -Du1000 app'), [['app', 1000]]);
    assert.deepEqual(users('RUN adduser --system --uid 999 --ingroup svc --home /var/lib/svc svc'), [['svc', 999]]);
    assert.deepEqual(users('RUN adduser --disabled-password --gecos "" myuser'), [['myuser', undefined]]);
  });
  it('sees through wrappers, chains, heredocs, exec form and variables', () => {
    assert.deepEqual(users('RUN apk add --no-cache shadow && sudo useradd -u "${UID}" app; echo done'), [['app', 4242]]);
    assert.deepEqual(users('RUN ["useradd", "-u", "77", "svc"]'), [['svc', 77]]);
    assert.deepEqual(users('RUN <<EOF\nset -e\ngroupadd -g 5 g\nuseradd -u 5 -g g h\nEOF'), [['h', 5]]);
    assert.deepEqual(users('RUN useradd -u $NOPE app'), [['app', undefined]]);
    assert.deepEqual(users('RUN useradd -u 1 $NOPE'), []);
  });
  it('knows a UID only when every creation agrees', () => {
    const { model, stage } = finalStage('FROM alpine\nRUN useradd -u 1 a\nRUN useradd -u 2 a\nRUN useradd -u 3 b\n');
    assert.equal(knownUid(model, stage, 'a'), undefined);
    assert.equal(knownUid(model, stage, 'b'), 3);
  });
});

describe('userLineInsertion', () => {
  const insert = (text: string) => {
    const { model, stage } = finalStage(text);
    const edit = userLineInsertion(model, stage, ['USER 1']);
    return edit && applyEdits(text, [edit]).text;
  };
  it('goes before the closing ENTRYPOINT/CMD group and the comments above it', () => {
    assert.equal(insert('FROM a\nRUN x\n# start\nENTRYPOINT ["e"]\n\nCMD ["c"]\n'), 'FROM a\nRUN x\nUSER 1\n# start\nENTRYPOINT ["e"]\n\nCMD ["c"]\n');
  });
  it('goes to the end of the stage when a RUN follows the CMD, keeping CRLF', () => {
    assert.equal(insert('FROM a\r\nCMD ["c"]\r\nRUN x\r\n'), 'FROM a\r\nCMD ["c"]\r\nRUN x\r\nUSER 1\r\n');
    assert.equal(insert('FROM a'), 'FROM a\nUSER 1');
  });
  it('is not offered where the new line would join an unfinished instruction', () => {
    assert.equal(insert('FROM a\nRUN apt-get install \\'), undefined);
    assert.equal(insert('FROM a\nRUN <<EOF\necho hi\n'), undefined);
    assert.equal(insert('FROM a\nRUN <<EOF\necho hi\nEOF\n'), 'FROM a\nRUN <<EOF\necho hi\nEOF\nUSER 1\n');
  });
});

describe('transfer sources', () => {
  it('classifies sources the way BuildKit does', () => {
    assert.equal(classifySource('https://example.com/x.tar.gz'), 'http');
    assert.equal(classifySource('https://github.com/a/b.git#v1'), 'git');
    assert.equal(classifySource('git@github.com:a/b.git'), 'git');
    assert.equal(classifySource('git://example.com/a'), 'git');
    assert.equal(classifySource('github.com/a/b'), 'local');
    assert.equal(classifySource('./a@b:c'), 'local');
    assert.equal(classifySource('rootfs.tar.xz'), 'archive');
    assert.equal(classifySource('app.zip'), 'local');
    assert.equal(classifySource('ftp://example.com/x'), 'unknown');
    assert.equal(isGitSource('https://example.com/repo'), false);
  });
  it('recognises a pinned Git commit in both fragment forms', () => {
    const sha = '9f1c0e5b2a7d4c3e8b6a1f0d2c4e6a8b0d1f3e5a';
    assert.equal(gitSourcePinned(`https://x/y.git#${sha}`), true);
    assert.equal(gitSourcePinned(`https://x/y.git#${sha}:sub/dir`), true);
    assert.equal(gitSourcePinned(`https://x/y.git##ref=v1,commit=${sha}`), true);
    assert.equal(gitSourcePinned('https://x/y.git#v1.2.3'), false);
    assert.equal(gitSourcePinned('https://x/y.git##ref=main,subdir=x'), false);
    assert.equal(gitSourcePinned('https://x/y.git'), false);
  });
  it('reads JSON, heredoc and continued forms with precise ranges', () => {
    const text = 'FROM a\nADD ["a b.txt", "https://x/y", "/d/"]\nADD <<EOT /etc/x\nbody words\nEOT\nADD one \\\n  two /d/\n';
    const model = parseDockerfile(text);
    const adds = model.instructions.filter((instruction) => instruction.keyword === 'ADD');
    const sourcesOf = (index: number) => {
      const add = adds[index];
      assert.ok(add);
      return transferSources(model, add).map((source) => [source.written, source.kind, text.slice(source.range.start, source.range.end)]);
    };
    assert.deepEqual(sourcesOf(0), [['a b.txt', 'local', 'a b.txt'], ['https://x/y', 'http', 'https://x/y']]);
    assert.deepEqual(sourcesOf(1), [['<<EOT', 'heredoc', '<<EOT']]);
    assert.deepEqual(sourcesOf(2), [['one', 'local', 'one'], ['two', 'local', 'two']]);
  });
});

describe('user-missing fix variants', () => {
  const config = configFromLayers([]);
  const fixes = (text: string) => {
    const [finding] = lintSource({ path: 'Dockerfile', text }, config, { onlyRules: new Set(['user-missing']) }).findings;
    return (finding?.fixes ?? []).map((fix) => applyEdits(text, fix.edits).text);
  };
  it('creates the user with the tools of the detected distribution', () => {
    assert.deepEqual(fixes('FROM python:3.13-alpine\nCMD ["python"]\n'), [
      'FROM python:3.13-alpine\nUSER 10001\nCMD ["python"]\n',
      'FROM python:3.13-alpine\nRUN addgroup -g 10001 -S app && adduser -u 10001 -S -G app app\nUSER 10001\nCMD ["python"]\n',
    ]);
    assert.equal(fixes('FROM registry.access.redhat.com/ubi9/ubi:9.4\nCMD ["x"]\n')[1]?.includes('useradd -u 10001'), true);
    assert.equal(fixes('FROM myorg/base:1\nRUN apt-get install -y curl\nCMD ["x"]\n')[1]?.includes('groupadd -g 10001 app'), true);
  });
  it('offers only the plain USER when the distribution is unknown or minimal', () => {
    assert.equal(fixes('FROM scratch\nCOPY app /app\nENTRYPOINT ["/app"]\n').length, 1);
    assert.equal(fixes('FROM redhat/ubi9-minimal\nCMD ["x"]\n').length, 1);
    assert.equal(fixes('FROM eclipse-temurin:21-jre-ubi9-minimal\nCMD ["x"]\n').length, 1);
  });
});
