// Show Output: the log the language server and the commands write to.
import type { ServerConnection } from '../language-client';

export function showOutput(server: ServerConnection): void {
  server.output.show(true);
}
