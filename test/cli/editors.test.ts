// The language server of the installed npm package, attached the way each editor of docs/editors.md attaches
// it: started from the install's bin folder over stdio, with that editor's client capabilities, initialization
// options, language ids and settings answer. A scripted client stands in for the editor (none can run here); it
// checks the initialize handshake and that diagnostics arrive, pulled or pushed as that editor takes them, with
// the editor's settings applied.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { before, describe, it } from 'node:test';
import type { ClientCapabilities, Diagnostic, InitializeResult, PublishDiagnosticsParams } from 'vscode-languageserver';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter } from 'vscode-jsonrpc/node';
import { installPackedPackage, type InstalledPackage } from '../helpers/npm-package';
import { scratchFolder } from '../helpers/scratch-folder';
import { ROOT } from './helpers';

/** What every configuration in docs/editors.md sets: image-digest, info by default, raised to warning. */
const SETTINGS = { rules: { 'image-digest': 'warning' } };

interface EditorProfile {
  name: string;
  args: string[];
  capabilities: ClientCapabilities;
  initializationOptions?: unknown;
  /** Diagnostics are pulled when the capabilities include textDocument.diagnostic, else pushed. */
  pulls: boolean;
}

const PUSH_ONLY: ClientCapabilities['textDocument'] = { publishDiagnostics: { relatedInformation: true, versionSupport: true }, synchronization: { didSave: true } };
const PULL: ClientCapabilities['textDocument'] = { ...PUSH_ONLY, diagnostic: { dynamicRegistration: false, relatedDocumentSupport: false } };
const WORKSPACE: ClientCapabilities['workspace'] = { configuration: true, workspaceFolders: true, didChangeConfiguration: { dynamicRegistration: false } };

const EDITORS: EditorProfile[] = [
  // vim.lsp.config: cmd, settings (answers workspace/configuration and is sent with didChangeConfiguration).
  { name: 'Neovim', args: ['--stdio'], capabilities: { workspace: WORKSPACE, textDocument: PULL, window: { workDoneProgress: true, showDocument: { support: true } } }, pulls: true },
  // languages.toml: args, and `config`, sent as initializationOptions and used for workspace/configuration.
  { name: 'Helix', args: ['--stdio'], capabilities: { workspace: WORKSPACE, textDocument: PUSH_ONLY, window: { workDoneProgress: true } }, initializationOptions: { shipshape: SETTINGS }, pulls: false },
  // eglot-server-programs and eglot-workspace-configuration; eglot takes pushed diagnostics into Flymake.
  { name: 'Emacs eglot', args: ['--stdio'], capabilities: { workspace: { ...WORKSPACE, workspaceFolders: true }, textDocument: PUSH_ONLY, window: { showDocument: { support: true } } }, pulls: false },
  // LSP.sublime-settings: command, settings; initializationOptions default to {}.
  { name: 'Sublime LSP', args: ['--stdio'], capabilities: { workspace: WORKSPACE, textDocument: PULL, window: { workDoneProgress: true } }, initializationOptions: {}, pulls: true },
  // LSP4IJ's user-defined server: command line, mappings, and the Configuration (JSON) tab.
  { name: 'JetBrains LSP4IJ', args: ['--stdio'], capabilities: { workspace: WORKSPACE, textDocument: PULL, window: { workDoneProgress: true } }, pulls: true },
];

const DOCKERFILE = 'FROM node:20.18-bookworm-slim\nWORKDIR /app\nCOPY . .\nUSER 10001\nCMD ["node", "server.js"]\n';
const MANIFEST = 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: web\n      image: nginx:1.27\n      securityContext:\n        privileged: true\n';
const WORKFLOW = 'name: ci\non: push\njobs:\n  test:\n    runs-on: ubuntu-latest\n    steps:\n      - run: make\n';

const scratch = scratchFolder('editors');
let installed: InstalledPackage;
before(() => {
  installed = installPackedPackage(scratch.fresh('install'));
});

async function attach(editor: EditorProfile): Promise<void> {
  const project = scratch.fresh('project');
  mkdirSync(path.join(project, 'k8s'), { recursive: true });
  const uri = (name: string) => pathToFileURL(path.join(project, name)).href;
  const child = spawn(installed.bin('shipshape-language-server'), editor.args, { cwd: project, stdio: ['pipe', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  const connection = createMessageConnection(new StreamMessageReader(child.stdout), new StreamMessageWriter(child.stdin));
  const pushed = new Map<string, Diagnostic[]>();
  const waiters: Array<() => void> = [];
  connection.onRequest('workspace/configuration', (params: { items: Array<{ section?: string }> }) => params.items.map((item) => (item.section === 'shipshape' ? SETTINGS : null)));
  connection.onRequest('client/registerCapability', () => null);
  connection.onRequest('window/workDoneProgress/create', () => null);
  connection.onRequest('workspace/diagnostic/refresh', () => null);
  connection.onNotification('textDocument/publishDiagnostics', (params: PublishDiagnosticsParams) => {
    pushed.set(params.uri, params.diagnostics);
    for (const wake of waiters.splice(0)) wake();
  });
  connection.listen();
  try {
    const init = (await connection.sendRequest('initialize', {
      processId: process.pid,
      clientInfo: { name: editor.name },
      rootUri: pathToFileURL(project).href,
      workspaceFolders: [{ uri: pathToFileURL(project).href, name: 'project' }],
      capabilities: editor.capabilities,
      initializationOptions: editor.initializationOptions,
    })) as InitializeResult;
    assert.equal(init.serverInfo?.name, 'shipshape');
    assert.ok(init.capabilities.textDocumentSync, 'no text document sync');
    assert.equal(init.capabilities.diagnosticProvider !== undefined, editor.pulls, 'pull diagnostics offered to an editor that cannot pull, or not offered to one that can');
    await connection.sendNotification('initialized', {});
    await connection.sendNotification('workspace/didChangeConfiguration', { settings: { shipshape: SETTINGS } });

    const files = [
      { name: 'Dockerfile', languageId: 'dockerfile', text: DOCKERFILE },
      { name: 'k8s/pod.yaml', languageId: 'yaml', text: MANIFEST },
      { name: '.github/workflows/ci.yml', languageId: 'yaml', text: WORKFLOW },
    ];
    for (const file of files) {
      await connection.sendNotification('textDocument/didOpen', { textDocument: { uri: uri(file.name), languageId: file.languageId, version: 1, text: file.text } });
    }
    const diagnosticsOf = async (name: string): Promise<Diagnostic[]> => {
      if (editor.pulls) {
        const report = (await connection.sendRequest('textDocument/diagnostic', { textDocument: { uri: uri(name) } })) as { items: Diagnostic[] };
        return report.items;
      }
      const deadline = Date.now() + 15_000;
      while (!pushed.has(uri(name))) {
        if (Date.now() > deadline) throw new Error(`no diagnostics pushed for ${name}; server stderr:\n${stderr}`);
        await new Promise<void>((resolve) => {
          waiters.push(resolve);
          setTimeout(resolve, 100);
        });
      }
      return pushed.get(uri(name)) ?? [];
    };

    const dockerfile = await diagnosticsOf('Dockerfile');
    const digest = dockerfile.find((diagnostic) => diagnostic.code === 'image-digest');
    assert.ok(digest, `no image-digest among ${dockerfile.map((d) => d.code).join(', ')}`);
    assert.equal(digest.severity, 2, 'the editor settings did not raise image-digest to warning');
    assert.equal(digest.source, 'shipshape');
    assert.deepEqual(digest.range.start, { line: 0, character: 5 });

    const manifest = await diagnosticsOf('k8s/pod.yaml');
    const privileged = manifest.find((diagnostic) => diagnostic.code === 'privileged');
    assert.ok(privileged, `no privileged among ${manifest.map((d) => d.code).join(', ')}`);
    assert.equal(privileged.severity, 1);

    if (editor.pulls) assert.deepEqual(await diagnosticsOf('.github/workflows/ci.yml'), []);
    else assert.ok(!pushed.get(uri('.github/workflows/ci.yml'))?.length, 'diagnostics pushed for a YAML file that is no manifest');

    await connection.sendRequest('shutdown');
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await connection.sendNotification('exit');
    assert.equal(await exited, 0);
  } finally {
    connection.dispose();
    child.kill();
  }
}

describe('the installed language server in other editors', { timeout: 180_000 }, () => {
  for (const editor of EDITORS) it(`${editor.name}: handshake and diagnostics over stdio`, () => attach(editor));

  it('starts on stdio when the editor names no transport', () => attach({ ...EDITORS[0]!, name: 'no arguments', args: [] }));

  it('docs/editors.md configures each of these editors with the command and the settings tested here', () => {
    const doc = readFileSync(path.join(ROOT, 'docs', 'editors.md'), 'utf8');
    for (const heading of ['## Neovim', '## Helix', '## Emacs (eglot', '## Sublime Text', '## JetBrains IDEs (LSP4IJ)']) {
      const start = doc.indexOf(heading);
      assert.ok(start !== -1, heading);
      const section = doc.slice(start, doc.indexOf('\n## ', start + 1));
      assert.match(section, /shipshape-language-server/, heading);
      assert.match(section, /--stdio/, heading);
      assert.match(section, /image-digest/, heading);
      assert.match(section, /warning/, heading);
    }
  });
});
