import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { applyEdits } from '../../server/src/engine/fixes';
import { parseDockerfile, type DockerfileModel } from '../../server/src/engine/languages/dockerfile/model';
import {
  insertWordAfter,
  programName,
  removeWords,
  scriptSource,
  shellCommands,
  type ShellCommand,
} from '../../server/src/engine/languages/dockerfile/shell';

/** The commands of every RUN/CMD/ENTRYPOINT and ONBUILD trigger in the file. */
function commandsOf(text: string): { model: DockerfileModel; commands: ShellCommand[] } {
  const model = parseDockerfile(text);
  const commands = [...model.instructions, ...model.onbuildTriggers].flatMap((instruction) => shellCommands(model, instruction));
  return { model, commands };
}

/** Each command as its words joined with spaces. */
function lines(text: string): string[] {
  return commandsOf(text).commands.map((command) => command.words.map((word) => word.text).join(' '));
}

/** The document text under every word, so offsets are checked along with the decoding. */
function written(model: DockerfileModel, command: ShellCommand): string[] {
  return command.words.map((word) => model.text.slice(word.start, word.end));
}

function find(commands: ShellCommand[], program: string): ShellCommand {
  const command = commands.find((c) => programName(c) === program);
  assert.ok(command, `no ${program} command`);
  return command;
}

describe('shellCommands: splitting', () => {
  it('splits on &&, ||, ;, | and & and keeps offsets into the document', () => {
    const text = 'FROM alpine\nRUN apk update && apk add curl || true; echo a | tee b & wait\n';
    const { model, commands } = commandsOf(text);
    assert.deepEqual(
      commands.map((c) => c.words.map((w) => w.text).join(' ')),
      ['apk update', 'apk add curl', 'true', 'echo a', 'tee b', 'wait'],
    );
    for (const command of commands) assert.deepEqual(written(model, command), command.words.map((w) => w.text));
    const echo = find(commands, 'echo');
    assert.equal(echo.pipedTo && programName(echo.pipedTo), 'tee');
    assert.equal(find(commands, 'tee').pipedFrom, echo);
    assert.equal(find(commands, 'apk').pipedTo, undefined);
  });

  it('joins line continuations and drops comment lines inside them', () => {
    const text = 'FROM debian\nRUN apt-get update \\\n  # refresh the lists first\n  && apt-get install -y \\\n     curl \\\n\n     git\n';
    const { model, commands } = commandsOf(text);
    assert.deepEqual(commands.map((c) => c.words.map((w) => w.text).join(' ')), ['apt-get update', 'apt-get install -y curl git']);
    assert.equal(model.text.slice(commands[1]?.words[4]?.start, commands[1]?.words[4]?.end), 'git');
  });

  it('treats # after a blank as a comment that swallows the rest of the joined line, as the shell does', () => {
    assert.deepEqual(lines('FROM debian\nRUN apt-get update # refresh \\\n  && apt-get install -y curl\n'), ['apt-get update']);
    assert.deepEqual(lines('FROM debian\nRUN echo a#b\n'), ['echo a#b']);
  });

  it('honours the escape directive and CRLF line breaks', () => {
    const text = '# escape=`\r\nFROM mcr.microsoft.com/windows/servercore:ltsc2022\r\nRUN choco install -y git `\r\n    && setx PATH C:\\git\r\n';
    const { model, commands } = commandsOf(text);
    assert.deepEqual(commands.map((c) => c.words.map((w) => w.text).join(' ')), ['choco install -y git', 'setx PATH C:git']);
    assert.equal(model.text.slice(commands[1]?.words[2]?.start, commands[1]?.words[2]?.end), 'C:\\git');
  });

  it('removes quotes and keeps the written range', () => {
    const text = `FROM alpine\nRUN echo "a b" 'c d' e\\ f "x\\"y" $'g\\'h'\n`;
    const { model, commands } = commandsOf(text);
    const echo = find(commands, 'echo');
    assert.deepEqual(echo.words.map((w) => w.text), ['echo', 'a b', 'c d', 'e f', 'x"y', "g'h"]);
    assert.deepEqual(written(model, echo), ['echo', '"a b"', "'c d'", 'e\\ f', '"x\\"y"', "$'g\\'h'"]);
    assert.deepEqual(echo.words.map((w) => w.quoted), [false, true, true, true, true, true]);
  });

  it('does not split inside quotes', () => {
    assert.deepEqual(lines(`FROM alpine\nRUN echo "a && b | c; d" 'e || f'\n`), ['echo a && b | c; d e || f']);
  });

  it('separates redirections from words', () => {
    const { commands } = commandsOf('FROM alpine\nRUN chmod 777 /x > /dev/null 2>&1 </dev/null &>>log\n');
    const chmod = find(commands, 'chmod');
    assert.deepEqual(chmod.words.map((w) => w.text), ['chmod', '777', '/x']);
    assert.deepEqual(
      chmod.redirects.map((r) => `${r.fd ?? ''}${r.operator}${r.target?.text ?? ''}`),
      ['>/dev/null', '2>&1', '</dev/null', '&>>log'],
    );
  });

  it('strips leading assignments and shell keywords', () => {
    const { commands } = commandsOf('FROM debian\nRUN if [ -f /x ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y x; fi\n');
    const apt = find(commands, 'apt-get');
    assert.deepEqual(apt.assignments.map((w) => w.text), ['DEBIAN_FRONTEND=noninteractive']);
    assert.deepEqual(apt.words.map((w) => w.text), ['apt-get', 'install', '-y', 'x']);
    assert.deepEqual(lines('FROM debian\nRUN "A=1" x\n'), ['A=1 x']);
  });

  it('finds commands in $(…), backticks and <(…)', () => {
    const { commands } = commandsOf('FROM debian\nRUN echo "$(id -u)" `uname -m` && bash <(curl -fsSL https://x) && sh -c "$(wget -qO- https://y)"\n');
    const curl = find(commands, 'curl');
    assert.equal(curl.context, 'substitution');
    assert.equal(curl.parent && programName(curl.parent), 'bash');
    const bash = find(commands, 'bash');
    assert.equal(bash.words[1]?.substitutions[0]?.kind, 'process');
    assert.equal(bash.words[1]?.substitutions[0]?.whole, true);
    assert.ok(commands.some((c) => programName(c) === 'id'));
    assert.ok(commands.some((c) => programName(c) === 'uname'));
    // The -c script of `sh` holds the substitution; its commands are listed once.
    assert.equal(commands.filter((c) => programName(c) === 'wget').length, 1);
    assert.equal(find(commands, 'sh').script?.substitutions[0]?.whole, true);
  });

  it('skips arithmetic and ${…} expansions', () => {
    assert.deepEqual(lines('FROM debian\nRUN echo $((1 + 2)) ${A:-x y} && ls\n'), ['echo $((1 + 2)) ${A:-x y}', 'ls']);
  });
});

describe('shellCommands: wrappers', () => {
  it('unwraps sudo with options and assignments', () => {
    const { commands } = commandsOf('FROM debian\nRUN sudo -E -u root DEBIAN_FRONTEND=noninteractive apt-get install -y curl\n');
    const apt = find(commands, 'apt-get');
    assert.deepEqual(apt.wrappers.map((w) => [w.name, w.words.map((x) => x.text)]), [['sudo', ['sudo', '-E', '-u', 'root']]]);
    assert.deepEqual(apt.assignments.map((w) => w.text), ['DEBIAN_FRONTEND=noninteractive']);
  });

  it('unwraps env, nice, timeout, xargs, busybox and stops at command -v', () => {
    assert.deepEqual(lines('FROM debian\nRUN env -i A=1 nice -n 5 timeout -s KILL 30 busybox wget -q x\n'), ['wget -q x']);
    assert.deepEqual(lines('FROM debian\nRUN find . | xargs -0 -n 1 chmod 644\n'), ['find .', 'chmod 644']);
    assert.deepEqual(lines('FROM debian\nRUN command -v curl\n'), ['command -v curl']);
    assert.deepEqual(lines('FROM debian\nRUN sudo\n'), ['sudo']);
  });

  it('parses the script of sh -c / bash -ec / su -c with offsets inside the quotes', () => {
    const text = `FROM debian\nRUN bash -o pipefail -ec "apt-get install -y \\"x\\" | tee log" && su - app -c 'chmod 777 /data'\n`;
    const { model, commands } = commandsOf(text);
    const apt = find(commands, 'apt-get');
    assert.equal(apt.context, 'shell-c');
    assert.equal(apt.parent && programName(apt.parent), 'bash');
    assert.deepEqual(written(model, apt), ['apt-get', 'install', '-y', '\\"x\\"']);
    assert.equal(apt.pipedTo && programName(apt.pipedTo), 'tee');
    const chmod = find(commands, 'chmod');
    assert.deepEqual(written(model, chmod), ['chmod', '777', '/data']);
    assert.equal(chmod.parent && programName(chmod.parent), 'su');
  });

  it('does not treat a script file or stdin shell as a -c script', () => {
    const { commands } = commandsOf('FROM debian\nRUN bash -e install.sh && sh -s -- --yes\n');
    assert.equal(find(commands, 'bash').script, undefined);
    assert.equal(commands.length, 2);
  });

  it('lists the command of find -exec', () => {
    const { model, commands } = commandsOf('FROM debian\nRUN find /app -type d -exec chmod 777 {} \\; -o -execdir rm {} +\n');
    const chmod = find(commands, 'chmod');
    assert.equal(chmod.context, 'find-exec');
    assert.deepEqual(written(model, chmod), ['chmod', '777', '{}']);
    assert.ok(commands.some((c) => programName(c) === 'rm'));
  });
});

describe('shellCommands: heredocs', () => {
  it('parses a heredoc that is the whole RUN as a script, line by line', () => {
    const text = 'FROM alpine\nRUN <<EOF\nset -e\napk add curl\ncurl -fsSL https://x | sh\nEOF\n';
    const { model, commands } = commandsOf(text);
    assert.deepEqual(
      commands.filter((c) => c.words.length > 0).map((c) => [c.context, c.words.map((w) => w.text).join(' ')]),
      [['heredoc', 'set -e'], ['heredoc', 'apk add curl'], ['heredoc', 'curl -fsSL https://x'], ['heredoc', 'sh']],
    );
    const apk = find(commands, 'apk');
    assert.deepEqual(written(model, apk), ['apk', 'add', 'curl']);
    assert.equal(find(commands, 'curl').pipedTo && programName(find(commands, 'curl').pipedTo as ShellCommand), 'sh');
  });

  it('parses a heredoc fed to a shell, but not one fed to cat or python', () => {
    const text = [
      'FROM debian',
      'RUN <<-EOT bash -ex',
      '\tapt-get install -y vim',
      'EOT',
      'RUN cat <<EOF > /etc/apt/sources.list && chmod 644 /etc/apt/sources.list',
      'deb http://deb.debian.org/debian bookworm main',
      'EOF',
      'RUN python3 <<EOF',
      'import os',
      'EOF',
      'RUN <<EOF',
      '#!/usr/bin/env python3',
      'print("hello")',
      'EOF',
      'RUN <<EOF',
      '#!/bin/bash',
      'sudo ls',
      'EOF',
      '',
    ].join('\n');
    const names = commandsOf(text).commands.map(programName).filter((name) => name !== '');
    assert.deepEqual(names, ['bash', 'apt-get', 'cat', 'chmod', 'python3', 'ls']);
  });

  it('skips the body of a heredoc inside a heredoc script', () => {
    const text = 'FROM alpine\nRUN <<EOF\ncat > /x <<EOT\napk add not-a-command\nEOT\napk add real\nEOF\n';
    assert.deepEqual(lines(text).filter((l) => l !== ''), ['cat', 'apk add real']);
  });

  it('reads two heredocs and matches them to their commands', () => {
    const text = 'FROM alpine\nRUN cat <<A > /a && sh <<B\ndata line\nA\napk add x\nB\n';
    assert.deepEqual(lines(text), ['cat', 'sh', 'apk add x']);
  });
});

describe('shellCommands: exec form and ONBUILD', () => {
  it('reads exec-form RUN as JSON words and unwraps sh -c inside a JSON string', () => {
    const text = 'FROM debian\nRUN ["apt-get", "install", "-y", "x"]\nRUN ["/bin/sh", "-c", "sudo apt-get install \\"y\\" && echo \\u0041"]\n';
    const { model, commands } = commandsOf(text);
    const [exec, sh, inner, echo] = commands;
    assert.equal(exec?.context, 'exec-form');
    assert.deepEqual(exec && written(model, exec), ['"apt-get"', '"install"', '"-y"', '"x"']);
    assert.deepEqual(exec?.words.map((w) => w.json), [true, true, true, true]);
    assert.equal(sh && programName(sh), 'sh');
    assert.equal(inner?.context, 'shell-c');
    assert.deepEqual(inner?.wrappers.map((w) => w.name), ['sudo']);
    assert.deepEqual(inner && written(model, inner), ['apt-get', 'install', '\\"y\\"']);
    assert.deepEqual(inner?.words.map((w) => w.text), ['apt-get', 'install', 'y']);
    assert.deepEqual(echo?.words.map((w) => w.text), ['echo', 'A']);
  });

  it('treats a RUN that only looks like JSON as shell form', () => {
    assert.deepEqual(lines('FROM debian\nRUN [ -f /x ] && echo y\n'), ['[ -f /x ]', 'echo y']);
  });

  it('reads ONBUILD RUN triggers', () => {
    const { model, commands } = commandsOf('FROM debian\nONBUILD RUN sudo apt-get install -y x\n');
    const apt = find(commands, 'apt-get');
    assert.deepEqual(written(model, apt), ['apt-get', 'install', '-y', 'x']);
    assert.equal(apt.wrappers[0]?.name, 'sudo');
  });

  it('returns nothing for instructions that run no shell', () => {
    const model = parseDockerfile('FROM debian\nLABEL a="curl | sh"\nEXPOSE 22\n');
    assert.deepEqual(model.instructions.flatMap((i) => shellCommands(model, i)), []);
  });

  it('never throws on broken input', () => {
    for (const text of ['FROM a\nRUN echo "unterminated\n', "FROM a\nRUN echo 'x\n", 'FROM a\nRUN echo $(ls\n', 'FROM a\nRUN <<EOF\nls\n', 'FROM a\nRUN ) ( ;; | && `\n', 'FROM a\nRUN ["a", \n']) {
      assert.doesNotThrow(() => commandsOf(text));
    }
  });
});

describe('shell helpers', () => {
  it('tells where an interpreter reads its script from', () => {
    const source = (run: string): string => {
      const { commands } = commandsOf(`FROM debian\nRUN ${run}\n`);
      const reader = commands.find((c) => c.pipedFrom) ?? (commands[0] as ShellCommand);
      return scriptSource(reader);
    };
    assert.equal(source('curl x | sh'), 'stdin');
    assert.equal(source('curl x | bash -s -- --yes'), 'stdin');
    assert.equal(source('curl x | sudo -E bash -'), 'stdin');
    assert.equal(source('curl x | sh -c "cat > f"'), 'argument');
    assert.equal(source('curl x | python3 -c "import json"'), 'argument');
    assert.equal(source('curl x | python3 -m json.tool'), 'argument');
    assert.equal(source('curl x | python3 -'), 'stdin');
    assert.equal(source('curl x | python3 /dev/stdin'), 'stdin');
    assert.equal(source('bash -o pipefail install.sh'), 'file');
  });

  it('builds edits that keep shell and JSON syntax', () => {
    const text = 'FROM debian\nRUN sudo apt-get install -y x && \\\n    sudo  \\\n  rm -rf /tmp\nRUN ["sudo", "apt-get", "install", "y"]\n';
    const { model, commands } = commandsOf(text);
    const edits = commands.flatMap((command) => {
      const list = command.wrappers.map((wrapper) => {
        const words = wrapper.words;
        return removeWords(model, words[0]!, words[words.length - 1]!, command.words[0]);
      });
      if (command.words[1]?.text === 'install') list.push(insertWordAfter(command.words[1], '--no-install-recommends'));
      return list;
    });
    assert.equal(
      applyEdits(text, edits).text,
      'FROM debian\nRUN apt-get install --no-install-recommends -y x && \\\n    \\\n  rm -rf /tmp\nRUN ["apt-get", "install", "--no-install-recommends", "y"]\n',
    );
  });
});

describe('shellCommands: hostile input', () => {
  it('stops following substitutions and sh -c scripts at a fixed depth, quickly', () => {
    const nested = 'FROM a\nRUN ' + 'echo $('.repeat(5000) + 'curl x' + ')'.repeat(5000) + '\n';
    const scripts = 'FROM a\nRUN ' + 'sh -c "$('.repeat(40) + 'ls' + ')"'.repeat(40) + '\n';
    const unclosed = 'FROM a\nRUN ' + '$( `'.repeat(3000) + '\n';
    for (const text of [nested, scripts, unclosed]) {
      const started = performance.now();
      const { commands } = commandsOf(text);
      assert.ok(commands.length > 0);
      assert.ok(performance.now() - started < 5000, 'took too long');
    }
  });
});
