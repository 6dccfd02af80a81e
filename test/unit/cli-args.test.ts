import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { closest, parseArgs, UsageError } from '../../server/src/cli/args';

const KNOWN = new Set(['image-tag-latest', 'image-digest', 'sudo']);
const parse = (...argv: string[]) => parseArgs(argv, KNOWN);

describe('cli/args', () => {
  it('defaults lint to the current folder, stylish output and --fail-on error', () => {
    assert.deepEqual(parse('lint'), {
      command: 'lint',
      paths: ['.'],
      format: 'stylish',
      output: undefined,
      config: undefined,
      preset: undefined,
      rules: {},
      pssLevel: undefined,
      pssVersion: undefined,
      failOn: 'error',
      fix: false,
      online: false,
      quiet: false,
      color: true,
      skipUnlintable: false,
      stdin: false,
      stdinFilename: undefined,
      baseline: undefined,
      useBaseline: true,
      writeBaseline: false,
      maxFileSize: undefined,
      composeFiles: [],
    });
  });

  it('reads --stdin and --stdin-filename, and init with its folder', () => {
    const args = parse('lint', '--stdin', '--stdin-filename', 'deploy/Dockerfile', '--fix');
    assert.equal(args.command, 'lint');
    if (args.command !== 'lint') return;
    assert.deepEqual([args.stdin, args.stdinFilename, args.paths, args.fix], [true, 'deploy/Dockerfile', [], true]);
    assert.deepEqual(parse('init'), { command: 'init', folder: '.' });
    assert.deepEqual(parse('init', 'svc'), { command: 'init', folder: 'svc' });
    assert.deepEqual(parse('help', 'init'), { command: 'help', topic: 'init' });
    assert.throws(() => parse('init', 'a', 'b'), /takes one folder/);
    assert.throws(() => parse('lint', '--stdin', 'Dockerfile'), /give no paths/);
  });

  it('reads `shipshape baseline` as a lint run that writes the baseline and ignores an older one', () => {
    const args = parse('baseline', 'deploy', '-o', 'ci/baseline.json', '--preset', 'strict');
    assert.equal(args.command, 'lint');
    if (args.command !== 'lint') return;
    assert.deepEqual([args.paths, args.output, args.preset, args.writeBaseline, args.useBaseline], [['deploy'], 'ci/baseline.json', 'strict', true, false]);
    assert.throws(() => parse('baseline', '--fix'), /unknown option --fix for `shipshape baseline`/);
    const lint = parse('lint', '--baseline', 'b.json', '--no-baseline');
    assert.ok(lint.command === 'lint' && lint.baseline === 'b.json' && !lint.useBaseline);
  });

  it('-f names a format or, like docker compose -f, a Compose file', () => {
    const args = parse('lint', '-f', 'compose.yaml', '-f', 'json', '--file', 'compose.prod.yaml', '-f', 'other.yml');
    assert.equal(args.command, 'lint');
    if (args.command !== 'lint') return;
    assert.equal(args.format, 'json');
    assert.deepEqual(args.composeFiles, ['compose.yaml', 'compose.prod.yaml', 'other.yml']);
    assert.deepEqual(args.paths, [], 'the Compose files are what is linted');
    assert.throws(() => parse('lint', '-f'), /needs a value/);
  });

  it('reads every lint option, in both --flag value and --flag=value forms', () => {
    const args = parse(
      'lint', 'a', '--format=sarif', '-o', 'out.sarif', '--config', 'ci.yaml', '--preset', 'strict',
      '--rule', 'sudo=off', '--rule=image-digest=error', '--pss-level', 'baseline', '--pss-version', 'v1.30',
      '--fail-on', 'warning', '--fix', '-q', '--no-color', '--', '--odd-file-name',
    );
    assert.equal(args.command, 'lint');
    if (args.command !== 'lint') return;
    assert.deepEqual(args.paths, ['a', '--odd-file-name']);
    assert.equal(args.format, 'sarif');
    assert.equal(args.output, 'out.sarif');
    assert.equal(args.config, 'ci.yaml');
    assert.equal(args.preset, 'strict');
    assert.deepEqual(args.rules, { sudo: 'off', 'image-digest': 'error' });
    assert.equal(args.pssLevel, 'baseline');
    assert.equal(args.pssVersion, 'v1.30');
    assert.equal(args.failOn, 'warning');
    assert.equal(args.fix, true);
    assert.equal(args.quiet, true);
    assert.equal(args.color, false);
  });

  it('rejects mistakes with specific messages', () => {
    const cases: Array<[string[], RegExp]> = [
      [['lint', '--bogus'], /unknown option --bogus/],
      [['lint', '--fixx'], /did you mean --fix\?/],
      [['lint', '--format', 'xml'], /--format must be one of stylish, json, sarif \(got "xml"\)/],
      [['lint', '--format'], /--format needs a value/],
      [['lint', '--format', '--quiet'], /--format needs a value/],
      [['lint', '--rule', 'sudo'], /--rule needs ID=SEVERITY/],
      [['lint', '--rule', 'image-tag-lates=off'], /unknown rule id "image-tag-lates" in --rule; did you mean "image-tag-latest"\?/],
      [['lint', '--rule', 'sudo=loud'], /severity of "sudo" in --rule must be one of error, warning, info, off/],
      [['lint', '--pss-version', 'v2.1'], /--pss-version must be latest or v1\.0 … v1\.37 \(got "v2\.1"\)/],
      [['lint', '--pss-version', 'v1.38'], /--pss-version must be latest or v1\.0 … v1\.37 \(got "v1\.38"\)/],
      [['lint', '--pss-version', 'v1.99'], /--pss-version must be latest or v1\.0 … v1\.37/],
      [['lint', '--fix=yes'], /--fix takes no value/],
      [['rules', 'extra'], /takes no arguments/],
      [['lnt'], /unknown command "lnt"; did you mean `shipshape lint`\?/],
      [['--format', 'json'], /must come after a command/],
      [[], /no command given/],
    ];
    for (const [argv, message] of cases) {
      assert.throws(() => parse(...argv), (error: unknown) => error instanceof UsageError && message.test(error.message), argv.join(' '));
    }
  });

  it('knows help and version in their usual spellings', () => {
    assert.deepEqual(parse('--version'), { command: 'version' });
    assert.deepEqual(parse('help'), { command: 'help', topic: undefined });
    assert.deepEqual(parse('help', 'lint'), { command: 'help', topic: 'lint' });
    assert.deepEqual(parse('lint', '--help'), { command: 'help', topic: 'lint' });
    assert.deepEqual(parse('rules', '-h'), { command: 'help', topic: 'rules' });
    assert.deepEqual(parse('rules', '--format', 'markdown'), { command: 'rules', format: 'markdown', output: undefined });
  });

  it('suggests only close matches', () => {
    assert.equal(closest('sudoo', ['sudo', 'user-root']), 'sudo');
    assert.equal(closest('completely-different', ['sudo']), undefined);
  });
});
