// Restart Server: for a server that stopped answering, or after changing something it read at start.
import { window } from 'vscode';
import { describe, type ServerConnection } from '../language-client';

export async function restartServer(server: ServerConnection): Promise<void> {
  try {
    await server.restart();
    window.setStatusBarMessage('$(check) Shipshape server restarted', 3000);
  } catch (error) {
    void window.showErrorMessage(`The Shipshape server did not restart: ${describe(error)}. The Shipshape output has details.`);
  }
}
