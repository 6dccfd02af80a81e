// The contributed commands, run the way the command palette runs them.
import * as assert from 'node:assert/strict';
import { setup, suite, suiteTeardown, teardown, test } from 'mocha';
import { commands, env, window, workspace, type Uri } from 'vscode';
import {
  appendLine,
  closeAllEditors,
  docsUrl,
  exists,
  hasRule,
  openEditor,
  readText,
  ruleIds,
  shipshapeDiagnostics,
  sleep,
  waitFor,
  waitForDiagnostics,
  within,
  workspaceUri,
  writeText,
} from './helpers';

/**
 * Runs a command that ends by waiting on a notification (Lint Workspace's summary, Create Config File's "already
 * exists"): once `ready` holds, closes notifications until the command returns.
 */
async function runAndDismiss(command: string, ready: () => Promise<unknown>): Promise<void> {
  let settled = false;
  const running = Promise.resolve(commands.executeCommand(command)).finally(() => {
    settled = true;
  });
  await ready();
  await waitFor(`${command} to return once its notification is closed`, async () => {
    if (settled) return true;
    await commands.executeCommand('notifications.clearAll');
    await sleep(200);
    return settled ? true : undefined;
  });
  await running;
}

export function commandsSuite(): void {
  suite('Commands', () => {
    suiteTeardown(closeAllEditors);

    test('Lint Workspace reports on files that were never opened, and skips YAML that is not a manifest', async () => {
      const notManifest = workspaceUri('notes/settings.yaml');
      await writeText(notManifest, 'name: storefront\nreplicas: 3\npassword: hunter2-prod-Zq8v\n');
      const pythonWorker = workspaceUri('python-worker/Dockerfile');
      const storefrontSecret = workspaceUri('k8s/storefront-secret.yaml');
      for (const uri of [pythonWorker, storefrontSecret]) {
        assert.equal(workspace.textDocuments.some((document) => document.uri.toString() === uri.toString()), false);
        assert.deepEqual(shipshapeDiagnostics(uri), []);
      }
      await runAndDismiss('shipshape.lintWorkspace', async () => {
        await waitForDiagnostics(pythonWorker, 'add-remote-unverified', hasRule('add-remote-unverified', 12));
        await waitForDiagnostics(storefrontSecret, 'secret-manifest and secret-hardcoded', (found) => hasRule('secret-manifest')(found) && hasRule('secret-hardcoded')(found));
      });
      assert.deepEqual(ruleIds(notManifest), []);
      assert.deepEqual(ruleIds(workspaceUri('.shipshape.yaml')), []);
    });

    suite('Create Config File', () => {
      const config = () => workspaceUri('.shipshape.yaml');
      const parked = () => workspaceUri('.shipshape.yaml.e2e-parked');
      let original = '';

      setup(async () => {
        original = await readText(config());
      });
      teardown(async () => {
        if (await exists(parked())) {
          await workspace.fs.delete(config(), { useTrash: false }).then(undefined, () => undefined);
          await workspace.fs.rename(parked(), config(), { overwrite: true });
        }
        assert.equal(await readText(config()), original);
      });

      test('leaves an existing .shipshape.yaml as it is', async () => {
        await runAndDismiss('shipshape.createConfigFile', () => sleep(500));
        assert.equal(await readText(config()), original);
      });

      test('writes a commented .shipshape.yaml listing every rule and opens it', async () => {
        await workspace.fs.rename(config(), parked());
        await within('Create Config File', commands.executeCommand('shipshape.createConfigFile'));
        const written = await readText(config());
        assert.match(written, /^# Shipshape project configuration\./);
        assert.match(written, /^# preset: recommended$/m);
        assert.match(written, /^# {3}user-missing: warning +# Set a non-root USER for the image that ships$/m);
        assert.match(written, /^# {3}add-instead-of-copy: warning /m);
        assert.equal(written.split('\n').some((line) => /^[a-z]/.test(line)), false, 'every setting should be commented out');
        assert.equal(window.activeTextEditor?.document.uri.toString(), config().toString());
        await commands.executeCommand('workbench.action.closeActiveEditor');
      });
    });

    suite('Show Rule Documentation', () => {
      const opened: string[] = [];
      const realOpenExternal = env.openExternal;

      setup(() => {
        opened.length = 0;
        // The extension host lets test runs replace env functions; the browser must not open GitHub.
        (env as { openExternal: typeof env.openExternal }).openExternal = async (target: Uri) => {
          opened.push(target.toString(true));
          return true;
        };
      });
      teardown(() => {
        (env as { openExternal: typeof env.openExternal }).openExternal = realOpenExternal;
      });

      test('opens the page of the rule it is given', async () => {
        await within('Show Rule Documentation', commands.executeCommand('shipshape.showRuleDocumentation', 'user-missing'));
        assert.deepEqual(opened, [docsUrl('user-missing')]);
      });

      test('opens nothing for an unknown rule id', async () => {
        await within('Show Rule Documentation', commands.executeCommand('shipshape.showRuleDocumentation', 'no-such-rule'));
        assert.deepEqual(opened, []);
        await commands.executeCommand('notifications.clearAll');
      });

      test('without an id, offers the rules sorted by id and opens the one picked', async () => {
        const running = Promise.resolve(commands.executeCommand('shipshape.showRuleDocumentation'));
        await waitFor('the rule pick list to accept a choice', async () => {
          await commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
          return opened.length > 0 ? true : undefined;
        });
        await within('Show Rule Documentation', running);
        assert.deepEqual(opened, [docsUrl('add-instead-of-copy')]);
      });
    });

    test('Restart Server brings back a server that lints edits', async () => {
      const uri = workspaceUri('python-worker/Dockerfile');
      const editor = await openEditor('python-worker/Dockerfile');
      await waitForDiagnostics(uri, 'user-root', hasRule('user-root'));
      await within('Restart Server', commands.executeCommand('shipshape.restartServer'));
      await appendLine(editor, 'RUN sudo apt-get install -y curl');
      const line = editor.document.lineCount - 2;
      assert.equal(editor.document.lineAt(line).text, 'RUN sudo apt-get install -y curl');
      await waitForDiagnostics(uri, 'sudo on the line typed after the restart', hasRule('sudo', line));
    });
  });
}
