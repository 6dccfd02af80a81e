// The `shipshape` executable (bundled to dist/cli.js).
import { errorCode } from '../host/file-system';
import { runCli } from './run';

process.stdout.on('error', (error) => {
  // The reader went away (`shipshape rules | head`): stop quietly.
  if (errorCode(error) === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

async function readAll(stream: NodeJS.ReadStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer));
  return Buffer.concat(chunks);
}

async function main(): Promise<void> {
  const stdin = { isTTY: process.stdin.isTTY, readAll: () => readAll(process.stdin) };
  process.exitCode = await runCli(process.argv.slice(2), { cwd: process.cwd(), env: process.env, stdout: process.stdout, stderr: process.stderr, stdin });
}

main().catch((error: unknown) => {
  const detail = error instanceof Error ? error.message : String(error);
  process.stderr.write(`shipshape: internal error: ${detail}\n`);
  if (process.env.SHIPSHAPE_DEBUG && error instanceof Error && error.stack) process.stderr.write(`${error.stack}\n`);
  else process.stderr.write('Set SHIPSHAPE_DEBUG=1 for the stack trace, and please report this.\n');
  process.exitCode = 2;
});
