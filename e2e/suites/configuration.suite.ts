// Settings and `.shipshape.yaml` changes reach the server and re-lint the files that are open.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, teardown, test } from 'mocha';
import { ConfigurationTarget, DiagnosticSeverity, workspace } from 'vscode';
import { closeAllEditors, hasRule, lacksRule, openEditor, readText, ruleIdOf, waitForDiagnostics, workspaceUri, writeText } from './helpers';

export function configurationSuite(): void {
  suite('Configuration', () => {
    const dockerfile = () => workspaceUri('node-api/Dockerfile');
    const config = () => workspaceUri('.shipshape.yaml');
    let originalConfig = '';

    suiteSetup(async () => {
      originalConfig = await readText(config());
      await openEditor('node-api/Dockerfile');
      await waitForDiagnostics(dockerfile(), 'user-missing and image-eol', (found) => hasRule('user-missing')(found) && hasRule('image-eol')(found));
    });
    teardown(async () => {
      await workspace.getConfiguration('shipshape').update('rules', undefined, ConfigurationTarget.Workspace);
      if ((await readText(config())) !== originalConfig) await writeText(config(), originalConfig);
    });
    suiteTeardown(closeAllEditors);

    test('turning a rule off in shipshape.rules removes its diagnostics, and removing the setting brings them back', async () => {
      await workspace.getConfiguration('shipshape').update('rules', { 'user-missing': 'off' }, ConfigurationTarget.Workspace);
      await waitForDiagnostics(dockerfile(), 'user-missing to go', lacksRule('user-missing'));
      await workspace.getConfiguration('shipshape').update('rules', undefined, ConfigurationTarget.Workspace);
      await waitForDiagnostics(dockerfile(), 'user-missing to return', hasRule('user-missing'));
    });

    test('a severity set in shipshape.rules changes the diagnostic severity', async () => {
      await workspace.getConfiguration('shipshape').update('rules', { 'image-eol': 'error' }, ConfigurationTarget.Workspace);
      const diagnostics = await waitForDiagnostics(dockerfile(), 'image-eol as an error', (found) =>
        found.some((diagnostic) => ruleIdOf(diagnostic) === 'image-eol' && diagnostic.severity === DiagnosticSeverity.Error),
      );
      const userMissing = diagnostics.find((diagnostic) => ruleIdOf(diagnostic) === 'user-missing');
      assert.equal(userMissing?.severity, DiagnosticSeverity.Warning);
    });

    test('editing .shipshape.yaml on disk re-lints the open files', async () => {
      assert.match(originalConfig, /^rules:\n {2}healthcheck-missing: info$/m);
      await writeText(config(), originalConfig.replace(/^rules:\n/m, 'rules:\n  image-eol: off\n'));
      await waitForDiagnostics(dockerfile(), 'image-eol to go after .shipshape.yaml turned it off', lacksRule('image-eol'));
      await writeText(config(), originalConfig);
      await waitForDiagnostics(dockerfile(), 'image-eol to return after .shipshape.yaml was restored', hasRule('image-eol'));
    });
  });
}
