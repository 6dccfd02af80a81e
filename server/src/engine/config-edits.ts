// Edits to a `.shipshape.yaml` for the "Disable <rule>" quick fixes: `rules: {<id>: off}` for the project, an
// `ignore:` entry for one file. Computed on the file's source like every YAML fix, so its comments, order and
// style stay as written; an empty (or new) file gets the keys appended.
import { isMap, isScalar, parseDocument, type YAMLMap } from 'yaml';
import { pairAt } from './languages/kubernetes/model';
import { YamlEditor, type YamlChanges } from './languages/kubernetes/yaml-edit';
import { appendMapItem } from './languages/kubernetes/yaml-insert';
import type { Edit } from './types';

/** Sets `rules.<ruleId>: off`. Undefined when the file cannot be edited safely (invalid YAML, not a mapping). */
export function disableRuleEdits(text: string, ruleId: string): Edit[] | undefined {
  const root = editableRoot(text);
  if (root === undefined) return undefined;
  if (root === null) return [append(text, `rules:\n  ${ruleId}: off\n`)];
  const rules = pairAt(root, 'rules');
  if (rules && !isMap(rules.value) && !(isScalar(rules.value) && rules.value.value === null)) return undefined;
  // `off` is written plain, as the docs write it (the YAML 1.2 reader takes it as the string).
  return YamlEditor.for(text)
    .ensure(root, { rules: { [ruleId]: 'off' } })
    .map((edit) => ({ ...edit, text: edit.text.replace(/: "off"(\r?\n|$)/, ': off$1').replace(/^"off"$/, 'off') }));
}

/**
 * Adds `ignore: [{rule, paths: [/<path>]}]` for one file, its path relative to the configuration's folder
 * (`/`-anchored, so it names that file only). Undefined when the file cannot be edited safely.
 */
export function ignoreInFileEdits(text: string, ruleId: string, relativePath: string): Edit[] | undefined {
  const root = editableRoot(text);
  if (root === undefined || /[*?[\]{}!]/.test(relativePath)) return undefined;
  const entry: YamlChanges = { rule: ruleId, paths: [`/${relativePath}`] };
  if (root === null) return [append(text, `ignore:\n  - rule: ${ruleId}\n    paths: ["/${relativePath}"]\n`)];
  const edit = appendMapItem(YamlEditor.for(text), root, 'ignore', entry);
  return edit ? [edit] : undefined;
}

/** The root mapping; null when the file has no content yet; undefined when it is not safe to edit. */
function editableRoot(text: string): YAMLMap | null | undefined {
  const document = parseDocument(text);
  if (document.errors.length > 0) return undefined;
  const root = document.contents;
  if (root === null || (isScalar(root) && (root.value === null || root.value === ''))) return null;
  return isMap(root) && !root.flow ? root : undefined;
}

function append(text: string, block: string): Edit {
  const eol = text.includes('\r\n') ? '\r\n' : '\n';
  const body = block.replace(/\n/g, eol);
  const lead = text.length > 0 && !text.endsWith('\n') ? eol : '';
  return { start: text.length, end: text.length, text: `${lead}${body}` };
}
