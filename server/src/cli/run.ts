// Parses the command line and dispatches; returns the exit code. main.ts is the only caller with side effects.
import { ruleIds } from '../rules';
import { HELP, parseArgs, UsageError, type ParsedArgs } from './args';
import { runInit } from './init-command';
import { printError, type CliIo } from './io';
import { runLint } from './lint-command';
import { runLintOnline } from './lint-online';
import { runLintStdin } from './lint-stdin';
import { runRender } from './render-command';
import { runRules } from './rules-command';
import { runScan } from './scan-command';
import { VERSION } from './version';

export function runCli(argv: readonly string[], io: CliIo): number | Promise<number> {
  let args: ParsedArgs;
  try {
    args = parseArgs(argv, ruleIds);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    printError(io, error.message);
    io.stderr.write(argv.length === 0 ? `\n${HELP.main}\n` : 'Run `shipshape help` for usage.\n');
    return 2;
  }
  switch (args.command) {
    case 'version':
      io.stdout.write(`${VERSION}\n`);
      return 0;
    case 'help':
      io.stdout.write(`${args.topic ? HELP[args.topic] : HELP.main}\n`);
      return 0;
    case 'rules':
      return runRules(args, io);
    case 'lint':
      return args.stdin ? runLintStdin(args, io) : args.online ? runLintOnline(args, io) : runLint(args, io);
    case 'scan':
      return runScan(args, io);
    case 'init':
      return runInit(args, io);
    case 'render':
      return runRender(args, io);
  }
}
