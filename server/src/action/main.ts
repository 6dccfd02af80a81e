// Entry point of dist/action.js, the GitHub Action of action.yml: runs `shipshape lint` in this process with
// the inputs the runner passes, writes the SARIF file when asked, and sets the action's outputs. It exits as
// the CLI does: 0 clean, 1 findings at or above `fail-on`, 2 a usage or configuration error.
import { appendFileSync } from 'node:fs';
import { runCli } from '../cli/run';
import { lintRuns, readActionInputs } from './inputs';

async function main(): Promise<number> {
  const io = { cwd: process.env.GITHUB_WORKSPACE || process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr };
  const inputs = readActionInputs(process.env);
  const runs = lintRuns(inputs);
  if (runs.sarif) {
    const code = await runCli(runs.sarif, io);
    if (code !== 0) return code;
  }
  const code = await runCli(runs.log, io);
  const outputs = [`exit-code=${code}`, ...(inputs.sarifFile ? [`sarif-file=${inputs.sarifFile}`] : [])];
  if (process.env.GITHUB_OUTPUT) appendFileSync(process.env.GITHUB_OUTPUT, `${outputs.join('\n')}\n`);
  return code;
}

main().then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`::error title=Shipshape::internal error: ${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 2;
  },
);
