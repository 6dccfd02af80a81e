// "Harden container" for Kubernetes manifests and "Harden service" for Compose files: offered next to any
// Shipshape diagnostic inside a container or service, applying all of its hardening in one versioned edit.
import { CodeActionKind, TextDocumentEdit, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { detectFileKind } from '../engine/detect';
import { hardenService } from '../engine/languages/compose/harden';
import { parseCompose } from '../engine/languages/compose/model';
import { hardenContainer } from '../engine/languages/kubernetes/harden';
import { looksLikeTemplate, parseKubernetes } from '../engine/languages/kubernetes/model';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import type { Fix, SourceFile } from '../engine/types';
import { isShipshapeDiagnostic, toTextEdit } from './diagnostics';

export function harden(document: TextDocument, diagnostics: Diagnostic[], source?: SourceFile): CodeAction | undefined {
  const ours = diagnostics.filter(isShipshapeDiagnostic);
  if (ours.length === 0) return undefined;
  const text = document.getText();
  const kind = detectFileKind({ path: document.uri, text, languageId: document.languageId });
  if (kind === 'compose') return hardenComposeService(document, ours, source);
  if (kind !== 'kubernetes' || looksLikeTemplate(text)) return undefined;
  const model = parseKubernetes(text);
  const offsets = ours.map((diagnostic) => document.offsetAt(diagnostic.range.start));
  const container = model.containers.find((candidate) => {
    const range = candidate.node.range;
    return range !== undefined && range !== null && offsets.some((offset) => range[0] <= offset && offset <= range[1]);
  });
  if (!container) return undefined;
  const fix = hardenContainer(container, YamlEditor.for(text));
  return fix ? hardenAction(document, ours, fix) : undefined;
}

/** "Harden service" for the Compose service whose lines hold one of the diagnostics. */
function hardenComposeService(document: TextDocument, ours: Diagnostic[], source: SourceFile | undefined): CodeAction | undefined {
  const text = document.getText();
  const model = parseCompose(source?.path ?? document.uri, text, source?.compose);
  const offsets = ours.map((diagnostic) => document.offsetAt(diagnostic.range.start));
  const service = model.services.find((candidate) => {
    const start = candidate.key.range?.[0];
    const end = candidate.map.range?.[1];
    return candidate.source.linted && start !== undefined && end !== undefined && offsets.some((offset) => start <= offset && offset <= end);
  });
  const fix = service ? hardenService(model, service) : undefined;
  return fix ? hardenAction(document, ours, fix) : undefined;
}

function hardenAction(document: TextDocument, ours: Diagnostic[], fix: Fix): CodeAction {
  return {
    title: `${fix.title} (review: may change behaviour)`,
    kind: CodeActionKind.QuickFix,
    diagnostics: ours,
    edit: { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, fix.edits.map((edit) => toTextEdit(document, edit)))] },
  };
}
