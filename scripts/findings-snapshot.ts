// Lints every file of the shared Dockerfile and Kubernetes corpora with the default configuration, as
// `shipshape lint` would (the build context's .dockerignore read from the file's folder), and writes one line
// per finding: file, rule, range (line:column, 1-based), severity and message. Two snapshots taken before and
// after a rule change are compared with `diff`, so findings change only where the change meant them to.
// Usage: tsx scripts/findings-snapshot.ts <out.txt>
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { configFromLayers, lintSource } from '../server/src/analysis';
import { LineIndex } from '../server/src/engine/text';
import type { SourceFile } from '../server/src/engine/types';
import { readBuildContext } from '../server/src/host/build-context';

const corpusRoot = join(import.meta.dirname, '..', '..', 'shared', 'corpus');
const CORPORA = ['dockerfiles', 'k8s'];

const out = process.argv[2];
if (!out) {
  console.error('usage: tsx scripts/findings-snapshot.ts <out.txt>');
  process.exit(2);
}

const config = configFromLayers([]);
const lines: string[] = [];
for (const corpus of CORPORA) {
  const folder = join(corpusRoot, corpus);
  for (const name of readdirSync(folder).sort()) {
    if (name === 'README.md') continue;
    const path = join(folder, name);
    const file: SourceFile = { path, text: readFileSync(path, 'utf8') };
    file.buildContext = readBuildContext(path, undefined, undefined, file.text);
    const result = lintSource(file, config);
    const index = new LineIndex(file.text);
    const at = (offset: number): string => {
      const position = index.positionAt(offset);
      return `${position.line + 1}:${position.character + 1}`;
    };
    for (const finding of result.findings) {
      lines.push([`${corpus}/${name}`, finding.ruleId, `${at(finding.range.start)}-${at(finding.range.end)}`, finding.severity, finding.message.replace(/\s+/g, ' ')].join('\t'));
    }
    for (const failure of result.ruleFailures) lines.push([`${corpus}/${name}`, failure.ruleId, '-', 'failure', failure.error.split('\n')[0] ?? ''].join('\t'));
  }
}
writeFileSync(out, `${lines.join('\n')}\n`);
console.log(`${lines.length} findings → ${out}`);
