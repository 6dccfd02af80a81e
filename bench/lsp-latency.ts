// As-you-type latency through the real, bundled language server (dist/server.js over stdio): the time from
// sending a change to receiving fresh diagnostics for it, over many edits; and the server's memory with
// 500 open documents. Usage: npm run bench:lsp   (writes its section of bench/RESULTS.md)
//        tsx bench/lsp-latency.ts --compose   (a 500-line Compose file only; writes its own section)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, type MessageConnection } from 'vscode-jsonrpc/node';
import { machineLine, median, percentile, writeSection } from './results';

const EDITS = 300;
const bundle = join(import.meta.dirname, '..', 'dist', 'server.js');

function dockerfile(lines: number): string {
  const out = ['# syntax=docker/dockerfile:1', 'ARG NODE=node:22-alpine', 'FROM ${NODE} AS build', 'WORKDIR /src'];
  while (out.length < lines - 8) {
    const i = out.length;
    out.push(i % 4 === 0 ? `RUN apt-get update && apt-get install -y pkg${i} \\` : i % 4 === 1 ? `    && rm -rf /var/lib/apt/lists/*` : i % 4 === 2 ? `COPY src/${i} /src/${i}` : `ENV SETTING_${i}=value${i}`);
  }
  out.push('FROM node:22-alpine', 'COPY --from=build /src /app', 'RUN adduser -D -u 10001 app', 'USER app', 'EXPOSE 8080', 'CMD ["node", "/app/index.js"]');
  return `${out.join('\n')}\n`;
}

function manifest(lines: number): string {
  const one = [
    'apiVersion: apps/v1',
    'kind: Deployment',
    'metadata:',
    '  name: web-INDEX',
    '  labels: {app: web}',
    'spec:',
    '  replicas: 2',
    '  template:',
    '    metadata:',
    '      labels: {app: web}',
    '    spec:',
    '      containers:',
    '        - name: app # main',
    '          image: nginx:1.27',
    '          ports:',
    '            - containerPort: 8080',
    '          env:',
    '            - name: LOG_LEVEL',
    '              value: info',
    '          resources:',
    '            limits: {cpu: 500m, memory: 256Mi}',
    '---',
  ];
  const out: string[] = [];
  for (let i = 0; out.length < lines; i++) out.push(...one.map((line) => line.replace('INDEX', String(i))));
  return `${out.join('\n')}\n`;
}

/** A Compose stack of about `lines` lines: services with anchors, extends, ports, volumes and environment. */
function compose(lines: number): string {
  const out = ['x-defaults: &defaults', '  restart: unless-stopped', '  logging:', '    driver: json-file', 'services:'];
  for (let i = 0; out.length < lines - 4; i++) {
    out.push(
      `  svc-${i}:`,
      '    <<: *defaults',
      `    image: registry.example.com/team/svc-${i}:1.${i}.0 # release ${i}`,
      ...(i % 3 === 0 ? ['    privileged: true'] : []),
      '    ports:',
      `      - "${8000 + i}:8080"`,
      '    environment:',
      '      LOG_LEVEL: info',
      `      DB_PASSWORD: \${DB_PASSWORD_${i}:-changeme}`,
      '    volumes:',
      `      - ./data/${i}:/data`,
      ...(i % 4 === 1 ? ['    extends: svc-0'] : []),
    );
  }
  out.push('volumes:', '  shared: {}');
  return `${out.join('\n')}\n`;
}

interface Session {
  connection: MessageConnection;
  pid: number;
  stop(): Promise<void>;
}

async function startServer(): Promise<Session> {
  const child = spawn(process.execPath, [bundle, '--stdio'], { stdio: ['pipe', 'pipe', 'inherit'] });
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  connection.onRequest('workspace/configuration', (params: { items: unknown[] }) => params.items.map(() => ({})));
  connection.onRequest('client/registerCapability', () => null);
  connection.onNotification('shipshape/summaryChanged', () => undefined);
  connection.listen();
  await connection.sendRequest('initialize', { processId: null, rootUri: null, capabilities: { workspace: { configuration: true }, textDocument: { diagnostic: {} } } });
  await connection.sendNotification('initialized', {});
  return {
    connection,
    pid: child.pid ?? 0,
    stop: async () => {
      await connection.sendRequest('shutdown');
      await connection.sendNotification('exit');
      connection.dispose();
    },
  };
}

/** Types one character at a time at a spot in the middle of the file, pulling diagnostics after each. */
async function typingLatency(session: Session, uri: string, languageId: string, text: string, insertLine: number): Promise<number[]> {
  const { connection } = session;
  await connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version: 1, text } });
  await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  const samples: number[] = [];
  const typed = languageId === 'dockerfile' ? '# comment typed one key at a time ' : '# tuning the deployment as we go ';
  for (let i = 0; i < EDITS; i++) {
    const character = i % typed.length;
    const insert = character === typed.length - 1 ? '\n' : typed[character]!;
    const line = insertLine + Math.floor(i / typed.length);
    const position = { line, character };
    const start = process.hrtime.bigint();
    await connection.sendNotification('textDocument/didChange', {
      textDocument: { uri, version: i + 2 },
      contentChanges: [{ range: { start: position, end: position }, text: insert }],
    });
    await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
    samples.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return samples.slice(20);
}

function rssMiB(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kib = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return kib / 1024;
}

async function memoryWithOpenDocuments(count: number): Promise<{ idle: number; open: number }> {
  const session = await startServer();
  const idle = rssMiB(session.pid);
  const docker = dockerfile(120);
  const yaml = manifest(200);
  for (let i = 0; i < count; i++) {
    const isYaml = i % 2 === 1;
    const uri = `file:///bench/doc-${i}/${isYaml ? 'deploy.yaml' : 'Dockerfile'}`;
    await session.connection.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: isYaml ? 'yaml' : 'dockerfile', version: 1, text: isYaml ? yaml : docker } });
    await session.connection.sendRequest('textDocument/diagnostic', { textDocument: { uri } });
  }
  const open = rssMiB(session.pid);
  await session.stop();
  return { idle, open };
}

/** The as-you-type latency of a 500-line Compose file, in a section of its own. */
async function composeMain(): Promise<void> {
  const session = await startServer();
  const text = compose(500);
  const samples = await typingLatency(session, 'file:///bench/compose.yaml', 'dockercompose', text, 250);
  await session.stop();
  // The same machine's speed at that moment: `yaml` parsing the file alone, the least any YAML linter does.
  const parseTimes = Array.from({ length: 50 }, () => {
    const start = process.hrtime.bigint();
    parseAllDocuments(text);
    return Number(process.hrtime.bigint() - start) / 1e6;
  }).slice(10);
  const report = [
    '## As-you-type latency of a Compose file',
    '',
    'Command: `tsx bench/lsp-latency.ts --compose`, against the bundled `dist/server.js --stdio`, measured as',
    `above: ${EDITS} one-character edits in the middle of the file, each followed by a diagnostic pull; the first`,
    '20 dropped as warm-up. The file has about 500 lines: services with an anchor merge, `extends`, ports,',
    'volumes and environment with interpolation defaults.',
    '',
    `${machineLine()} Load average when measured: ${loadavg()[0]?.toFixed(1)} (the machine was busy with other work).`,
    '',
    '| document | keystrokes | p50 (ms) | p95 (ms) | p99 (ms) | p95 target (ms) |',
    '|---|---:|---:|---:|---:|---:|',
    `| Compose file, ${text.split('\n').length - 1} lines | ${samples.length} | ${median(samples).toFixed(1)} | ${percentile(samples, 95).toFixed(1)} | ${percentile(samples, 99).toFixed(1)} | < 30 |`,
    '',
    `In the same run, \`yaml\`'s \`parseAllDocuments\` of this file alone took ${median(parseTimes).toFixed(1)} ms (median of 40), for scale.`,
  ].join('\n');
  writeSection('lsp-latency-compose', report);
  console.log(report);
}

async function main(): Promise<void> {
  if (process.argv.includes('--compose')) return composeMain();
  const session = await startServer();
  const dockerSamples = await typingLatency(session, 'file:///bench/Dockerfile', 'dockerfile', dockerfile(300), 150);
  const yamlSamples = await typingLatency(session, 'file:///bench/deploy.yaml', 'yaml', manifest(2000), 1000);
  await session.stop();
  const memory = await memoryWithOpenDocuments(500);

  const row = (name: string, samples: number[], target: number) =>
    `| ${name} | ${samples.length} | ${median(samples).toFixed(1)} | ${percentile(samples, 95).toFixed(1)} | ${percentile(samples, 99).toFixed(1)} | < ${target} |`;
  const report = [
    '## As-you-type latency and memory of the language server',
    '',
    'Command: `npm run bench:lsp` (`tsx bench/lsp-latency.ts`), against the bundled `dist/server.js --stdio`',
    'in a child process. Each sample is one keystroke: `didChange` (one character, incremental) followed by a',
    '`textDocument/diagnostic` pull, timed from sending the change to receiving the fresh diagnostics.',
    `${EDITS} keystrokes per document; the first 20 are dropped as warm-up.`,
    '',
    machineLine(),
    '',
    '| document | keystrokes | p50 (ms) | p95 (ms) | p99 (ms) | p95 target (ms) |',
    '|---|---:|---:|---:|---:|---:|',
    row('Dockerfile, 300 lines, multi-stage', dockerSamples, 30),
    row('Kubernetes manifest, 2,000 lines, 91 documents', yamlSamples, 100),
    '',
    `Memory: the server process uses ${memory.idle.toFixed(0)} MiB RSS after start and ${memory.open.toFixed(0)} MiB with 500 open documents (250 Dockerfiles of 120 lines, 250 manifests of 200 lines), each linted once.`,
  ].join('\n');
  writeSection('lsp-latency', report);
  console.log(report);
}

void main();
