// Go's fmt.Sprintf / Sprint / Sprintln for the verbs templates use, with Go's error strings for bad verbs
// (`%!d(float64=5)`), missing (`%!s(MISSING)`) and extra arguments.
import { formatFloatE, formatFloatF, formatFloatG, formatValue, goQuote, goTypeName, kindOf, sortedKeys, type GoValue } from './go-values';

interface Spec {
  minus: boolean;
  plus: boolean;
  sharp: boolean;
  space: boolean;
  zero: boolean;
  width: number | undefined;
  precision: number | undefined;
}

function pad(text: string, spec: Spec, numeric: boolean): string {
  const width = spec.width;
  const length = [...text].length;
  if (width === undefined || length >= width) return text;
  if (spec.minus) return text + ' '.repeat(width - length);
  if (spec.zero && numeric) {
    const sign = /^[+-]/.test(text) ? text[0]! : '';
    return sign + '0'.repeat(width - length) + text.slice(sign.length);
  }
  return ' '.repeat(width - length) + text;
}

function badVerb(verb: string, value: GoValue): string {
  if (value === null) return `%!${verb}(<nil>)`;
  return `%!${verb}(${goTypeName(value)}=${formatValue(value)})`;
}

function signed(text: string, negative: boolean, spec: Spec): string {
  if (negative) return '-' + text;
  if (spec.plus) return '+' + text;
  if (spec.space) return ' ' + text;
  return text;
}

function formatInteger(value: bigint, verb: string, spec: Spec): string {
  const negative = value < 0n;
  const magnitude = negative ? -value : value;
  let digits: string;
  switch (verb) {
    case 'd':
    case 'v':
      digits = magnitude.toString(10);
      break;
    case 'x':
      digits = magnitude.toString(16);
      if (spec.sharp) digits = '0x' + digits;
      break;
    case 'X':
      digits = magnitude.toString(16).toUpperCase();
      if (spec.sharp) digits = '0X' + digits;
      break;
    case 'o':
      digits = magnitude.toString(8);
      if (spec.sharp) digits = '0' + digits;
      break;
    case 'O':
      digits = '0o' + magnitude.toString(8);
      break;
    case 'b':
      digits = magnitude.toString(2);
      break;
    case 'c':
      return pad(String.fromCodePoint(Number(value)), spec, false);
    case 'q':
      return pad("'" + goQuote(String.fromCodePoint(Number(value))).slice(1, -1).replace(/'/g, "\\'").replace(/\\"/g, '"') + "'", spec, false);
    case 'U':
      return pad('U+' + magnitude.toString(16).toUpperCase().padStart(4, '0'), spec, false);
    case 'e':
    case 'E':
    case 'f':
    case 'F':
    case 'g':
    case 'G':
      return badVerb(verb, value);
    default:
      return badVerb(verb, value);
  }
  if (spec.precision !== undefined) digits = digits.padStart(spec.precision, '0');
  return pad(signed(digits, negative, spec), spec, spec.precision === undefined);
}

function formatFloat(value: number, verb: string, spec: Spec): string {
  let text: string;
  switch (verb) {
    case 'v':
    case 'g':
    case 'G':
      text = spec.precision === undefined ? formatFloatG(value) : formatGPrecision(value, spec.precision);
      if (verb === 'G') text = text.toUpperCase();
      break;
    case 'f':
    case 'F':
      text = formatFloatF(value, spec.precision ?? 6);
      break;
    case 'e':
    case 'E':
      text = formatFloatE(value, spec.precision ?? 6);
      if (verb === 'E') text = text.toUpperCase();
      break;
    default:
      return badVerb(verb, value);
  }
  if (spec.plus && !text.startsWith('-') && !text.startsWith('+')) text = '+' + text;
  else if (spec.space && !text.startsWith('-')) text = ' ' + text;
  return pad(text, spec, Number.isFinite(value));
}

function formatGPrecision(value: number, precision: number): string {
  const digits = precision === 0 ? 1 : precision;
  if (value === 0) return '0';
  const exp = Math.floor(Math.log10(Math.abs(Number(value.toPrecision(digits)))));
  if (exp < -4 || exp >= digits) {
    return formatFloatE(value, digits - 1).replace(/\.?0+e/, 'e');
  }
  const fixed = value.toFixed(Math.max(0, digits - 1 - exp));
  return fixed.includes('.') ? fixed.replace(/\.?0+$/, '') : fixed;
}

function formatString(value: string, verb: string, spec: Spec): string {
  let text = value;
  switch (verb) {
    case 'v':
    case 's':
      if (spec.precision !== undefined) text = [...text].slice(0, spec.precision).join('');
      return pad(text, spec, false);
    case 'q':
      return pad(spec.sharp && !text.includes('`') ? '`' + text + '`' : goQuote(text), spec, false);
    case 'x':
    case 'X': {
      let hex = Buffer.from(text, 'utf8').toString('hex');
      if (verb === 'X') hex = hex.toUpperCase();
      return pad(hex, spec, false);
    }
    default:
      return badVerb(verb, value);
  }
}

/** One operand under one verb. */
export function formatVerb(value: GoValue, verb: string, spec: Spec = noSpec()): string {
  if (verb === 'T') return pad(goTypeName(value), spec, false);
  switch (kindOf(value)) {
    case 'invalid':
      return verb === 'v' ? pad('<nil>', spec, false) : badVerb(verb, value);
    case 'bool':
      return verb === 'v' || verb === 't' ? pad(String(value), spec, false) : badVerb(verb, value);
    case 'int':
      return formatInteger(value as bigint, verb, spec);
    case 'float':
      return formatFloat(value as number, verb, spec);
    case 'string':
      return formatString(value as string, verb, spec);
    case 'slice':
      return '[' + (value as GoValue[]).map((item) => formatVerb(item, verb, spec)).join(' ') + ']';
    case 'map': {
      const map = value as Map<string, GoValue>;
      return 'map[' + sortedKeys(map).map((key) => formatVerb(key, verb, spec) + ':' + formatVerb(map.get(key)!, verb, spec)).join(' ') + ']';
    }
    default:
      return verb === 'v' || verb === 's' ? pad(formatValue(value), spec, false) : badVerb(verb, value);
  }
}

function noSpec(): Spec {
  return { minus: false, plus: false, sharp: false, space: false, zero: false, width: undefined, precision: undefined };
}

/** fmt.Sprintf. */
export function sprintf(format: string, args: readonly GoValue[]): string {
  let out = '';
  let argIndex = 0;
  let index = 0;
  while (index < format.length) {
    const percent = format.indexOf('%', index);
    if (percent === -1) {
      out += format.slice(index);
      break;
    }
    out += format.slice(index, percent);
    index = percent + 1;
    const spec = noSpec();
    for (; index < format.length; index++) {
      const flag = format[index];
      if (flag === '-') spec.minus = true;
      else if (flag === '+') spec.plus = true;
      else if (flag === '#') spec.sharp = true;
      else if (flag === ' ') spec.space = true;
      else if (flag === '0') spec.zero = !spec.minus;
      else break;
    }
    const readNumber = (): number | undefined => {
      if (format[index] === '*') {
        index++;
        const value = args[argIndex++];
        return typeof value === 'bigint' ? Number(value) : undefined;
      }
      const match = /^\d+/.exec(format.slice(index));
      if (!match) return undefined;
      index += match[0].length;
      return Number(match[0]);
    };
    spec.width = readNumber();
    if (format[index] === '.') {
      index++;
      spec.precision = readNumber() ?? 0;
    }
    const verb = format[index];
    if (verb === undefined) {
      out += '%!(NOVERB)';
      break;
    }
    index++;
    if (verb === '%') {
      out += '%';
      continue;
    }
    if (argIndex >= args.length) {
      out += `%!${verb}(MISSING)`;
      continue;
    }
    out += formatVerb(args[argIndex++]!, verb, spec);
  }
  if (argIndex < args.length) {
    out += '%!(EXTRA ' + args.slice(argIndex).map((value) => (value === null ? '<nil>' : `${goTypeName(value)}=${formatValue(value)}`)).join(', ') + ')';
  }
  return out;
}

/** fmt.Sprint: spaces between operands when neither side is a string. */
export function sprint(args: readonly GoValue[]): string {
  let out = '';
  args.forEach((value, index) => {
    if (index > 0 && typeof value !== 'string' && typeof args[index - 1] !== 'string') out += ' ';
    out += formatValue(value);
  });
  return out;
}

/** fmt.Sprintln: spaces between all operands and a newline. */
export function sprintln(args: readonly GoValue[]): string {
  return args.map(formatValue).join(' ') + '\n';
}
