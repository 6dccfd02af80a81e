// Values the way Helm computes them: `--set` parsing (pkg/strvals), coalescing of user values over chart
// defaults (pkg/chart/common/util/coalesce.go), subchart enabling by condition/tags and import-values
// (pkg/chart/v2/util/dependencies.go).
import { deepCopy, strval, type GoMap, type GoValue } from './template/go-values';
import type { Chart } from './chart';

function isTable(value: GoValue | undefined): value is GoMap {
  return value instanceof Map;
}

/** Deep merge for `--values` files: later maps win, lists and scalars replace. */
export function mergeMaps(base: GoMap, override: GoMap): GoMap {
  const out: GoMap = new Map(base);
  for (const [key, value] of override) {
    const existing = out.get(key);
    out.set(key, isTable(value) && isTable(existing) ? mergeMaps(existing, value) : value);
  }
  return out;
}

export class SetParseError extends Error {}

/** User values as Helm merges them: every --values file (later wins), then every --set, then --set-string. */
export function userValues(files: ReadonlyArray<{ values: GoMap }>, sets: readonly string[], setStrings: readonly string[]): GoMap {
  let merged: GoMap = new Map();
  for (const file of files) merged = mergeMaps(merged, file.values);
  for (const expression of sets) applySet(merged, expression);
  for (const expression of setStrings) applySet(merged, expression, true);
  return merged;
}

/** Parses one `--set` expression (`a.b=c,list={x,y},arr[1]=q`) into `target`, with Helm's typing. */
export function applySet(target: GoMap, expression: string, asString = false): void {
  new StrvalsParser(expression, asString).parse(target);
}

function typedValue(text: string, asString: boolean): GoValue {
  if (asString) return text;
  const lower = text.toLowerCase();
  if (lower === 'true') return true;
  if (lower === 'false') return false;
  if (lower === 'null') return null;
  if (text === '0') return 0n;
  if (text.length > 0 && text[0] !== '0' && /^[-+]?\d+$/.test(text)) {
    const value = BigInt(text);
    if (value <= 9223372036854775807n && value >= -9223372036854775808n) return value;
  }
  return text;
}

class StrvalsParser {
  private pos = 0;
  constructor(private readonly text: string, private readonly asString: boolean) {}

  parse(target: GoMap): void {
    while (this.pos < this.text.length) {
      this.key(target, 0);
    }
  }

  /** Reads up to one of `stops`, honouring backslash escapes; returns the text and the stop character. */
  private until(stops: string): { text: string; stop: string | undefined } {
    let out = '';
    while (this.pos < this.text.length) {
      const char = this.text[this.pos++]!;
      if (char === '\\' && this.pos < this.text.length) {
        out += this.text[this.pos++];
        continue;
      }
      if (stops.includes(char)) return { text: out, stop: char };
      out += char;
    }
    return { text: out, stop: undefined };
  }

  private key(target: GoMap, depth: number): void {
    if (depth > 30) throw new SetParseError(`value name nested level is greater than maximum supported nested level of 30`);
    const { text: key, stop } = this.until('=[,.');
    if (stop === undefined) {
      if (key === '') return;
      throw new SetParseError(`key "${key}" has no value`);
    }
    if (stop === ',') throw new SetParseError(`key "${key}" has no value (cannot end with ,)`);
    if (stop === '.') {
      const existing = target.get(key);
      const child: GoMap = isTable(existing) ? existing : new Map();
      target.set(key, child);
      this.key(child, depth + 1);
      return;
    }
    if (stop === '[') {
      const existing = target.get(key);
      const list = Array.isArray(existing) ? existing : [];
      target.set(key, this.listItem(list, depth + 1));
      return;
    }
    // `=`: a value, a list `{a,b}` or nothing.
    if (this.text[this.pos] === '{') {
      this.pos++;
      const items: GoValue[] = [];
      for (;;) {
        const { text, stop: end } = this.until(',}');
        items.push(typedValue(text, this.asString));
        if (end === '}' || end === undefined) break;
      }
      if (this.text[this.pos] === ',') this.pos++;
      target.set(key, items);
      return;
    }
    const { text } = this.until(',');
    target.set(key, typedValue(text, this.asString));
  }

  private listItem(list: GoValue[], depth: number): GoValue[] {
    const { text, stop } = this.until(']');
    if (stop !== ']') throw new SetParseError('missing ] in list index');
    const index = Number(text);
    if (!/^\d+$/.test(text) || index > 65536) throw new SetParseError(`invalid list index "${text}"`);
    const out = [...list];
    while (out.length <= index) out.push(null);
    const next = this.text[this.pos++];
    if (next === '=') {
      const { text: value } = this.until(',');
      out[index] = typedValue(value, this.asString);
    } else if (next === '.') {
      const existing = out[index];
      const child: GoMap = isTable(existing) ? existing : new Map();
      out[index] = child;
      this.key(child, depth);
    } else if (next === '[') {
      const existing = out[index];
      out[index] = this.listItem(Array.isArray(existing) ? existing : [], depth + 1);
    } else throw new SetParseError(`unexpected "${next ?? 'end'}" after list index`);
    return out;
  }
}

// ---------- coalescing ----------

/** Reports Helm's coalescing warnings (type mismatches between user and chart values). */
export type Warn = (message: string) => void;

function coalesceTables(dst: GoMap, src: GoMap, merge: boolean, prefix: string, warn: Warn): GoMap {
  for (const [key, value] of dst) if (value === null && src.has(key)) src.set(key, null);
  for (const [key, value] of src) {
    const has = dst.has(key);
    const existing = dst.get(key);
    if (has && !merge && existing === null) dst.delete(key);
    else if (!has) dst.set(key, value);
    else if (isTable(value)) {
      if (isTable(existing)) coalesceTables(existing, value, merge, `${prefix}.${key}`, warn);
      else warn(`warning: cannot overwrite table with non table for ${prefix}.${key} (${strval(value)})`);
    } else if (isTable(existing) && value !== null) {
      warn(`warning: destination for ${prefix}.${key} is a table. Ignoring non-table value (${strval(value)})`);
    }
  }
  return dst;
}

function coalesceGlobals(dest: GoMap, src: GoMap, merge: boolean, warn: Warn): void {
  const destGlobals = isTable(dest.get('global')) ? (dest.get('global') as GoMap) : new Map<string, GoValue>();
  const srcGlobals = isTable(src.get('global')) ? (src.get('global') as GoMap) : new Map<string, GoValue>();
  for (const [key, value] of srcGlobals) {
    if (isTable(value)) {
      const copy = deepCopy(value) as GoMap;
      const existing = destGlobals.get(key);
      if (!destGlobals.has(key)) destGlobals.set(key, copy);
      else if (isTable(existing)) {
        // Parent globals win over the subchart's own; both merge (nulls are removed later).
        coalesceTables(copy, existing, true, 'global.' + key, warn);
        destGlobals.set(key, copy);
      } else warn(`Conflict: cannot merge map onto non-map for "${key}". Skipping.`);
    } else if (!isTable(destGlobals.get(key))) {
      destGlobals.set(key, value);
    }
  }
  dest.set('global', destGlobals);
}

function coalesceValues(chart: Chart, values: GoMap, merge: boolean, prefix: string, warn: Warn): void {
  const defaults = deepCopy(chart.values) as GoMap;
  for (const [key, value] of defaults) {
    if (values.has(key)) {
      const given = values.get(key)!;
      if (given === null && !merge) values.delete(key);
      else if (isTable(given)) {
        if (isTable(value)) {
          const isChild = chart.dependencies.some((dependency) => dependency.name === key);
          coalesceTables(given, value, merge || isChild, `${prefix}.${key}`, warn);
        } else if (value !== null) warn(`warning: skipped value for ${prefix}.${key}: Not a table.`);
      }
    } else values.set(key, value);
  }
}

function coalesce(chart: Chart, dest: GoMap, merge: boolean, prefix: string, warn: Warn): GoMap {
  const sub = prefix ? `${prefix}.${chart.name}` : chart.name;
  coalesceValues(chart, dest, merge, sub, warn);
  for (const dependency of chart.dependencies) {
    const existing = dest.get(dependency.name);
    if (existing === undefined || existing === null) dest.set(dependency.name, new Map());
    else if (!isTable(existing)) {
      warn(`warning: type mismatch on ${dependency.name}: ${strval(existing)}; the subchart's values were used`);
      dest.set(dependency.name, new Map());
    }
    const childValues = dest.get(dependency.name) as GoMap;
    coalesceGlobals(childValues, dest, merge, warn);
    dest.set(dependency.name, coalesce(dependency, childValues, merge, sub, warn));
  }
  return dest;
}

/** Helm's CoalesceValues (merge=false: a user `null` deletes a default) or MergeValues (merge=true). */
export function coalesceChartValues(chart: Chart, user: GoMap, merge: boolean, warn: Warn = () => {}): GoMap {
  return coalesce(chart, deepCopy(user) as GoMap, merge, '', warn);
}

/** Reads `a.b.c` from values: the value, or undefined when a step is missing or not a map. */
export function pathValue(values: GoMap, path: string): GoValue | undefined {
  let current: GoValue = values;
  for (const part of path.split('.')) {
    if (!isTable(current) || !current.has(part)) return undefined;
    current = current.get(part)!;
  }
  return current;
}

function table(values: GoMap, path: string): GoMap | undefined {
  const value = path === '' ? values : pathValue(values, path);
  return isTable(value) ? value : undefined;
}

/** Applies aliases, drops subcharts disabled by `condition`/`tags`, and reports declared-but-missing ones. */
export function processDependencies(chart: Chart, user: GoMap, warn: Warn): void {
  resolveAliases(chart);
  enableDependencies(chart, user, '', warn);
  importValues(chart, warn);
}

function resolveAliases(chart: Chart): void {
  const resolved: Chart[] = [];
  const used = new Set<Chart>();
  for (const declared of chart.declared) {
    const match = chart.dependencies.find((dependency) => dependency.metadata.get('name') === declared.name && (!used.has(dependency) || declared.alias));
    if (!match) {
      chart.problems.push({
        file: chart.relativeDir ? `${chart.relativeDir}/Chart.yaml` : 'Chart.yaml',
        message: `Dependency "${declared.name}" is declared in Chart.yaml but missing from charts/ (run \`helm dependency build\`); the chart was rendered without it.`,
      });
      continue;
    }
    used.add(match);
    if (declared.alias) {
      const copy: Chart = { ...match, name: declared.alias, metadata: new Map(match.metadata).set('name', declared.alias) };
      copy.dependencies = match.dependencies.map((child) => ({ ...child, parent: copy }));
      resolved.push(copy);
    } else resolved.push(match);
  }
  for (const dependency of chart.dependencies) {
    if (!used.has(dependency) && !chart.declared.some((declared) => declared.name === dependency.metadata.get('name'))) resolved.push(dependency);
  }
  chart.dependencies = resolved;
  for (const dependency of chart.dependencies) resolveAliases(dependency);
}

function enableDependencies(chart: Chart, values: GoMap, path: string, warn: Warn): void {
  const coalesced = coalesceChartValues(chart, values, false);
  const tags = table(coalesced, 'tags');
  const disabled = new Set<string>();
  for (const declared of chart.declared) {
    let enabled = true;
    if (declared.tags.length > 0 && tags) {
      const states = declared.tags.map((tag) => tags.get(tag)).filter((state): state is boolean => typeof state === 'boolean');
      if (!states.includes(true) && states.includes(false)) enabled = false;
    }
    for (const condition of declared.condition.trim().split(',')) {
      if (condition === '') continue;
      const state = pathValue(coalesced, path + condition.trim());
      if (typeof state === 'boolean') {
        enabled = state;
        break;
      }
    }
    if (!enabled) disabled.add(declared.alias ?? declared.name);
  }
  chart.dependencies = chart.dependencies.filter((dependency) => !disabled.has(dependency.name));
  for (const dependency of chart.dependencies) enableDependencies(dependency, coalesced, `${path}${dependency.name}.`, warn);
}

function pathToMap(path: string, data: GoMap): GoMap {
  if (path === '.') return data;
  const parts = path.split('.').filter(Boolean);
  let current: GoMap = data;
  for (const part of parts.reverse()) current = new Map([[part, current]]);
  return current;
}

function mergeTables(dst: GoMap, src: GoMap): GoMap {
  for (const [key, value] of src) {
    const existing = dst.get(key);
    if (!dst.has(key)) dst.set(key, value);
    else if (isTable(existing) && isTable(value)) mergeTables(existing, value);
  }
  return dst;
}

function importValues(chart: Chart, warn: Warn): void {
  for (const dependency of chart.dependencies) importValues(dependency, warn);
  if (chart.declared.length === 0) return;
  const current = coalesceChartValues(chart, new Map(), true);
  let imported: GoMap = new Map();
  for (const declared of chart.declared) {
    const name = declared.alias ?? declared.name;
    for (const entry of declared.importValues) {
      if (entry instanceof Map) {
        const child = strval(entry.get('child') ?? '');
        const parent = strval(entry.get('parent') ?? '');
        const source = table(current, `${name}.${child}`);
        if (!source) {
          warn(`warning: import-values: ${name}.${child} is not a table`);
          continue;
        }
        imported = mergeTables(imported, pathToMap(parent, deepCopy(source) as GoMap));
      } else if (typeof entry === 'string') {
        const source = table(current, `${name}.exports.${entry}`);
        if (!source) {
          warn(`warning: import-values: ${name}.exports.${entry} is not a table`);
          continue;
        }
        imported = mergeTables(imported, deepCopy(source) as GoMap);
      }
    }
  }
  chart.values = mergeTables(deepCopy(current) as GoMap, imported);
}
