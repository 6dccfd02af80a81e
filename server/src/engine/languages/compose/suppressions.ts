// Suppressions in Compose files: `# shipshape-ignore <id> -- reason` on its own line covers the node that
// follows (above a service name: that whole service; above a key: that key), at the end of a line the node
// on that line — the same placement as in Kubernetes manifests.
import type { Suppression } from '../../suppressions';
import { commentSuppressions } from '../kubernetes/suppressions';
import type { ComposeModel } from './model';

export function composeSuppressions(model: ComposeModel): Suppression[] {
  const document = model.source.document;
  if (!document || !model.text.includes('shipshape-ignore')) return [];
  return commentSuppressions({ text: model.text, lines: model.lines, comments: model.comments, documents: [document] });
}
