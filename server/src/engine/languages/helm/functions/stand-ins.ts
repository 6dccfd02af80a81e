// Deterministic stand-ins for sprig's random, time and crypto functions. Helm's own output differs on every
// run for these, so Shipshape returns values of the right shape (length, alphabet, PEM framing) from a fixed
// seed, and remembers them: anything derived from a stand-in is known not to be comparable with helm's.
import { createHash } from 'node:crypto';
import type { TemplateFunction } from '../template/exec';
import { GoObject, GoStruct, strval, type GoValue } from '../template/go-values';

export interface Stand {
  functions: Map<string, TemplateFunction>;
  /** Strings returned by stand-ins (generated passwords, certificates, dates). */
  tainted: Set<string>;
  taintedObjects: WeakSet<object>;
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const ALPHA = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const DIGITS = '0123456789';
const ASCII = Array.from({ length: 94 }, (_, index) => String.fromCharCode(33 + index)).join('');

/** The fixed instant `now` returns (UTC). */
export const STAND_IN_NOW = Date.UTC(2026, 0, 1, 0, 0, 0);

export class GoTime extends GoObject {
  readonly goType = 'time.Time';
  constructor(readonly epochMs: number) {
    super();
  }
  override method(name: string): ((...args: GoValue[]) => GoValue) | undefined {
    switch (name) {
      case 'Unix':
        return () => BigInt(Math.floor(this.epochMs / 1000));
      case 'UnixNano':
        return () => BigInt(this.epochMs) * 1_000_000n;
      case 'Year':
        return () => BigInt(new Date(this.epochMs).getUTCFullYear());
      case 'Format':
        return (layout) => formatGoTime(this.epochMs, strval(layout));
      case 'UTC':
        return () => this;
      case 'String':
        return () => this.format();
    }
    return undefined;
  }
  format(): string {
    return formatGoTime(this.epochMs, '2006-01-02 15:04:05.999999999 -0700 MST');
  }
}

const MONTHS = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August', 'September', 'October', 'November', 'December'];
const DAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];

/** Go's time.Format for the layout elements charts use, in UTC. */
export function formatGoTime(epochMs: number, layout: string): string {
  const date = new Date(epochMs);
  const two = (value: number) => String(value).padStart(2, '0');
  const tokens: Array<[string, () => string]> = [
    ['January', () => MONTHS[date.getUTCMonth()]!],
    ['Monday', () => DAYS[date.getUTCDay()]!],
    ['2006', () => String(date.getUTCFullYear())],
    ['Z07:00', () => 'Z'],
    ['-07:00', () => '+00:00'],
    ['-0700', () => '+0000'],
    ['Jan', () => MONTHS[date.getUTCMonth()]!.slice(0, 3)],
    ['Mon', () => DAYS[date.getUTCDay()]!.slice(0, 3)],
    ['MST', () => 'UTC'],
    ['.999999999', () => ''],
    ['.000000000', () => '.000000000'],
    ['.000', () => '.' + String(date.getUTCMilliseconds()).padStart(3, '0')],
    ['01', () => two(date.getUTCMonth() + 1)],
    ['02', () => two(date.getUTCDate())],
    ['15', () => two(date.getUTCHours())],
    ['03', () => two(date.getUTCHours() % 12 || 12)],
    ['04', () => two(date.getUTCMinutes())],
    ['05', () => two(date.getUTCSeconds())],
    ['06', () => two(date.getUTCFullYear() % 100)],
    ['PM', () => (date.getUTCHours() >= 12 ? 'PM' : 'AM')],
    ['_2', () => String(date.getUTCDate()).padStart(2, ' ')],
    ['1', () => String(date.getUTCMonth() + 1)],
    ['2', () => String(date.getUTCDate())],
    ['3', () => String(date.getUTCHours() % 12 || 12)],
    ['4', () => String(date.getUTCMinutes())],
    ['5', () => String(date.getUTCSeconds())],
  ];
  let out = '';
  let index = 0;
  outer: while (index < layout.length) {
    for (const [token, value] of tokens) {
      if (layout.startsWith(token, index)) {
        out += value();
        index += token.length;
        continue outer;
      }
    }
    out += layout[index];
    index++;
  }
  return out;
}

/** A small deterministic generator (xorshift32). */
function generator(seed: number): () => number {
  let state = seed >>> 0 || 1;
  return () => {
    state ^= state << 13;
    state >>>= 0;
    state ^= state >>> 17;
    state ^= state << 5;
    state >>>= 0;
    return state / 0x100000000;
  };
}

function pem(label: string, body: Buffer): string {
  const base64 = body.toString('base64');
  const lines = base64.match(/.{1,64}/g) ?? [];
  return `-----BEGIN ${label}-----\n${lines.join('\n')}\n-----END ${label}-----\n`;
}

export function standIns(seed = 0x5eed): Stand {
  const random = generator(seed);
  const tainted = new Set<string>();
  const taintedObjects = new WeakSet<object>();
  const functions = new Map<string, TemplateFunction>();
  const mark = (text: string): string => {
    if (text.length > 0) tainted.add(text);
    return text;
  };
  const pick = (alphabet: string, count: GoValue | undefined): string => {
    const length = Math.min(Math.max(0, Number(typeof count === 'bigint' || typeof count === 'number' ? count : 0)), 1_000_000);
    let out = '';
    for (let index = 0; index < length; index++) out += alphabet[Math.floor(random() * alphabet.length)];
    return mark(out);
  };
  const bytes = (count: number): Buffer => Buffer.from(Array.from({ length: count }, () => Math.floor(random() * 256)));
  const certificate = (keyLabel: string): GoValue => {
    const cert = mark(pem('CERTIFICATE', bytes(780)));
    const key = mark(pem(keyLabel, bytes(1190)));
    const object = new GoStruct('certificate', new Map<string, GoValue>([['Cert', cert], ['Key', key]]));
    taintedObjects.add(object);
    return object;
  };
  const now = (): GoValue => {
    const time = new GoTime(STAND_IN_NOW);
    taintedObjects.add(time);
    return time;
  };
  const timeOf = (value: GoValue | undefined): number => {
    if (value instanceof GoTime) return value.epochMs;
    if (typeof value === 'bigint') return Number(value) * 1000;
    if (typeof value === 'number') return value * 1000;
    return STAND_IN_NOW;
  };
  const define = (name: string, fn: TemplateFunction) => functions.set(name, fn);
  define('randAlphaNum', ([count]) => pick(ALNUM, count));
  define('randAlpha', ([count]) => pick(ALPHA, count));
  define('randNumeric', ([count]) => pick(DIGITS, count));
  define('randAscii', ([count]) => pick(ASCII, count));
  define('randBytes', ([count]) => mark(bytes(Math.min(Number(count ?? 0n), 1_000_000)).toString('base64')));
  define('randInt', ([min, max]) => {
    const low = Number(min ?? 0n);
    const high = Number(max ?? 0n);
    return BigInt(low + Math.floor(random() * Math.max(1, high - low)));
  });
  define('shuffle', ([text]) => mark([...strval(text ?? '')].sort(() => random() - 0.5).join('')));
  define('uuidv4', () => {
    const hex = bytes(16).toString('hex');
    return mark(`${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-a${hex.slice(17, 20)}-${hex.slice(20, 32)}`);
  });
  define('genPrivateKey', ([type]) => mark(pem(strval(type ?? 'rsa') === 'ecdsa' ? 'EC PRIVATE KEY' : strval(type ?? '') === 'ed25519' ? 'PRIVATE KEY' : 'RSA PRIVATE KEY', bytes(1190))));
  define('genCA', () => certificate('RSA PRIVATE KEY'));
  define('genCAWithKey', () => certificate('RSA PRIVATE KEY'));
  define('genSelfSignedCert', () => certificate('RSA PRIVATE KEY'));
  define('genSelfSignedCertWithKey', () => certificate('RSA PRIVATE KEY'));
  define('genSignedCert', () => certificate('RSA PRIVATE KEY'));
  define('genSignedCertWithKey', () => certificate('RSA PRIVATE KEY'));
  define('buildCustomCert', ([cert, key]) => new GoStruct('certificate', new Map<string, GoValue>([['Cert', strval(cert ?? '')], ['Key', strval(key ?? '')]])));
  define('derivePassword', (args) => mark(createHash('sha256').update(args.map((arg) => strval(arg)).join('\0')).digest('base64').slice(0, 20)));
  define('htpasswd', ([user]) => mark(`${strval(user ?? '')}:$2a$10$${bytes(40).toString('base64').replace(/[+/=]/g, '.').slice(0, 53)}`));
  define('bcrypt', () => mark(`$2a$10$${bytes(40).toString('base64').replace(/[+/=]/g, '.').slice(0, 53)}`));
  define('encryptAES', ([, text]) => mark(bytes(16 + Math.ceil((Buffer.byteLength(strval(text ?? '')) + 1) / 16) * 16).toString('base64')));
  define('decryptAES', () => '');
  define('now', now);
  define('date', ([layout, time]) => {
    const text = formatGoTime(timeOf(time), strval(layout ?? ''));
    return time instanceof GoTime && taintedObjects.has(time) ? mark(text) : text;
  });
  define('dateInZone', ([layout, time]) => {
    const text = formatGoTime(timeOf(time), strval(layout ?? ''));
    return time instanceof GoTime && taintedObjects.has(time) ? mark(text) : text;
  });
  define('htmlDate', ([time]) => formatGoTime(timeOf(time), '2006-01-02'));
  define('htmlDateInZone', ([time]) => formatGoTime(timeOf(time), '2006-01-02'));
  define('unixEpoch', ([time]) => String(Math.floor(timeOf(time) / 1000)));
  define('dateModify', (_args) => now());
  define('ago', () => '0s');
  define('toDate', ([, text]) => {
    const parsed = Date.parse(strval(text ?? ''));
    return new GoTime(Number.isNaN(parsed) ? 0 : parsed);
  });
  return { functions, tainted, taintedObjects };
}
