// Protocol tests for what keeps the editor's findings trustworthy: a broken .shipshape.yaml still applies its
// valid parts and says so on every file; config ignores and other tools' comments silence what they name.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { pathToFileURL } from 'node:url';
import { configFromLayers, lintSource } from '../../server/src/analysis';
import { baselineEntries, formatBaseline } from '../../server/src/host/baseline';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { TestClient } from '../helpers/lsp-client';

let root: string;
const uri = (...parts: string[]) => pathToFileURL(join(root, ...parts)).toString();
const write = (relative: string, text: string) => {
  mkdirSync(join(root, relative, '..'), { recursive: true });
  writeFileSync(join(root, relative), text);
};

before(() => {
  root = mkdtempSync(join(tmpdir(), 'shipshape-lsp-trust-'));
});
after(() => rmSync(root, { recursive: true, force: true }));

const DOCKERFILE = 'FROM node:22-alpine\nCOPY server.js /app/\nUSER root\nCMD ["node", "/app/server.js"]\n';

describe('language server: configuration problems', () => {
  it('keeps the valid parts of a .shipshape.yaml with a typo and warns on every linted file', async () => {
    write('typo/.shipshape.yaml', 'rules:\n  user-root: off\nrulez:\n  image-digest: off\n');
    write('typo/.dockerignore', '.git\n.env\n');
    const client = new TestClient();
    const document = await client.open(uri('typo', 'Dockerfile'), DOCKERFILE, 'dockerfile');
    const diagnostics = await client.pull(document.uri);
    assert.equal(diagnostics.filter((d) => d.code === 'user-root').length, 0, 'rules.user-root: off still applies');
    const warning = diagnostics.find((d) => /not fully in force/.test(String(d.message)));
    assert.ok(warning, diagnostics.map((d) => d.message).join('\n'));
    assert.equal(warning.severity, 2);
    assert.match(String(warning.message), /line 3: unknown key "rulez"; did you mean "rules"\?/);
    assert.equal(warning.relatedInformation?.[0]?.location.uri, uri('typo', '.shipshape.yaml'));
    assert.equal(warning.relatedInformation?.[0]?.location.range.start.line, 2);
    const workspace = await client.request<{ files: Array<{ diagnostics: Array<{ message: string }> }> }>('shipshape/lintFiles', {
      files: [{ uri: uri('typo', 'other.Dockerfile'), text: DOCKERFILE }],
    });
    assert.ok(workspace.files[0]?.diagnostics.some((d) => /not fully in force/.test(d.message)), 'Lint Workspace shows it too');
    const config = await client.open(uri('typo', '.shipshape.yaml'), 'rules:\n  user-root: off\nrulez:\n  image-digest: off\n', 'yaml');
    const problems = await client.pull(config.uri);
    assert.deepEqual(problems.map((d) => [d.range.start.line, d.message]), [[2, 'Invalid Shipshape configuration: unknown key "rulez"; did you mean "rules"?']]);
    client.dispose();
  });

  it('applies ignore entries to the files their paths match', async () => {
    write('ignoring/.shipshape.yaml', 'ignore:\n  - rule: user-root\n    paths: ["vendor/**"]\n    reason: upstream image\n');
    write('ignoring/.dockerignore', '.git\n.env\n');
    const client = new TestClient();
    const vendored = await client.open(uri('ignoring', 'vendor', 'Dockerfile'), DOCKERFILE, 'dockerfile');
    assert.equal((await client.pull(vendored.uri)).filter((d) => d.code === 'user-root').length, 0);
    const own = await client.open(uri('ignoring', 'Dockerfile'), DOCKERFILE, 'dockerfile');
    assert.equal((await client.pull(own.uri)).filter((d) => d.code === 'user-root').length, 1);
    client.dispose();
  });

  it('honours hadolint comments in the editor too', async () => {
    const client = new TestClient();
    const text = 'FROM node:22-alpine\nCOPY server.js /app/\n# hadolint ignore=DL3002\nUSER root\nCMD ["node", "/app/server.js"]\n';
    const document = await client.open(uri('typo', 'hadolint.Dockerfile'), text, 'dockerfile');
    const diagnostics = await client.pull(document.uri);
    assert.equal(diagnostics.filter((d) => d.code === 'user-root' || d.code === 'suppression-unused').length, 0);
    client.dispose();
  });
});

describe('language server: baseline', () => {
  it('dims baselined findings by default, hides them or shows them as the setting says; new ones stay', async () => {
    write('baselined/.dockerignore', '.git\n.env\n');
    const path = join(root, 'baselined', 'Dockerfile');
    const findings = lintSource({ path, text: DOCKERFILE, buildContext: { dockerignore: '.git\n.env\n' } }, configFromLayers([])).findings;
    write('baselined/.shipshape-baseline.json', formatBaseline(baselineEntries(join(root, 'baselined'), path, DOCKERFILE, findings)));
    const client = new TestClient({ settings: {} });
    const edited = DOCKERFILE.replace('CMD', 'RUN sudo apk add --no-cache curl\nCMD');
    const document = await client.open(uri('baselined', 'Dockerfile'), edited, 'dockerfile');
    const dimmed = await client.pull(document.uri);
    const userRoot = dimmed.find((d) => d.code === 'user-root');
    assert.equal(userRoot?.severity, 4, 'a hint');
    assert.match(String(userRoot?.message), /\(accepted in the baseline\)$/);
    assert.equal(dimmed.find((d) => d.code === 'sudo')?.severity, 2, 'the new finding is a warning as usual');
    const summary = await client.request<{ warnings: number; infos: number }>('shipshape/documentSummary', { uri: document.uri });
    assert.equal(summary.warnings, 1, 'only the new finding counts');

    await client.changeSettings({ baselinedFindings: 'hide' });
    await client.waitFor(() => client.refreshes > 0);
    const hidden = await client.pull(document.uri);
    assert.deepEqual(hidden.map((d) => d.code), ['sudo']);
    await client.changeSettings({ baselinedFindings: 'show' });
    const shown = await client.pull(document.uri);
    assert.equal(shown.find((d) => d.code === 'user-root')?.severity, 2);
    client.dispose();
  });
});

describe('language server: disable a rule in .shipshape.yaml', () => {
  type Change = { kind?: string; uri?: string; textDocument?: { uri: string; version: number | null }; edits?: Array<{ range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }> };
  const actionsFor = async (client: TestClient, documentUri: string, ruleId: string) => {
    const diagnostics = await client.pull(documentUri);
    const diagnostic = diagnostics.find((d) => d.code === ruleId);
    assert.ok(diagnostic, `${ruleId} among ${diagnostics.map((d) => d.code).join(', ')}`);
    return client.request<Array<{ title: string; edit?: { documentChanges?: Change[] } }>>('textDocument/codeAction', {
      textDocument: { uri: documentUri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
  };
  const applyTo = (text: string, change: Change) => {
    const document = TextDocument.create('file:///x', 'yaml', 0, text);
    return TextDocument.applyEdits(document, change.edits ?? []);
  };

  it('edits the nearest configuration, keeping its comments, for the project or just this file', async () => {
    const config = '# Team policy, reviewed quarterly\npreset: recommended\nrules:\n  image-digest: warning # pinned by Renovate\n';
    write('edit-config/.shipshape.yaml', config);
    write('edit-config/.dockerignore', '.git\n.env\n');
    const client = new TestClient();
    const document = await client.open(uri('edit-config', 'services', 'api', 'Dockerfile'), DOCKERFILE, 'dockerfile');
    const actions = await actionsFor(client, document.uri, 'user-root');
    const project = actions.find((a) => a.title === 'Disable user-root in .shipshape.yaml');
    const file = actions.find((a) => a.title === 'Disable user-root for this file in .shipshape.yaml');
    assert.ok(project && file, actions.map((a) => a.title).join(' | '));
    const projectChange = project.edit?.documentChanges?.[0] as Change;
    assert.equal(projectChange.textDocument?.uri, uri('edit-config', '.shipshape.yaml'));
    assert.equal(projectChange.textDocument?.version, null, 'not open: an unversioned edit');
    assert.equal(applyTo(config, projectChange), `${config}  user-root: off\n`);
    assert.equal(applyTo(config, file.edit?.documentChanges?.[0] as Change), `${config}ignore:\n  - rule: user-root\n    paths: [/services/api/Dockerfile]\n`);

    // The edited policy is read back: the rule is off for that file.
    write('edit-config/.shipshape.yaml', applyTo(config, file.edit?.documentChanges?.[0] as Change));
    await client.connection.sendNotification('workspace/didChangeWatchedFiles', { changes: [{ uri: uri('edit-config', '.shipshape.yaml'), type: 2 }] });
    const after = await client.pull(document.uri);
    assert.equal(after.filter((d) => d.code === 'user-root').length, 0);
    assert.ok(!after.some((d) => /not fully in force/.test(String(d.message))), 'the edited file is valid');
    client.dispose();
  });

  it('creates .shipshape.yaml at the workspace folder root when there is none', async () => {
    write('no-config/app/.dockerignore', '.git\n.env\n');
    for (const [folders, expected] of [
      [[uri('no-config')], uri('no-config', '.shipshape.yaml')],
      [[], uri('no-config', 'app', '.shipshape.yaml')],
    ] as const) {
      const client = new TestClient({ workspaceFolders: [...folders] });
      const document = await client.open(uri('no-config', 'app', 'Dockerfile'), DOCKERFILE, 'dockerfile');
      const actions = await actionsFor(client, document.uri, 'user-root');
      const project = actions.find((a) => a.title === 'Disable user-root in .shipshape.yaml');
      const [create, insert] = (project?.edit?.documentChanges ?? []) as Change[];
      assert.equal(create?.kind, 'create');
      assert.equal(create?.uri, expected, folders.length === 0 ? 'without workspace folders: beside the file' : 'at the workspace folder');
      assert.equal(applyTo('', insert as Change), 'rules:\n  user-root: off\n');
      const file = actions.find((a) => a.title === 'Disable user-root for this file in .shipshape.yaml');
      const fileInsert = (file?.edit?.documentChanges ?? [])[1] as Change;
      assert.equal(applyTo('', fileInsert), `ignore:\n  - rule: user-root\n    paths: ["/${folders.length === 0 ? '' : 'app/'}Dockerfile"]\n`);
      client.dispose();
    }
  });
});

describe('language server: fixes that create files', () => {
  it('offers "Create a .dockerignore" as a workspace edit that creates the file beside the Dockerfile', async () => {
    mkdirSync(join(root, 'no-ignore'), { recursive: true });
    const text = 'FROM node:22-alpine\nWORKDIR /app\nCOPY . .\nUSER node\nCMD ["node", "server.js"]\n';
    const client = new TestClient();
    const document = await client.open(uri('no-ignore', 'Dockerfile'), text, 'dockerfile');
    const diagnostic = (await client.pull(document.uri)).find((d) => d.code === 'secret-file-copied');
    assert.ok(diagnostic);
    const actions = await client.request<Array<{ title: string; edit?: { documentChanges?: Array<Record<string, unknown>> } }>>('textDocument/codeAction', {
      textDocument: { uri: document.uri },
      range: diagnostic.range,
      context: { diagnostics: [diagnostic] },
    });
    const create = actions.find((action) => action.title.startsWith('Create a .dockerignore'));
    assert.ok(create, actions.map((action) => action.title).join(' | '));
    const [creation, fill] = create.edit?.documentChanges ?? [];
    assert.deepEqual(creation, { kind: 'create', uri: uri('no-ignore', '.dockerignore') });
    const edits = (fill as { textDocument: { uri: string; version: null }; edits: Array<{ newText: string }> });
    assert.deepEqual(edits.textDocument, { uri: uri('no-ignore', '.dockerignore'), version: null });
    assert.match(edits.edits[0]?.newText ?? '', /^\*\*\/\.git$/m);
    assert.match(edits.edits[0]?.newText ?? '', /^\*\*\/\.env$/m);
    client.dispose();
  });
});

describe('language server: Namespaces in the workspace', () => {
  it('a Namespace label in another file sets the level in the editor and in Lint Workspace, and follows edits', async () => {
    const namespace = 'apiVersion: v1\nkind: Namespace\nmetadata:\n  name: legacy\n  labels:\n    pod-security.kubernetes.io/enforce: baseline\n';
    const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n  namespace: legacy\nspec:\n  template:\n    spec:\n      containers:\n        - name: web\n          image: nginx:1.27\n';
    write('ns-workspace/cluster/namespaces.yaml', namespace);
    const client = new TestClient({ workspaceFolders: [uri('ns-workspace')] });
    const document = await client.open(uri('ns-workspace', 'apps', 'deploy.yaml'), deploy, 'yaml');
    const codes = async () => (await client.pull(document.uri)).map((d) => String(d.code));
    assert.ok(!(await codes()).includes('run-as-non-root'), 'baseline from the Namespace on disk');

    const workspace = await client.request<{ files: Array<{ uri: string; diagnostics: Array<{ code: string }> }> }>('shipshape/lintFiles', {
      files: [{ uri: uri('ns-workspace', 'apps', 'other.yaml'), text: deploy.replace('name: web', 'name: other') }],
    });
    assert.ok(!workspace.files[0]?.diagnostics.some((d) => d.code === 'run-as-non-root'), 'Lint Workspace uses the same index');

    // Editing the open Namespace to restricted applies at once.
    const open = await client.open(uri('ns-workspace', 'cluster', 'namespaces.yaml'), namespace, 'yaml');
    await client.change(open.uri, namespace.replace('enforce: baseline', 'enforce: restricted'));
    assert.ok((await codes()).includes('run-as-non-root'));
    client.dispose();
  });
});
