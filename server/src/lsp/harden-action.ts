// "Harden container" for Kubernetes manifests: offered next to any Shipshape diagnostic inside a container,
// applying every securityContext hardening of that container in one versioned edit.
import { CodeActionKind, TextDocumentEdit, type CodeAction, type Diagnostic } from 'vscode-languageserver';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import { detectFileKind } from '../engine/detect';
import { hardenContainer } from '../engine/languages/kubernetes/harden';
import { looksLikeTemplate, parseKubernetes } from '../engine/languages/kubernetes/model';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { isShipshapeDiagnostic, toTextEdit } from './diagnostics';

export function harden(document: TextDocument, diagnostics: Diagnostic[]): CodeAction | undefined {
  const ours = diagnostics.filter(isShipshapeDiagnostic);
  if (ours.length === 0) return undefined;
  const text = document.getText();
  if (detectFileKind({ path: document.uri, text, languageId: document.languageId }) !== 'kubernetes' || looksLikeTemplate(text)) return undefined;
  const model = parseKubernetes(text);
  const offsets = ours.map((diagnostic) => document.offsetAt(diagnostic.range.start));
  const container = model.containers.find((candidate) => {
    const range = candidate.node.range;
    return range !== undefined && range !== null && offsets.some((offset) => range[0] <= offset && offset <= range[1]);
  });
  if (!container) return undefined;
  const fix = hardenContainer(container, YamlEditor.for(text));
  if (!fix) return undefined;
  return {
    title: `${fix.title} (review: may change behaviour)`,
    kind: CodeActionKind.QuickFix,
    diagnostics: ours,
    edit: { documentChanges: [TextDocumentEdit.create({ uri: document.uri, version: document.version }, fix.edits.map((edit) => toTextEdit(document, edit)))] },
  };
}
