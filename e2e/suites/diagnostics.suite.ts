// Diagnostics, quick fixes and fix-all through the real VS Code API, language client and language server.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import { CodeActionKind, commands, DiagnosticSeverity, extensions, Range, workspace, type CodeAction } from 'vscode';
import {
  appendLine,
  closeAllEditors,
  docsUrl,
  EXTENSION_ID,
  hasRule,
  lacksRule,
  openEditor,
  ruleIdOf,
  waitForDiagnostics,
  workspaceUri,
} from './helpers';

async function quickFixes(uri: ReturnType<typeof workspaceUri>, range: Range): Promise<CodeAction[]> {
  return commands.executeCommand<CodeAction[]>('vscode.executeCodeActionProvider', uri, range, CodeActionKind.QuickFix.value);
}

export function diagnosticsSuite(): void {
  suite('Diagnostics and fixes', () => {
    suiteSetup(async () => {
      await extensions.getExtension(EXTENSION_ID)?.activate();
    });
    suiteTeardown(closeAllEditors);

    test('the extension under test is the development copy, and it is active', () => {
      const extension = extensions.getExtension(EXTENSION_ID);
      assert.ok(extension, `extension ${EXTENSION_ID} is not loaded`);
      assert.equal(extension.isActive, true);
      const expected = process.env.SHIPSHAPE_E2E_EXTENSION_PATH;
      if (expected) assert.equal(extension.extensionPath, expected);
    });

    test('a Dockerfile gets diagnostics with the rule id as code, a link to the rule page and exact ranges', async () => {
      const uri = workspaceUri('node-api/Dockerfile');
      await openEditor('node-api/Dockerfile');
      const diagnostics = await waitForDiagnostics(uri, 'user-missing and image-eol', (found) => hasRule('user-missing', 1)(found) && hasRule('image-eol', 1)(found));
      const userMissing = diagnostics.find((diagnostic) => ruleIdOf(diagnostic) === 'user-missing');
      assert.ok(userMissing);
      assert.equal(userMissing.severity, DiagnosticSeverity.Warning);
      // `FROM node:16` on line 2: the image reference, 0-based line 1, characters 5 to 12.
      assert.deepEqual(
        [userMissing.range.start.line, userMissing.range.start.character, userMissing.range.end.line, userMissing.range.end.character],
        [1, 5, 1, 12],
      );
      for (const diagnostic of diagnostics) {
        const code = diagnostic.code;
        assert.ok(typeof code === 'object' && code !== null, `diagnostic "${diagnostic.message}" has no code with a target`);
        assert.equal(typeof code.value, 'string');
        assert.equal(code.target.toString(true), docsUrl(String(code.value)));
      }
    });

    test('typing a secret into ENV adds a diagnostic before the file is saved', async () => {
      const uri = workspaceUri('node-api/Dockerfile');
      const editor = await openEditor('node-api/Dockerfile');
      await appendLine(editor, 'ENV API_TOKEN=Zq8vT2mK9xLp4Rw7');
      const line = editor.document.getText().split('\n').findIndex((text) => text.startsWith('ENV API_TOKEN='));
      assert.ok(line > 0);
      const diagnostics = await waitForDiagnostics(uri, 'secret-build-arg-env on the new ENV line', hasRule('secret-build-arg-env', line));
      const added = diagnostics.find((diagnostic) => ruleIdOf(diagnostic) === 'secret-build-arg-env' && diagnostic.range.start.line === line);
      assert.match(added?.message ?? '', /ENV "API_TOKEN" looks like a secret/);
      assert.equal(editor.document.isDirty, true);
    });

    test('the quick fix for ADD replaces it with COPY, and its diagnostic clears', async () => {
      const uri = workspaceUri('node-api/Dockerfile');
      const editor = await openEditor('node-api/Dockerfile');
      const diagnostics = await waitForDiagnostics(uri, 'add-instead-of-copy on line 13', hasRule('add-instead-of-copy', 12));
      const target = diagnostics.find((diagnostic) => ruleIdOf(diagnostic) === 'add-instead-of-copy');
      assert.ok(target);
      const actions = await quickFixes(uri, target.range);
      const fix = actions.find((action) => action.title === 'Replace ADD with COPY');
      assert.ok(fix?.edit, `no "Replace ADD with COPY" among: ${actions.map((action) => action.title).join(' | ')}`);
      assert.equal(fix.isPreferred, true);
      assert.ok(actions.some((action) => action.title === 'Suppress add-instead-of-copy here with a comment'));
      assert.ok(await workspace.applyEdit(fix.edit));
      assert.equal(editor.document.lineAt(12).text, 'COPY package.json package-lock.json ./');
      await waitForDiagnostics(uri, 'add-instead-of-copy to clear', lacksRule('add-instead-of-copy'));
    });

    test('a manifest fix keeps the comment on the line it edits', async () => {
      const uri = workspaceUri('k8s/web-deployment.yaml');
      const editor = await openEditor('k8s/web-deployment.yaml');
      assert.equal(editor.document.lineAt(37).text, '            privileged: true # needs to read the Docker socket');
      const diagnostics = await waitForDiagnostics(uri, 'privileged on line 38', hasRule('privileged', 37));
      const target = diagnostics.find((diagnostic) => ruleIdOf(diagnostic) === 'privileged');
      assert.ok(target);
      assert.equal(target.severity, DiagnosticSeverity.Error);
      const actions = await quickFixes(uri, target.range);
      const fix = actions.find((action) => action.title === 'Set privileged: false (review: may change behaviour)');
      assert.ok(fix?.edit, `no privileged fix among: ${actions.map((action) => action.title).join(' | ')}`);
      assert.equal(fix.isPreferred, false, 'a fix that may change behaviour must not be preferred');
      assert.ok(await workspace.applyEdit(fix.edit));
      assert.equal(editor.document.lineAt(37).text, '            privileged: false # needs to read the Docker socket');
      await waitForDiagnostics(uri, 'privileged to clear', lacksRule('privileged'));
    });

    test('fix all applies the safe fixes only', async () => {
      const uri = workspaceUri('go-service/Dockerfile');
      const editor = await openEditor('go-service/Dockerfile');
      await waitForDiagnostics(uri, 'package-no-recommends and user-name-not-numeric', (found) => hasRule('package-no-recommends')(found) && hasRule('user-name-not-numeric')(found));
      const all = new Range(0, 0, editor.document.lineCount, 0);
      const actions = await commands.executeCommand<CodeAction[]>('vscode.executeCodeActionProvider', uri, all, 'source.fixAll.shipshape');
      const fixAll = actions.filter((action) => action.kind?.value === 'source.fixAll.shipshape');
      assert.equal(fixAll.length, 1, `fix-all actions: ${actions.map((action) => action.title).join(' | ')}`);
      assert.equal(fixAll[0]?.title, 'Fix all safe Shipshape problems (2)');
      const edit = fixAll[0]?.edit;
      assert.ok(edit);
      assert.ok(await workspace.applyEdit(edit));
      const text = editor.document.getText();
      assert.match(text, /^RUN apk add --no-cache git$/m);
      assert.match(text, /^USER 10001$/m);
      // The end-of-life upgrade may change behaviour, so fix-all leaves it to a person.
      assert.match(text, /^FROM golang:1\.23-alpine AS build$/m);
      await waitForDiagnostics(uri, 'the fixed rules to clear', (found) => lacksRule('package-no-recommends')(found) && lacksRule('user-name-not-numeric')(found) && hasRule('image-eol')(found));
    });
  });
}
