// Go values as the template engine sees them. Go's template semantics depend on dynamic types, so numbers keep
// their Go type: `bigint` is a Go int (template literals, `len`, `until`, `int`, `--set` integers) and `number`
// is a float64 (every number that came through YAML or JSON). Maps are JS Maps (Go map[string]interface{});
// values with Go methods or struct fields (.Capabilities, .Files, certificates) are GoObjects.

export type GoValue = null | boolean | string | number | bigint | GoValue[] | GoMap | GoObject;
export type GoMap = Map<string, GoValue>;

/** A Go struct or named type: fields are read with `.Name`, methods are called with `.Name args…`. */
export abstract class GoObject {
  abstract readonly goType: string;
  field(_name: string): GoValue | undefined {
    return undefined;
  }
  method(_name: string): ((...args: GoValue[]) => GoValue) | undefined {
    return undefined;
  }
  /** What `%v` prints. */
  abstract format(): string;
  /** Named map types (Helm's `.Files`) can be ranged over like maps. */
  rangeEntries(): Array<[string, GoValue]> | undefined {
    return undefined;
  }
  /** The number of entries of a rangeable object (for truthiness and `len`), without building them. */
  size(): number | undefined {
    return this.rangeEntries()?.length;
  }
}

/** A Go struct with exported fields and no methods. */
export class GoStruct extends GoObject {
  constructor(readonly goType: string, readonly fields: ReadonlyMap<string, GoValue>) {
    super();
  }
  override field(name: string): GoValue | undefined {
    return this.fields.get(name);
  }
  format(): string {
    return '{' + [...this.fields.values()].map((value) => formatValue(value)).join(' ') + '}';
  }
}

/** A Go []byte (file contents from `.Files`): prints as numbers, converts to its text in sprig. */
export class GoBytes extends GoObject {
  readonly goType = '[]uint8';
  constructor(readonly data: Buffer) {
    super();
  }
  format(): string {
    return '[' + this.data.join(' ') + ']';
  }
  override size(): number {
    return this.data.length;
  }
}

/** The error every failing template operation throws; `fatal` errors come from `fail`/`required`. */
export class TemplateError extends Error {
  constructor(message: string, readonly kind: 'parse' | 'exec' = 'exec') {
    super(message);
  }
}

export type Kind = 'invalid' | 'bool' | 'int' | 'float' | 'string' | 'slice' | 'map' | 'struct';

export function kindOf(value: GoValue): Kind {
  if (value === null) return 'invalid';
  switch (typeof value) {
    case 'boolean':
      return 'bool';
    case 'bigint':
      return 'int';
    case 'number':
      return 'float';
    case 'string':
      return 'string';
  }
  if (Array.isArray(value)) return 'slice';
  if (value instanceof Map) return 'map';
  return 'struct';
}

const TYPE_NAMES: Record<Exclude<Kind, 'map' | 'struct'>, string> = { invalid: '<nil>', bool: 'bool', int: 'int', float: 'float64', string: 'string', slice: '[]interface {}' };

/** Go's reflect type name as `typeOf` / `%T` print it. */
export function goTypeName(value: GoValue): string {
  const kind = kindOf(value);
  if (kind === 'map') return ROOT_VALUES.has(value as GoMap) ? 'common.Values' : 'map[string]interface {}';
  if (kind === 'struct') return (value as GoObject).goType;
  return TYPE_NAMES[kind];
}

/** Maps that are a chart's root `.Values` (Go type `common.Values`). */
export const ROOT_VALUES = new WeakSet<GoMap>();

/** Go's reflect kind name as `kindOf` prints it. */
export function goKindName(value: GoValue): string {
  const kind = kindOf(value);
  switch (kind) {
    case 'invalid':
      return 'invalid';
    case 'float':
      return 'float64';
    case 'struct':
      return 'ptr';
    default:
      return kind;
  }
}

/** Go template truthiness: the zero value and empty containers are false. */
export function isTrue(value: GoValue): boolean {
  if (value === null) return false;
  switch (typeof value) {
    case 'boolean':
      return value;
    case 'bigint':
      return value !== 0n;
    case 'number':
      return value !== 0;
    case 'string':
      return value.length > 0;
  }
  if (Array.isArray(value)) return value.length > 0;
  if (value instanceof Map) return value.size > 0;
  return (value.size() ?? 1) > 0;
}

/** Sprig's notion of empty (`default`, `empty`, `coalesce`): the same as Go's zero value. */
export function isEmpty(value: GoValue): boolean {
  return !isTrue(value);
}

// ---------- number formatting (Go strconv) ----------

/** Digits and decimal exponent of the shortest representation that round-trips (what Go's 'g' -1 uses). */
function shortestDigits(value: number): { digits: string; exp: number } {
  const text = Math.abs(value).toExponential();
  const [mantissa, exponent] = text.split('e') as [string, string];
  return { digits: mantissa.replace('.', ''), exp: Number(exponent) };
}

function exponentSuffix(exp: number): string {
  const sign = exp < 0 ? '-' : '+';
  const magnitude = Math.abs(exp);
  return 'e' + sign + (magnitude < 10 ? '0' : '') + String(magnitude);
}

/** strconv.FormatFloat(v, 'g', -1, 64): Go's `%v` of a float64. */
export function formatFloatG(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return '+Inf';
  if (value === -Infinity) return '-Inf';
  if (value === 0) return Object.is(value, -0) ? '-0' : '0';
  const sign = value < 0 ? '-' : '';
  const { digits, exp } = shortestDigits(value);
  if (exp < -4 || exp >= 6) {
    const mantissa = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    return sign + mantissa + exponentSuffix(exp);
  }
  if (exp < 0) return sign + '0.' + '0'.repeat(-exp - 1) + digits;
  if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
  return sign + digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
}

/** strconv.FormatFloat(v, 'e', prec, 64). */
export function formatFloatE(value: number, precision: number): string {
  if (!Number.isFinite(value)) return formatFloatG(value);
  const text = value.toExponential(Math.min(precision, 100));
  const [mantissa, exponent] = text.split('e') as [string, string];
  return mantissa + exponentSuffix(Number(exponent));
}

/** strconv.FormatFloat(v, 'f', prec, 64). */
export function formatFloatF(value: number, precision: number): string {
  if (!Number.isFinite(value)) return formatFloatG(value);
  if (precision < 0) {
    if (value === 0) return '0';
    const { digits, exp } = shortestDigits(value);
    const sign = value < 0 ? '-' : '';
    if (exp < 0) return sign + '0.' + '0'.repeat(-exp - 1) + digits;
    if (digits.length <= exp + 1) return sign + digits + '0'.repeat(exp + 1 - digits.length);
    return sign + digits.slice(0, exp + 1) + '.' + digits.slice(exp + 1);
  }
  if (Math.abs(value) < 1e21) return value.toFixed(Math.min(precision, 100));
  return BigInt(Math.trunc(value)).toString() + (precision > 0 ? '.' + '0'.repeat(precision) : '');
}

/** encoding/json's float format: 'f' shortest, or 'e' below 1e-6 and from 1e21 on (with `e-7`, not `e-07`). */
export function formatJsonNumber(value: number): string {
  const abs = Math.abs(value);
  if (abs !== 0 && (abs < 1e-6 || abs >= 1e21)) {
    const { digits, exp } = shortestDigits(value);
    const mantissa = digits.length > 1 ? digits[0] + '.' + digits.slice(1) : digits;
    return (value < 0 ? '-' : '') + mantissa + 'e' + (exp < 0 ? '-' : '+') + String(Math.abs(exp)).padStart(exp < 0 ? 1 : 2, '0');
  }
  return formatFloatF(value, -1);
}

// ---------- fmt's %v ----------

/** fmt.Sprint of one value (`%v`). */
export function formatValue(value: GoValue): string {
  if (value === null) return '<nil>';
  switch (typeof value) {
    case 'boolean':
      return value ? 'true' : 'false';
    case 'bigint':
      return value.toString();
    case 'number':
      return formatFloatG(value);
    case 'string':
      return value;
  }
  if (Array.isArray(value)) return '[' + value.map(formatValue).join(' ') + ']';
  if (value instanceof Map) return 'map[' + sortedKeys(value).map((key) => key + ':' + formatValue(value.get(key)!)).join(' ') + ']';
  return value.format();
}

/** Go sorts map keys bytewise (fmt, range, encoding/json); JS code-unit order agrees except for astral characters. */
export function sortedKeys(map: GoMap): string[] {
  return [...map.keys()].sort(compareBytewise);
}

export function compareBytewise(a: string, b: string): number {
  if (a === b) return 0;
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return Buffer.compare(x, y);
}

/** Sprig's strval: strings as they are, everything else through `%v`. */
export function strval(value: GoValue): string {
  if (value instanceof GoBytes) return value.data.toString('utf8');
  return typeof value === 'string' ? value : formatValue(value);
}

/** strconv.Quote. */
export function goQuote(text: string): string {
  let out = '"';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    switch (char) {
      case '"':
        out += '\\"';
        continue;
      case '\\':
        out += '\\\\';
        continue;
      case '\n':
        out += '\\n';
        continue;
      case '\t':
        out += '\\t';
        continue;
      case '\r':
        out += '\\r';
        continue;
      case '\x07':
        out += '\\a';
        continue;
      case '\b':
        out += '\\b';
        continue;
      case '\f':
        out += '\\f';
        continue;
      case '\v':
        out += '\\v';
        continue;
    }
    if (code < 0x20 || code === 0x7f) out += '\\x' + code.toString(16).padStart(2, '0');
    else if (code === 0xfffd && char !== '\ufffd') out += '\\ufffd';
    else if (!isGoPrintable(code)) out += code > 0xffff ? '\\U' + code.toString(16).padStart(8, '0') : '\\u' + code.toString(16).padStart(4, '0');
    else out += char;
  }
  return out + '"';
}

function isGoPrintable(code: number): boolean {
  if (code >= 0x80 && code < 0xa0) return false;
  if (code === 0xad || (code >= 0x2028 && code <= 0x2029) || code === 0xfeff) return false;
  if (code >= 0xd800 && code < 0xe000) return false;
  if (code >= 0xe000 && code <= 0xf8ff) return false;
  return true;
}

export function byteLength(text: string): number {
  return Buffer.byteLength(text, 'utf8');
}

/** Deep copy (copystructure): maps and lists are new, scalars and objects shared. */
export function deepCopy(value: GoValue): GoValue {
  if (Array.isArray(value)) return value.map(deepCopy);
  if (value instanceof Map) {
    const copy: GoMap = new Map();
    for (const [key, item] of value) copy.set(key, deepCopy(item));
    return copy;
  }
  return value;
}

/** Converts plain JS data (from JSON) into Go values: every number is a float64. */
export function fromPlain(value: unknown): GoValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number' || typeof value === 'string' || typeof value === 'boolean' || typeof value === 'bigint') return value;
  if (Array.isArray(value)) return value.map(fromPlain);
  if (value instanceof Map) return value as GoMap;
  if (value instanceof GoObject) return value;
  const map: GoMap = new Map();
  for (const [key, item] of Object.entries(value as Record<string, unknown>)) map.set(key, fromPlain(item));
  return map;
}
