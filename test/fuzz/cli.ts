// `npm run fuzz -- [--minutes N] [--seed S]`: fuzzes for N minutes (default 1), keeping every failure,
// minimised, under test/fixtures/fuzz/; exits 1 when something failed.
import { fuzz } from './harness';

const argv = process.argv.slice(2);
const option = (name: string): string | undefined => (argv.includes(name) ? argv[argv.indexOf(name) + 1] : undefined);
const minutes = Number(option('--minutes') ?? '1');
const seed = Number(option('--seed') ?? String(Date.now() % 2 ** 31));
if (!(minutes > 0) || !Number.isInteger(seed)) {
  console.error('usage: npm run fuzz -- [--minutes N] [--seed S]');
  process.exit(2);
}
console.log(`fuzzing for ${minutes} min with seed ${seed}`);
const summary = fuzz({ seed, budgetMs: minutes * 60_000, keepFixtures: true, log: (line) => console.log(line) });
console.log(`${summary.inputs} inputs, ${summary.failures.length} failures`);
process.exitCode = summary.failures.length > 0 ? 1 : 0;
