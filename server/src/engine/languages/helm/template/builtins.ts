// Go text/template's predefined functions (text/template/funcs.go), with Go's comparison rules: operands
// must share a basic kind (int with int, float64 with float64…), so `eq .Values.replicas 1` is an error
// because YAML numbers are float64 and the literal is an int.
import { FunctionError, type TemplateFunction } from './exec';
import { sprint, sprintf, sprintln } from './go-fmt';
import { byteLength, goTypeName, isTrue, kindOf, type GoValue } from './go-values';

type BasicKind = 'invalid' | 'bool' | 'int' | 'float' | 'string' | 'other';

function basicKind(value: GoValue): BasicKind {
  const kind = kindOf(value);
  return kind === 'slice' || kind === 'map' || kind === 'struct' ? 'other' : kind;
}

export function goEqual(a: GoValue, b: GoValue): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka !== kb) {
    if (a !== null && b !== null) throw new FunctionError('incompatible types for comparison');
    return false;
  }
  if (ka === 'other') {
    if (kindOf(a) === 'slice' || kindOf(a) === 'map' || kindOf(b) === 'slice' || kindOf(b) === 'map') {
      throw new FunctionError(`non-comparable type ${goTypeName(a)}: ${goTypeName(b)}`);
    }
    return a === b;
  }
  return a === b;
}

function lessThan(a: GoValue, b: GoValue): boolean {
  const ka = basicKind(a);
  const kb = basicKind(b);
  if (ka === 'invalid' || ka === 'other' || kb === 'invalid' || kb === 'other') throw new FunctionError('invalid type for comparison');
  if (ka !== kb) throw new FunctionError('incompatible types for comparison');
  if (ka === 'bool') throw new FunctionError('invalid type for comparison');
  if (ka === 'string') return Buffer.compare(Buffer.from(a as string), Buffer.from(b as string)) < 0;
  return (a as number) < (b as number);
}

function eq(args: GoValue[]): GoValue {
  if (args.length < 2) throw new FunctionError('missing argument for comparison');
  const [first, ...rest] = args;
  return rest.some((other) => goEqual(first!, other));
}

function two(name: string, args: GoValue[]): [GoValue, GoValue] {
  if (args.length !== 2) throw new FunctionError(`wrong number of args for ${name}: want 2 got ${args.length}`);
  return [args[0]!, args[1]!];
}

function indexArgument(index: GoValue, length: number, limitInclusive = false): number {
  if (typeof index !== 'bigint') throw new FunctionError(`cannot index slice/array with type ${goTypeName(index)}`);
  const value = Number(index);
  if (value < 0 || (limitInclusive ? value > length : value >= length)) throw new FunctionError(`index out of range: ${value}`);
  return value;
}

function index(args: GoValue[]): GoValue {
  let item = args[0] ?? null;
  if (item === null) throw new FunctionError('index of untyped nil');
  for (const key of args.slice(1)) {
    if (item === null) throw new FunctionError('index of nil pointer');
    if (Array.isArray(item)) item = item[indexArgument(key, item.length)]!;
    else if (typeof item === 'string') item = BigInt(Buffer.from(item)[indexArgument(key, byteLength(item))]!);
    else if (item instanceof Map) {
      if (typeof key !== 'string') throw new FunctionError(`value has type ${goTypeName(key)}; should be string`);
      item = item.has(key) ? item.get(key)! : null;
    } else throw new FunctionError(`can't index item of type ${goTypeName(item)}`);
  }
  return item;
}

function slice(args: GoValue[]): GoValue {
  const item = args[0] ?? null;
  if (item === null) throw new FunctionError('slice of untyped nil');
  const bounds = args.slice(1);
  if (bounds.length > 3) throw new FunctionError(`too many slice indexes: ${bounds.length}`);
  if (typeof item === 'string') {
    if (bounds.length === 3) throw new FunctionError('cannot 3-index slice a string');
    const bytes = Buffer.from(item);
    const start = bounds[0] !== undefined ? indexArgument(bounds[0], bytes.length, true) : 0;
    const end = bounds[1] !== undefined ? indexArgument(bounds[1], bytes.length, true) : bytes.length;
    if (end < start) throw new FunctionError(`invalid slice index: ${start} > ${end}`);
    return bytes.subarray(start, end).toString('utf8');
  }
  if (!Array.isArray(item)) throw new FunctionError(`can't slice item of type ${goTypeName(item)}`);
  const start = bounds[0] !== undefined ? indexArgument(bounds[0], item.length, true) : 0;
  const end = bounds[1] !== undefined ? indexArgument(bounds[1], item.length, true) : item.length;
  if (end < start) throw new FunctionError(`invalid slice index: ${start} > ${end}`);
  return item.slice(start, end);
}

function length(args: GoValue[]): GoValue {
  const item = args[0] ?? null;
  if (item === null) throw new FunctionError('len of nil pointer');
  if (typeof item === 'string') return BigInt(byteLength(item));
  if (Array.isArray(item)) return BigInt(item.length);
  if (item instanceof Map) return BigInt(item.size);
  const size = typeof item === 'object' ? item.size() : undefined;
  if (size !== undefined) return BigInt(size);
  throw new FunctionError(`len of type ${goTypeName(item)}`);
}

/** What html/js/urlquery escape: one string argument as is, else fmt.Sprint of the arguments. */
function evalArgs(args: GoValue[]): string {
  if (args.length === 1 && typeof args[0] === 'string') return args[0];
  return sprint(args);
}

export function htmlEscape(text: string): string {
  return text.replace(/[\0"'&<>]/g, (char) => ({ '\0': '\ufffd', '"': '&#34;', "'": '&#39;', '&': '&amp;', '<': '&lt;', '>': '&gt;' })[char]!);
}

function jsEscape(text: string): string {
  let out = '';
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (char === "'") out += "\\'";
    else if (char === '"') out += '\\"';
    else if (char === '<') out += '\\u003C';
    else if (char === '>') out += '\\u003E';
    else if (char === '&') out += '\\u0026';
    else if (char === '=') out += '\\u003D';
    else if (code < 0x20) out += '\\u' + code.toString(16).toUpperCase().padStart(4, '0');
    else out += char;
  }
  return out;
}

/** Go's url.QueryEscape. */
export function queryEscape(text: string): string {
  return encodeURIComponent(text)
    .replace(/%20/g, '+')
    .replace(/[!'()*]/g, (char) => '%' + char.charCodeAt(0).toString(16).toUpperCase());
}

export const GO_BUILTINS: ReadonlyMap<string, TemplateFunction> = new Map<string, TemplateFunction>([
  ['call', (args) => {
    throw new FunctionError(`call of ${goTypeName(args[0] ?? null)}: not a function`);
  }],
  ['eq', eq],
  ['ne', (args) => !goEqual(...two('ne', args))],
  ['lt', (args) => lessThan(...two('lt', args))],
  ['le', (args) => {
    const [a, b] = two('le', args);
    return lessThan(a, b) || goEqual(a, b);
  }],
  ['gt', (args) => {
    const [a, b] = two('gt', args);
    return !lessThan(a, b) && !goEqual(a, b);
  }],
  ['ge', (args) => !lessThan(...two('ge', args))],
  ['not', (args) => {
    if (args.length !== 1) throw new FunctionError(`wrong number of args for not: want 1 got ${args.length}`);
    return !isTrue(args[0]!);
  }],
  ['index', index],
  ['slice', slice],
  ['len', length],
  ['print', (args) => sprint(args)],
  ['printf', (args) => {
    if (typeof args[0] !== 'string') throw new FunctionError(`wrong type for value; expected string; got ${goTypeName(args[0] ?? null)}`);
    return sprintf(args[0], args.slice(1));
  }],
  ['println', (args) => sprintln(args)],
  ['html', (args) => htmlEscape(evalArgs(args))],
  ['js', (args) => jsEscape(evalArgs(args))],
  ['urlquery', (args) => queryEscape(evalArgs(args))],
]);
