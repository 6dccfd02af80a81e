// Fix edits for the Pod Security rules that respect YAML sharing. A key a map takes from a merge key
// (`<<: *defaults`) or whose value is an alias (`privileged: *on`) lives in an anchored node other objects
// may use too, so a fix overrides it in the map itself instead of changing the anchor; and a merged key
// cannot be removed from the map that merges it, so no removal is offered for one.
import { isAlias, isScalar, type Node as YamlNode, type Pair, type YAMLMap } from 'yaml';
import type { Edit } from '../../types';
import type { YamlEditor, YamlScalar } from './yaml-edit';

/** The pair for `key` written in `map` itself, not taken from a merge key. */
export function ownPair(map: YAMLMap, key: string): Pair | undefined {
  return map.items.find((item) => isScalar(item.key) && item.key.value === key) as Pair | undefined;
}

/** Edits that make `key` in `map` hold `value`: the own value replaced in place, else a new key that wins over a merged one. */
export function setKeyEdits(editor: YamlEditor, map: YAMLMap, key: string, value: YamlScalar): Edit[] {
  const own = ownPair(map, key);
  if (!own) return [editor.insertInto(map, { [key]: value })];
  const written = own.value as YamlNode | null;
  if (isAlias(written) && written.range) return [editor.setScalar(written, value)];
  return editor.ensure(map, { [key]: value });
}

/** The edit that removes `key` from `map`, when the map itself holds the key. */
export function removeKeyEdit(editor: YamlEditor, map: YAMLMap, key: string): Edit | undefined {
  const own = ownPair(map, key);
  return own ? editor.removePair(map, own) : undefined;
}
