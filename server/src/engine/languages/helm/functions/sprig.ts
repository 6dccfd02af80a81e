// Sprig v3 functions (Masterminds/sprig) as Helm exposes them, with Go's results: spf13/cast conversions,
// byte-based string functions, mergo's merge rules, Masterminds/semver constraints. Functions that would be
// random or time-dependent return deterministic stand-ins of the right shape and mark them as such.
import { createHash } from 'node:crypto';
import { FunctionError, type TemplateFunction } from '../template/exec';
import { sprintf } from '../template/go-fmt';
import { byteLength, deepCopy, formatFloatG, goKindName, goQuote, goTypeName, GoObject, GoStruct, isEmpty, kindOf, sortedKeys, strval, type GoMap, type GoValue } from '../template/go-values';
import { fromJson, toJson } from '../yaml-v2';
import { semverCompare, parseSemver } from './semver';
import { standIns, type Stand } from './stand-ins';

function str(value: GoValue | undefined): string {
  return value === undefined ? '' : strval(value);
}

/** spf13/cast ToInt64 (what sprig's `int`, `int64`, `add`… use): silent 0 on failure. */
export function toInt64(value: GoValue | undefined): bigint {
  if (value === undefined || value === null) return 0n;
  if (typeof value === 'bigint') return value;
  if (typeof value === 'number') return Number.isFinite(value) ? BigInt(Math.trunc(value)) : 0n;
  if (typeof value === 'boolean') return value ? 1n : 0n;
  if (typeof value === 'string') {
    let text = value;
    // cast trims a zero decimal part ("12.0", "12.00") before parsing.
    const zeroDecimal = /^([-+]?\d+)\.0*$/.exec(text);
    if (zeroDecimal) text = zeroDecimal[1]!;
    const match = /^([-+]?)(0[xX][0-9a-fA-F_]+|0[oO][0-7_]+|0[bB][01_]+|0[0-7_]*|[1-9][0-9_]*)$/.exec(text);
    if (!match) return 0n;
    const digits = match[2]!.replace(/_/g, '');
    try {
      const magnitude = /^0[0-7]+$/.test(digits) ? BigInt('0o' + digits.slice(1)) : BigInt(digits.toLowerCase());
      return match[1] === '-' ? -magnitude : magnitude;
    } catch {
      return 0n;
    }
  }
  return 0n;
}

/** spf13/cast ToFloat64. */
export function toFloat64(value: GoValue | undefined): number {
  if (value === undefined || value === null) return 0;
  if (typeof value === 'number') return value;
  if (typeof value === 'bigint') return Number(value);
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'string') {
    const number = Number(value.trim() === '' ? NaN : value);
    return Number.isNaN(number) ? 0 : number;
  }
  return 0;
}

function toInt(value: GoValue | undefined): number {
  return Number(toInt64(value));
}

/** Sprig's strslice: list items as strings, nil items skipped; a scalar is a one-item list. */
export function strslice(value: GoValue | undefined): string[] {
  if (value === undefined || value === null) return [];
  if (Array.isArray(value)) return value.filter((item) => item !== null).map(strval);
  return [strval(value)];
}

function list(value: GoValue | undefined, name: string): GoValue[] {
  if (Array.isArray(value)) return value;
  throw new FunctionError(`Cannot ${name} on type ${value === null || value === undefined ? 'nil' : goKindName(value)}`);
}

function dict(value: GoValue | undefined, name: string): GoMap {
  if (value instanceof Map) return value;
  throw new FunctionError(`wrong type for value; expected map[string]interface {}; got ${goTypeName(value ?? null)} (in ${name})`);
}

/** reflect.DeepEqual on template values (types must match: 1 and 1.0 differ). */
export function deepEqual(a: GoValue, b: GoValue): boolean {
  if (kindOf(a) !== kindOf(b)) return false;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((item, index) => deepEqual(item, b[index]!));
  if (a instanceof Map && b instanceof Map) {
    if (a.size !== b.size) return false;
    for (const [key, value] of a) if (!b.has(key) || !deepEqual(value, b.get(key)!)) return false;
    return true;
  }
  return a === b;
}

/** mergo.Merge (overwrite=false) and mergo.Merge(WithOverride) on maps, mutating `target`. */
export function mergeInto(target: GoMap, source: GoMap, overwrite: boolean, depth = 0): void {
  if (depth > 100) return;
  for (const [key, sourceValue] of source) {
    const has = target.has(key);
    const targetValue = has ? target.get(key)! : null;
    if (sourceValue === null) {
      if (overwrite) target.set(key, null);
      continue;
    }
    if (sourceValue instanceof Map && targetValue instanceof Map) {
      mergeInto(targetValue, sourceValue, overwrite, depth + 1);
      if (targetValue.size > 0) continue;
    }
    if (Array.isArray(sourceValue) && has && !isEmpty(targetValue) && !overwrite) continue;
    if (overwrite || !has || isEmpty(targetValue)) target.set(key, sourceValue);
  }
}

function regex(pattern: string): RegExp {
  let source = pattern;
  let flags = '';
  const inline = /^\(\?([imsU]+)\)/.exec(source);
  if (inline) {
    source = source.slice(inline[0].length);
    if (inline[1]!.includes('i')) flags += 'i';
    if (inline[1]!.includes('m')) flags += 'm';
    if (inline[1]!.includes('s')) flags += 's';
  }
  source = source.replace(/\\z/g, '$(?![\\s\\S])').replace(/\\A/g, '^(?<![\\s\\S])').replace(/\(\?P</g, '(?<');
  try {
    return new RegExp(source, flags + 'gu');
  } catch (error) {
    throw new FunctionError(`error parsing regexp: ${(error as Error).message}`);
  }
}

/** Go's regexp Expand template (`$1`, `${name}`) turned into a JS replacer. */
function expandGo(template: string, match: RegExpExecArray | string[], groups: Record<string, string> | undefined): string {
  return template.replace(/\$(\$|\{([A-Za-z0-9_]+)\}|([A-Za-z0-9_]+))/g, (whole, escaped: string, braced?: string, bare?: string) => {
    if (escaped === '$') return '$';
    const name = braced ?? bare!;
    if (/^\d+$/.test(name)) return match[Number(name)] ?? '';
    return groups?.[name] ?? '';
  });
}

function title(text: string): string {
  let previous = ' ';
  let out = '';
  for (const char of text) {
    const separator = !/[\p{L}\p{Nd}_]/u.test(previous) && !(previous === "'" ? false : false);
    out += separator ? char.toUpperCase() : char;
    previous = char;
  }
  return out;
}

function words(text: string): string[] {
  return text
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .split(/[^\p{L}\p{Nd}]+/u)
    .filter((word) => word.length > 0);
}

function wrap(width: number, text: string, newline = '\n'): string {
  const lines = text.split('\n');
  return lines
    .map((line) => {
      const out: string[] = [];
      let current = '';
      for (const word of line.split(' ')) {
        if (current === '') current = word;
        else if ((current + ' ' + word).length > width) {
          out.push(current);
          current = word;
        } else current += ' ' + word;
      }
      out.push(current);
      return out.join(newline);
    })
    .join('\n');
}

function until(start: bigint, stop: bigint, step: bigint): GoValue[] {
  const out: GoValue[] = [];
  if (step === 0n) return out;
  const count = step > 0n ? (stop - start + step - 1n) / step : (start - stop - step - 1n) / -step;
  if (count > 1_000_000n) throw new FunctionError(`until: ${count} items is more than this renderer allows (1000000)`);
  if (step > 0n) for (let value = start; value < stop; value += step) out.push(value);
  else for (let value = start; value > stop; value += step) out.push(value);
  return out;
}

function requireArgs(name: string, args: GoValue[], count: number): void {
  if (args.length < count) throw new FunctionError(`wrong number of args for ${name}: want ${count} got ${args.length}`);
}

function hashHex(algorithm: string, text: string): string {
  return createHash(algorithm).update(text, 'utf8').digest('hex');
}

function adler32(text: string): number {
  let a = 1;
  let b = 0;
  for (const byte of Buffer.from(text, 'utf8')) {
    a = (a + byte) % 65521;
    b = (b + a) % 65521;
  }
  return ((b << 16) | a) >>> 0;
}

function truncateBytes(text: string, count: number): string {
  const bytes = Buffer.from(text, 'utf8');
  if (count < 0 && bytes.length + count > 0) return bytes.subarray(bytes.length + count).toString('utf8');
  if (count >= 0 && bytes.length > count) return bytes.subarray(0, count).toString('utf8');
  return text;
}

function substr(start: number, end: number, text: string): string {
  const bytes = Buffer.from(text, 'utf8');
  if (start < 0) return bytes.subarray(0, Math.max(0, end)).toString('utf8');
  if (end < 0 || end > bytes.length) return bytes.subarray(start).toString('utf8');
  if (start > end) throw new FunctionError(`slice bounds out of range [${start}:${end}]`);
  return bytes.subarray(start, end).toString('utf8');
}

function numericList(args: GoValue[]): bigint[] {
  return args.map(toInt64);
}

function roundTo(value: number, places: number, roundOn = 0.5): number {
  const factor = Math.pow(10, places);
  const digit = value * factor;
  const fraction = digit - Math.trunc(digit);
  const rounded = Math.abs(fraction) >= roundOn ? (digit > 0 ? Math.ceil(digit) : Math.floor(digit)) : Math.trunc(digit);
  return rounded / factor;
}

export function durationString(seconds: number): string {
  if (seconds === 0) return '0s';
  const negative = seconds < 0;
  let rest = Math.abs(seconds);
  const hours = Math.floor(rest / 3600);
  rest -= hours * 3600;
  const minutes = Math.floor(rest / 60);
  rest -= minutes * 60;
  let out = '';
  if (hours > 0) out += `${hours}h`;
  if (hours > 0 || minutes > 0) out += `${minutes}m`;
  out += `${formatFloatG(Number(rest.toFixed(9)))}s`;
  return (negative ? '-' : '') + out;
}

/** Sprig's functions, minus those Helm removes (env, expandenv) and those Helm overrides. */
export function sprigFunctions(stand: Stand = standIns()): Map<string, TemplateFunction> {
  const functions = new Map<string, TemplateFunction>();
  const define = (name: string, fn: TemplateFunction) => functions.set(name, fn);

  // strings
  define('hello', () => 'Hello!');
  define('upper', ([text]) => str(text).toUpperCase());
  define('lower', ([text]) => str(text).toLowerCase());
  define('title', ([text]) => title(str(text)));
  define('untitle', ([text]) => str(text).replace(/(^|[^\p{L}\p{Nd}_])(\p{L})/gu, (_m, before: string, letter: string) => before + letter.toLowerCase()));
  define('substr', ([start, end, text]) => substr(toInt(start), toInt(end), str(text)));
  define('repeat', ([count, text]) => {
    const times = toInt(count);
    if (times < 0) throw new FunctionError('strings: negative Repeat count');
    if (times * byteLength(str(text)) > 10_000_000) throw new FunctionError('repeat: result larger than 10 MB');
    return str(text).repeat(times);
  });
  define('trim', ([text]) => str(text).trim());
  define('trimAll', ([cutset, text]) => trimCutset(str(text), str(cutset)));
  define('trimall', ([cutset, text]) => trimCutset(str(text), str(cutset)));
  define('trimSuffix', ([suffix, text]) => {
    const value = str(text);
    const end = str(suffix);
    return end && value.endsWith(end) ? value.slice(0, -end.length) : value;
  });
  define('trimPrefix', ([prefix, text]) => {
    const value = str(text);
    const start = str(prefix);
    return start && value.startsWith(start) ? value.slice(start.length) : value;
  });
  define('nospace', ([text]) => str(text).replace(/\s+/gu, ''));
  define('initials', ([text]) => str(text).split(/\s+/).filter(Boolean).map((word) => [...word][0]).join(''));
  define('swapcase', ([text]) => [...str(text)].map((char) => (char === char.toUpperCase() ? char.toLowerCase() : char.toUpperCase())).join(''));
  define('snakecase', ([text]) => words(str(text)).map((word) => word.toLowerCase()).join('_'));
  define('kebabcase', ([text]) => words(str(text)).map((word) => word.toLowerCase()).join('-'));
  define('camelcase', ([text]) => str(text).split('_').map((word) => (word ? word[0]!.toUpperCase() + word.slice(1) : '')).join(''));
  define('wrap', ([width, text]) => wrap(toInt(width), str(text)));
  define('wrapWith', ([width, newline, text]) => wrap(toInt(width), str(text), str(newline)));
  define('contains', ([needle, text]) => str(text).includes(str(needle)));
  define('hasPrefix', ([prefix, text]) => str(text).startsWith(str(prefix)));
  define('hasSuffix', ([suffix, text]) => str(text).endsWith(str(suffix)));
  define('quote', (args) => args.filter((value) => value !== null).map((value) => goQuote(strval(value))).join(' '));
  define('squote', (args) => args.filter((value) => value !== null).map((value) => `'${strval(value)}'`).join(' '));
  define('cat', (args) => args.filter((value) => value !== null).map(strval).join(' '));
  define('indent', ([spaces, text]) => {
    const pad = ' '.repeat(Math.max(0, toInt(spaces)));
    return pad + str(text).replace(/\n/g, '\n' + pad);
  });
  define('nindent', ([spaces, text]) => {
    const pad = ' '.repeat(Math.max(0, toInt(spaces)));
    return '\n' + pad + str(text).replace(/\n/g, '\n' + pad);
  });
  define('replace', ([from, to, text]) => str(text).split(str(from)).join(str(to)));
  define('plural', ([one, many, count]) => (toInt(count) === 1 ? str(one) : str(many)));
  define('sha1sum', ([text]) => hashHex('sha1', str(text)));
  define('sha256sum', ([text]) => hashHex('sha256', str(text)));
  define('sha512sum', ([text]) => hashHex('sha512', str(text)));
  define('adler32sum', ([text]) => String(adler32(str(text))));
  define('toString', ([value]) => strval(value ?? null));
  define('trunc', ([count, text]) => truncateBytes(str(text), toInt(count)));
  define('abbrev', ([width, text]) => {
    const value = str(text);
    const max = toInt(width);
    return max < 4 || byteLength(value) <= max ? value : truncateBytes(value, max - 3) + '...';
  });
  define('split', ([separator, text]) => {
    const map: GoMap = new Map();
    str(text).split(str(separator)).forEach((part, index) => map.set(`_${index}`, part));
    return map;
  });
  define('splitList', ([separator, text]) => (str(separator) === '' ? [...str(text)] : str(text).split(str(separator))));
  define('splitn', ([separator, count, text]) => {
    const limit = toInt(count);
    const parts = str(text).split(str(separator));
    const joined = limit > 0 && parts.length > limit ? [...parts.slice(0, limit - 1), parts.slice(limit - 1).join(str(separator))] : parts;
    const map: GoMap = new Map();
    joined.forEach((part, index) => map.set(`_${index}`, part));
    return map;
  });
  define('toStrings', ([value]) => strslice(value));
  define('join', ([separator, value]) => strslice(value).join(str(separator)));
  define('sortAlpha', ([value]) => strslice(value).sort((a, b) => Buffer.compare(Buffer.from(a), Buffer.from(b))));
  define('regexMatch', ([pattern, text]) => regex(str(pattern)).test(str(text)));
  define('mustRegexMatch', ([pattern, text]) => regex(str(pattern)).test(str(text)));
  define('regexFind', ([pattern, text]) => regex(str(pattern)).exec(str(text))?.[0] ?? '');
  define('mustRegexFind', ([pattern, text]) => regex(str(pattern)).exec(str(text))?.[0] ?? '');
  define('regexFindAll', ([pattern, text, count]) => {
    const limit = toInt(count);
    const all = [...str(text).matchAll(regex(str(pattern)))].map((match) => match[0]);
    return limit < 0 ? all : all.slice(0, limit);
  });
  define('regexReplaceAll', ([pattern, text, replacement]) =>
    str(text).replace(regex(str(pattern)), (...match: unknown[]) => {
      const groups = typeof match[match.length - 1] === 'object' ? (match[match.length - 1] as Record<string, string>) : undefined;
      return expandGo(str(replacement), match.slice(0, groups ? -3 : -2) as string[], groups);
    }),
  );
  define('regexReplaceAllLiteral', ([pattern, text, replacement]) => str(text).replace(regex(str(pattern)), () => str(replacement)));
  define('regexSplit', ([pattern, text, count]) => {
    const limit = toInt(count);
    const parts = str(text).split(regex(str(pattern)));
    return limit < 0 ? parts : limit === 0 ? [] : parts.length > limit ? parts.slice(0, limit) : parts;
  });
  define('regexQuoteMeta', ([text]) => str(text).replace(/[\\.+*?()|[\]{}^$]/g, '\\$&'));

  // encodings
  define('b64enc', ([text]) => Buffer.from(str(text), 'utf8').toString('base64'));
  define('b64dec', ([text]) => {
    const value = str(text);
    if (!/^[A-Za-z0-9+/]*={0,2}$/.test(value) || value.length % 4 !== 0) return `illegal base64 data at input byte ${Math.max(0, value.search(/[^A-Za-z0-9+/=]/))}`;
    return Buffer.from(value, 'base64').toString('utf8');
  });
  define('b32enc', ([text]) => base32(Buffer.from(str(text), 'utf8')));
  define('toJson', ([value]) => toJson(value ?? null));
  define('mustToJson', ([value]) => toJson(value ?? null));
  define('toPrettyJson', ([value]) => toJson(value ?? null, '  '));
  define('mustToPrettyJson', ([value]) => toJson(value ?? null, '  '));
  define('toRawJson', ([value]) => toJson(value ?? null).replace(/\\u003c/g, '<').replace(/\\u003e/g, '>').replace(/\\u0026/g, '&'));
  define('fromJson', ([text]) => {
    try {
      return fromJson(str(text));
    } catch {
      return null;
    }
  });
  define('mustFromJson', ([text]) => {
    try {
      return fromJson(str(text));
    } catch (error) {
      throw new FunctionError((error as Error).message);
    }
  });

  // numbers
  define('atoi', ([text]) => {
    const match = /^[-+]?\d+$/.exec(str(text));
    return match ? BigInt(match[0]) : 0n;
  });
  define('int', ([value]) => toInt64(value));
  define('int64', ([value]) => toInt64(value));
  define('float64', ([value]) => toFloat64(value));
  define('toDecimal', ([value]) => {
    const parsed = /^[-+]?[0-7]+$/.exec(str(value));
    return parsed ? BigInt('0o' + parsed[0].replace(/^[-+]/, '')) * (parsed[0].startsWith('-') ? -1n : 1n) : 0n;
  });
  define('add1', ([value]) => toInt64(value) + 1n);
  define('add', (args) => numericList(args).reduce((sum, value) => sum + value, 0n));
  define('sub', ([a, b]) => toInt64(a) - toInt64(b));
  define('mul', (args) => numericList(args).reduce((product, value) => product * value, 1n));
  define('div', ([a, b]) => {
    const divisor = toInt64(b);
    if (divisor === 0n) throw new FunctionError('runtime error: integer divide by zero');
    return toInt64(a) / divisor;
  });
  define('mod', ([a, b]) => {
    const divisor = toInt64(b);
    if (divisor === 0n) throw new FunctionError('runtime error: integer divide by zero');
    return toInt64(a) % divisor;
  });
  define('max', (args) => numericList(args).reduce((best, value) => (value > best ? value : best)));
  define('biggest', (args) => numericList(args).reduce((best, value) => (value > best ? value : best)));
  define('min', (args) => numericList(args).reduce((best, value) => (value < best ? value : best)));
  define('add1f', ([value]) => toFloat64(value) + 1);
  define('addf', (args) => args.map(toFloat64).reduce((sum, value) => sum + value, 0));
  define('subf', ([first, ...rest]) => rest.map(toFloat64).reduce((result, value) => result - value, toFloat64(first)));
  define('mulf', (args) => args.map(toFloat64).reduce((product, value) => product * value, 1));
  define('divf', ([first, ...rest]) => rest.map(toFloat64).reduce((result, value) => result / value, toFloat64(first)));
  define('maxf', (args) => Math.max(...args.map(toFloat64)));
  define('minf', (args) => Math.min(...args.map(toFloat64)));
  define('ceil', ([value]) => Math.ceil(toFloat64(value)));
  define('floor', ([value]) => Math.floor(toFloat64(value)));
  define('round', ([value, places, roundOn]) => roundTo(toFloat64(value), toInt(places), roundOn === undefined ? 0.5 : toFloat64(roundOn)));
  define('until', ([count]) => {
    const stop = toInt64(count);
    return until(0n, stop, stop < 0n ? -1n : 1n);
  });
  define('untilStep', ([start, stop, step]) => until(toInt64(start), toInt64(stop), toInt64(step)));
  define('seq', (args) => {
    const numbers = args.map(toInt64);
    let start = 1n;
    let stop: bigint;
    let step = 1n;
    if (numbers.length === 0) return '';
    if (numbers.length === 1) stop = numbers[0]!;
    else if (numbers.length === 2) [start, stop] = [numbers[0]!, numbers[1]!];
    else [start, step, stop] = [numbers[0]!, numbers[1]!, numbers[2]!];
    if (numbers.length < 3 && stop < start) step = -1n;
    const end = step > 0n ? stop + 1n : stop - 1n;
    return until(start, end, step).map(strval).join(' ');
  });

  // defaults and types
  define('default', (args) => {
    const [fallback, given] = args;
    return args.length < 2 || isEmpty(given!) ? (fallback ?? null) : given!;
  });
  define('empty', ([value]) => isEmpty(value ?? null));
  define('coalesce', (args) => args.find((value) => !isEmpty(value)) ?? null);
  define('all', (args) => args.every((value) => !isEmpty(value)));
  define('any', (args) => args.some((value) => !isEmpty(value)));
  define('compact', ([value]) => list(value, 'compact').filter((item) => !isEmpty(item)));
  define('mustCompact', ([value]) => list(value, 'compact').filter((item) => !isEmpty(item)));
  define('ternary', ([whenTrue, whenFalse, condition]) => {
    if (typeof condition !== 'boolean') throw new FunctionError(`wrong type for value; expected bool; got ${goTypeName(condition ?? null)}`);
    return condition ? whenTrue! : whenFalse!;
  });
  define('deepCopy', ([value]) => deepCopy(value ?? null));
  define('mustDeepCopy', ([value]) => deepCopy(value ?? null));
  define('typeOf', ([value]) => goTypeName(value ?? null));
  define('typeIs', ([name, value]) => str(name) === goTypeName(value ?? null));
  define('typeIsLike', ([name, value]) => str(name) === goTypeName(value ?? null) || str(name) === '*' + goTypeName(value ?? null));
  define('kindOf', ([value]) => goKindName(value ?? null));
  define('kindIs', ([name, value]) => str(name) === goKindName(value ?? null));
  define('deepEqual', ([a, b]) => deepEqual(a ?? null, b ?? null));

  // paths
  define('base', ([path]) => pathBase(str(path)));
  define('dir', ([path]) => pathDir(str(path)));
  define('ext', ([path]) => {
    const base = str(path);
    for (let index = base.length - 1; index >= 0 && base[index] !== '/'; index--) if (base[index] === '.') return base.slice(index);
    return '';
  });
  define('clean', ([path]) => pathClean(str(path)));
  define('isAbs', ([path]) => str(path).startsWith('/'));

  // lists
  define('list', (args) => [...args]);
  define('tuple', (args) => [...args]);
  define('append', ([value, item]) => [...list(value, 'push'), item ?? null]);
  define('push', ([value, item]) => [...list(value, 'push'), item ?? null]);
  define('mustAppend', ([value, item]) => [...list(value, 'push'), item ?? null]);
  define('mustPush', ([value, item]) => [...list(value, 'push'), item ?? null]);
  define('prepend', ([value, item]) => [item ?? null, ...list(value, 'prepend')]);
  define('mustPrepend', ([value, item]) => [item ?? null, ...list(value, 'prepend')]);
  define('first', ([value]) => (value === null ? null : (list(value ?? null, 'find first').at(0) ?? null)));
  define('mustFirst', ([value]) => list(value ?? null, 'find first').at(0) ?? null);
  define('last', ([value]) => (value === null ? null : (list(value ?? null, 'find last').at(-1) ?? null)));
  define('mustLast', ([value]) => list(value ?? null, 'find last').at(-1) ?? null);
  define('rest', ([value]) => (value === null ? null : list(value ?? null, 'find rest').slice(1)));
  define('initial', ([value]) => (value === null ? null : list(value ?? null, 'find initial').slice(0, -1)));
  define('reverse', ([value]) => (value === null ? null : [...list(value ?? null, 'find reverse')].reverse()));
  define('uniq', ([value]) => {
    const out: GoValue[] = [];
    for (const item of list(value ?? null, 'find uniq')) if (!out.some((seen) => deepEqual(seen, item))) out.push(item);
    return out;
  });
  define('without', ([value, ...remove]) => list(value ?? null, 'find without').filter((item) => !remove.some((gone) => deepEqual(gone, item))));
  define('has', ([needle, haystack]) => (haystack === null || haystack === undefined ? false : list(haystack, 'find has').some((item) => deepEqual(needle ?? null, item))));
  define('mustHas', ([needle, haystack]) => (haystack === null || haystack === undefined ? false : list(haystack, 'find has').some((item) => deepEqual(needle ?? null, item))));
  define('slice', ([value, ...bounds]) => {
    const items = list(value ?? null, 'slice');
    const start = bounds[0] !== undefined ? toInt(bounds[0]) : 0;
    const end = bounds[1] !== undefined ? toInt(bounds[1]) : items.length;
    return items.slice(start, end);
  });
  define('concat', (args) => args.flatMap((value) => (value === null ? [] : list(value, 'concat'))));
  define('chunk', ([size, value]) => {
    const items = list(value ?? null, 'chunk');
    const width = toInt(size);
    if (width <= 0) throw new FunctionError('chunk size must be positive');
    const out: GoValue[] = [];
    for (let index = 0; index < items.length; index += width) out.push(items.slice(index, index + width));
    return out;
  });

  // dicts
  define('dict', (args) => {
    const map: GoMap = new Map();
    for (let index = 0; index < args.length; index += 2) map.set(strval(args[index]!), index + 1 < args.length ? args[index + 1]! : '');
    return map;
  });
  define('get', ([map, key]) => {
    const value = dict(map, 'get');
    return value.has(str(key)) ? value.get(str(key))! : '';
  });
  define('set', ([map, key, value]) => dict(map, 'set').set(str(key), value ?? null));
  define('unset', ([map, key]) => {
    const value = dict(map, 'unset');
    value.delete(str(key));
    return value;
  });
  define('hasKey', ([map, key]) => dict(map, 'hasKey').has(str(key)));
  define('pluck', ([key, ...maps]) => maps.filter((map): map is GoMap => map instanceof Map && map.has(str(key))).map((map) => map.get(str(key))!));
  define('keys', (args) => args.flatMap((map) => sortedKeys(dict(map, 'keys'))));
  define('values', ([map]) => sortedKeys(dict(map, 'values')).map((key) => (map as GoMap).get(key)!));
  define('pick', ([map, ...keys]) => {
    const source = dict(map, 'pick');
    const out: GoMap = new Map();
    for (const key of keys.map(strval)) if (source.has(key)) out.set(key, source.get(key)!);
    return out;
  });
  define('omit', ([map, ...keys]) => {
    const remove = new Set(keys.map(strval));
    const out: GoMap = new Map();
    for (const [key, value] of dict(map, 'omit')) if (!remove.has(key)) out.set(key, value);
    return out;
  });
  const merge = (overwrite: boolean): TemplateFunction => ([target, ...sources]) => {
    const destination = dict(target, overwrite ? 'mergeOverwrite' : 'merge');
    for (const source of sources) mergeInto(destination, dict(source, 'merge'), overwrite);
    return destination;
  };
  define('merge', merge(false));
  define('mustMerge', merge(false));
  define('mergeOverwrite', merge(true));
  define('mustMergeOverwrite', merge(true));
  define('dig', (args) => {
    requireArgs('dig', args, 3);
    const map = args[args.length - 1]!;
    const fallback = args[args.length - 2]!;
    const keys = args.slice(0, -2).map(strval);
    if (!(map instanceof Map)) throw new FunctionError(`interface conversion: interface {} is ${goTypeName(map)}, not map[string]interface {}`);
    let current: GoValue = map;
    for (const [position, key] of keys.entries()) {
      if (!(current instanceof Map)) throw new FunctionError(`interface conversion: interface {} is ${goTypeName(current)}, not map[string]interface {}`);
      if (!current.has(key)) return fallback;
      current = current.get(key)!;
      if (position === keys.length - 1) return current;
    }
    return current;
  });

  // semver
  define('semverCompare', ([constraint, version]) => {
    try {
      return semverCompare(str(constraint), str(version));
    } catch (error) {
      throw new FunctionError((error as Error).message);
    }
  });
  define('semver', ([version]) => {
    try {
      return parseSemver(str(version)).object;
    } catch (error) {
      throw new FunctionError((error as Error).message);
    }
  });

  // url
  define('urlParse', ([text]) => {
    const url = new URL(str(text));
    return new Map<string, GoValue>([
      ['scheme', url.protocol.replace(/:$/, '')],
      ['host', url.host],
      ['hostname', url.hostname],
      ['path', decodeURIComponent(url.pathname)],
      ['query', url.search.replace(/^\?/, '')],
      ['opaque', ''],
      ['fragment', url.hash.replace(/^#/, '')],
      ['userinfo', url.username ? url.username + (url.password ? ':' + url.password : '') : ''],
    ]);
  });
  define('urlJoin', ([map]) => {
    const parts = dict(map, 'urlJoin');
    const get = (key: string) => (parts.has(key) ? strval(parts.get(key)!) : '');
    const auth = get('userinfo') ? get('userinfo') + '@' : '';
    return `${get('scheme')}://${auth}${get('host')}${get('path')}${get('query') ? '?' + get('query') : ''}${get('fragment') ? '#' + get('fragment') : ''}`;
  });

  // random, time and crypto: deterministic stand-ins
  for (const [name, fn] of stand.functions) define(name, fn);

  define('printf', ([format, ...args]) => sprintf(str(format), args));
  // The `must…` variants differ only in returning errors instead of swallowing them.
  for (const name of ['append', 'push', 'prepend', 'first', 'last', 'rest', 'initial', 'reverse', 'uniq', 'without', 'has', 'slice', 'compact', 'chunk', 'regexMatch', 'regexFind', 'regexFindAll', 'regexReplaceAll', 'regexReplaceAllLiteral', 'regexSplit', 'merge', 'mergeOverwrite', 'deepCopy', 'toJson', 'toPrettyJson', 'toRawJson', 'fromJson', 'dateModify', 'toDate']) {
    const must = 'must' + name[0]!.toUpperCase() + name.slice(1);
    const fn = functions.get(name);
    if (fn && !functions.has(must)) functions.set(must, fn);
  }
  return functions;
}

function trimCutset(text: string, cutset: string): string {
  const chars = new Set([...cutset]);
  const list = [...text];
  let start = 0;
  let end = list.length;
  while (start < end && chars.has(list[start]!)) start++;
  while (end > start && chars.has(list[end - 1]!)) end--;
  return list.slice(start, end).join('');
}

function base32(bytes: Buffer): string {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let out = '';
  let bits = 0;
  let value = 0;
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += alphabet[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  if (bits > 0) out += alphabet[(value << (5 - bits)) & 31];
  while (out.length % 8 !== 0) out += '=';
  return out;
}

/** Go's path.Clean. */
export function pathClean(path: string): string {
  if (path === '') return '.';
  const rooted = path.startsWith('/');
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (!rooted) parts.push('..');
      continue;
    }
    parts.push(part);
  }
  const joined = (rooted ? '/' : '') + parts.join('/');
  return joined === '' ? '.' : joined;
}

function pathBase(path: string): string {
  if (path === '') return '.';
  const trimmed = path.replace(/\/+$/, '');
  if (trimmed === '') return '/';
  return trimmed.slice(trimmed.lastIndexOf('/') + 1);
}

function pathDir(path: string): string {
  const index = path.lastIndexOf('/');
  return pathClean(path.slice(0, index + 1));
}

export { GoObject, GoStruct, formatFloatG };
