// Fix edits on Compose services, built on the format-preserving YAML editor: a value is changed where the
// linted file writes it, a missing key goes into the service's own map, an item leaves its sequence with its
// comments kept. Nothing is edited in another file, and nothing through an alias of a whole service.
import { isScalar, isSeq, type Node as YamlNode } from 'yaml';
import type { Edit } from '../../types';
import { appendScalarItem } from '../kubernetes/security-context';
import { renderScalar, YamlEditor, type YamlChanges, type YamlScalar } from '../kubernetes/yaml-edit';
import type { RuleContext } from '../../rule';
import { placeValue, type ComposeModel, type ComposeService, type Effective, type Located } from './model';
import { securityOptions } from './service-settings';

export function composeEditor(model: ComposeModel): YamlEditor {
  return YamlEditor.for(model.text);
}

/** Replaces a scalar the linted file writes. */
export function setValueEdits(model: ComposeModel, at: Located, value: YamlScalar): Edit[] {
  if (!at.source.linted || !isScalar(at.node) || at.listEntry) return [];
  return [composeEditor(model).setScalar(at.node, value)];
}

/** Makes keys hold values in the service's own map (inserting what is missing). */
export function ensureInService(model: ComposeModel, service: ComposeService, changes: YamlChanges): Edit[] {
  if (!service.source.linted || !service.editable) return [];
  return composeEditor(model).ensure(service.map, changes);
}

/** Removes a key the linted file writes (its whole line in block style, comments kept). */
export function removeKeyEdits(model: ComposeModel, at: Located): Edit[] {
  if (!at.source.linted || !at.pair || !at.holder) return [];
  return [composeEditor(model).removePair(at.holder, at.pair)];
}

/** Removes one item of a sequence the linted file writes; the only item of a block list goes with its key. */
export function removeItemEdits(model: ComposeModel, item: Located, list: Effective | undefined): Edit[] {
  if (!item.source.linted || !item.sequence) return [];
  const editor = composeEditor(model);
  const owner = list?.at;
  if (owner && owner.node === item.sequence && !item.sequence.flow && item.sequence.items.length === 1 && owner.pair && owner.holder && owner.source.linted) {
    return [editor.removePair(owner.holder, owner.pair)];
  }
  return [editor.removeSeqItem(item.sequence, item.node)];
}

/**
 * Adds a string to the service's sequence under `key`: appended when the linted file writes that sequence in
 * the service, else the key is inserted with a one-item list.
 */
export function appendToServiceList(model: ComposeModel, service: ComposeService, key: string, value: string, list: Effective | undefined): Edit[] {
  const editor = composeEditor(model);
  if (list?.kind === 'list' && list.at.source.linted && isSeq(list.at.node) && list.at.node.items.length > 0) {
    const edit = appendScalarItem(editor, list.at.node, renderScalar(value));
    return edit ? [edit] : [];
  }
  if (list !== undefined) return [];
  return ensureInService(model, service, { [key]: [value] });
}

/** The node a setting's value stands on, for ranges. */
export function nodeOf(value: Effective): YamlNode {
  return value.at.node;
}

/**
 * Reports each `security_opt` item named `name` whose value `problemOf` objects to (its text completes the
 * message), with a fix that removes the item: what the seccomp, AppArmor and SELinux rules do for Compose.
 */
export function reportSecurityOptions(context: RuleContext, service: ComposeService, name: string, problemOf: (value: string | undefined) => string | undefined): void {
  const model = context.compose;
  if (!model) return;
  for (const option of securityOptions(model, service)) {
    if (option.name !== name) continue;
    const problem = problemOf(option.value);
    const place = problem ? placeValue(model, option.item, 'value') : undefined;
    if (!problem || !place) continue;
    const edits = place.editable ? removeItemEdits(model, option.item, service.settings.get('security_opt')) : [];
    context.report({
      message: `${service.label} sets security_opt "${option.written}": ${problem}`,
      range: place.range,
      related: place.related,
      fixes: edits.length > 0 ? [{ title: `Remove "${option.written}" from security_opt`, safety: 'unsafe', edits }] : [],
    });
  }
}
