// The workspaces the e2e runs open: copies of examples/, because the tests edit files.
import { cpSync, rmSync } from 'node:fs';
import { join } from 'node:path';

export function copyExamples(repoDir: string, target: string): string {
  rmSync(target, { recursive: true, force: true });
  cpSync(join(repoDir, 'examples'), target, { recursive: true });
  return target;
}
