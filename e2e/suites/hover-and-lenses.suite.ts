// Hovers on image references, and the "Scan image" code lenses.
import * as assert from 'node:assert/strict';
import { suite, suiteSetup, suiteTeardown, test } from 'mocha';
import { commands, ConfigurationTarget, extensions, MarkdownString, Position, workspace, type CodeLens, type Hover } from 'vscode';
import { closeAllEditors, EXTENSION_ID, hasRule, openEditor, waitFor, waitForDiagnostics, workspaceUri } from './helpers';

function hoverText(hovers: Hover[]): string {
  return hovers
    .flatMap((hover) => hover.contents)
    .map((content) => (content instanceof MarkdownString ? content.value : typeof content === 'string' ? content : content.value))
    .join('\n---\n');
}

export function hoverAndLensesSuite(): void {
  suite('Hovers and code lenses', () => {
    suiteSetup(async () => {
      await openEditor('node-api/Dockerfile');
      await waitForDiagnostics(workspaceUri('node-api/Dockerfile'), 'image-eol', hasRule('image-eol'));
    });
    suiteTeardown(async () => {
      await workspace.getConfiguration('shipshape').update('codeLens.enable', undefined, ConfigurationTarget.Workspace);
      await closeAllEditors();
    });

    test('hovering an image shows its parts and its end of life', async () => {
      const hovers = await commands.executeCommand<Hover[]>('vscode.executeHoverProvider', workspaceUri('node-api/Dockerfile'), new Position(1, 8));
      const text = hoverText(hovers);
      assert.match(text, /\*\*Image\*\* `node:16`/);
      assert.match(text, /\| registry \| `docker\.io` \|/);
      assert.match(text, /\| tag \| `16` \|/);
      assert.match(text, /Node\.js 16 \(gallium\): \*\*end of life since 2023-09-11\*\*/);
    });

    test('hovering an image without a tag says that it means latest', async () => {
      await openEditor('k8s/web-deployment.yaml');
      const hovers = await commands.executeCommand<Hover[]>('vscode.executeHoverProvider', workspaceUri('k8s/web-deployment.yaml'), new Position(35, 22));
      const text = hoverText(hovers);
      assert.match(text, /\*\*Image\*\* `fluent\/fluent-bit`/);
      assert.match(text, /\| tag \| \*none \(means `latest`\)\* \|/);
    });

    test('text that is no image and has no finding gets no Shipshape hover', async () => {
      const hovers = await commands.executeCommand<Hover[]>('vscode.executeHoverProvider', workspaceUri('node-api/Dockerfile'), new Position(7, 2));
      assert.doesNotMatch(hoverText(hovers), /\*\*Image\*\*|Documentation\]\(https:\/\/github\.com\/shipshape-dev/);
    });

    test('"Scan image" code lenses follow shipshape.codeLens.enable, and appear only when the client can scan', async () => {
      const extension = extensions.getExtension(EXTENSION_ID);
      const contributed = (extension?.packageJSON as { contributes?: { commands?: Array<{ command: string }> } } | undefined)?.contributes?.commands ?? [];
      const canScan = contributed.some((entry) => entry.command === 'shipshape.scanImage');
      const uri = workspaceUri('k8s/web-deployment.yaml');
      await openEditor('k8s/web-deployment.yaml');
      const scanLenses = async () => {
        const lenses = await commands.executeCommand<CodeLens[]>('vscode.executeCodeLensProvider', uri);
        return lenses.filter((lens) => lens.command?.title === 'Scan image');
      };
      await workspace.getConfiguration('shipshape').update('codeLens.enable', true, ConfigurationTarget.Workspace);
      if (canScan) {
        const lenses = await waitFor('two "Scan image" lenses, one per image', async () => {
          const found = await scanLenses();
          return found.length === 2 ? found : undefined;
        });
        assert.deepEqual(
          lenses.map((lens) => [lens.range.start.line, lens.command?.command, lens.command?.arguments?.[0]]),
          [
            [20, 'shipshape.scanImage', 'ghcr.io/acme/storefront:latest'],
            [35, 'shipshape.scanImage', 'fluent/fluent-bit'],
          ],
        );
      } else {
        assert.deepEqual(await scanLenses(), [], 'without the shipshape.scanImage command there is nothing for a lens to run');
      }
      await workspace.getConfiguration('shipshape').update('codeLens.enable', false, ConfigurationTarget.Workspace);
      await waitFor('the lenses to go once shipshape.codeLens.enable is false', async () => ((await scanLenses()).length === 0 ? true : undefined));
    });
  });
}
