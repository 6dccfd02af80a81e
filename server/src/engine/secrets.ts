// Secret detection shared by every file format: which names look like they hold a secret, which values are
// only placeholders, and where a text contains a credential in a known format. Pure string functions, so
// the Dockerfile rules and the Kubernetes rules (env values, ConfigMaps, Secrets) judge the same way.

// ---------------------------------------------------------------------------------------------------------
// Names

/** Words that make a name secret-like wherever they stand (`DB_PASSWORD`, `clientSecret`, `NPM_CONFIG__AUTH`). */
const SECRET_WORDS = new Set([
  'password', 'passwords', 'passwd', 'pwd', 'pass', 'passphrase',
  'secret', 'secrets',
  'token', 'tokens',
  'apikey', 'apikeys',
  'credential', 'credentials', 'creds',
  'auth',
  'pat',
  // camelCase and run-together spellings of the pairs below (`privatekey`, `SECRETKEY`)
  'privatekey', 'secretkey', 'accesskey', 'authtoken', 'accesstoken', 'authkey',
  'connectionstring', 'connectionstrings', 'connstring', 'connstr',
]);

/** `key` is only secret-like after one of these, or as the last word of a longer name (`*_key`). */
const KEY_PAIRS = new Set(['api', 'private', 'access', 'secret', 'cert']);

/** Qualifiers that make a trailing `key` name something that is not a secret (`GPG_KEY` holds a fingerprint). */
const NON_SECRET_KEY_QUALIFIERS = new Set([
  'public', 'pub', 'gpg', 'pgp', 'kms', 'cache', 'sort', 'partition', 'routing', 'primary', 'foreign',
  'hash', 'range', 'object', 'lookup', 'idempotency', 'dedup', 'dedupe', 'group', 'shard', 'map', 'label', 'topology',
]);

/**
 * Words that, after the secret word, say the value describes a secret rather than being one:
 * `PASSWORD_FILE`, `TOKEN_URL`, `API_KEY_NAME`, `SECRET_VERSION`, `PASSWORD_PROMPT_STRING`. A URL value that
 * does carry a password is still caught by the credential formats below, whatever the name.
 * Before the secret word they do not count: `ADMIN_USER_PASSWORD` and `ID_TOKEN` are secrets.
 */
const DESCRIBING_WORDS = new Set([
  // RULES.md §D
  'file', 'files', 'path', 'paths', 'dir', 'directory', 'version', 'url', 'name', 'names', 'id', 'ids',
  'type', 'types', 'user', 'username', 'host', 'hostname', 'port', 'timeout', 'enabled', 'length',
  // the same idea, seen in BuildKit's and hadolint's false-positive reports
  'prompt', 'uri', 'endpoint', 'server', 'header', 'mode', 'method', 'provider', 'policy', 'scope', 'scopes',
  'ttl', 'expiry', 'expiration', 'expires', 'lifetime', 'interval', 'size', 'algorithm', 'format', 'location',
  'region', 'arn', 'disabled', 'required', 'label',
  'prefix', 'suffix', 'field', 'var', 'env', 'ref', 'refs', 'namespace', 'spec', 'encryption', 'sock', 'socket',
]);

/**
 * Words that make a name a quantity or a switch wherever they stand (`MAX_INPUT_TOKENS`, `MIN_PASSWORD_AGE`,
 * `DISABLE_AUTH`, `MYSQL_ALLOW_EMPTY_PASSWORD`).
 */
const NOT_A_SECRET_WORDS = new Set([
  'max', 'maximum', 'min', 'minimum', 'num', 'number', 'total', 'count', 'limit',
  'allow', 'disable', 'enable', 'skip', 'use', 'require', 'ignore', 'random', 'empty',
]);

/** Run-together names that end in a secret word (`PGPASSWORD`, `APITOKEN`, `clientsecret`). */
const SECRET_SUFFIX = /.(password|passwd|secret|token)$/;

/** Words that make a whole name public by design (`PUBLIC_KEY`, `NEXT_PUBLIC_MAPS_API_KEY`, `STRIPE_PUBLISHABLE_KEY`). */
const PUBLIC_WORDS = new Set(['public', 'pub', 'publishable']);

/**
 * Credential variables that hadolint (DL3064) and Trivy (DS-0031) both list by name, for the ones the word rules
 * above would let through: `AWS_ACCESS_KEY_ID` ends in `id`, a describing word, yet is half of the AWS key pair.
 * Also with the `VITE_` / `REACT_APP_` prefixes that front-end builds inline into bundles.
 */
const KNOWN_SECRET_NAMES = new Set([
  'aws_access_key_id', 'aws_secret_access_key', 'aws_session_token', 'azure_client_secret', 'github_token', 'gh_token',
  'gh_enterprise_token', 'github_enterprise_token', 'openai_api_key', 'hf_token', 'digitalocean_access_token',
  'dockerhub_password', 'firebase_token', 'ci_deploy_password', 'google_api_key', 'langsmith_api_key',
  'langchain_api_key', 'heroku_api_key',
]);

/** Shell variables whose names contain a secret word by accident. */
const SHELL_VARIABLES = new Set(['pwd', 'oldpwd']);

/**
 * Splits a name into lower-case words on `_`, `-`, `.`, `/`, `:` and camelCase boundaries
 * (`dbPassword` → db, password; `APIKey` → api, key; `spring.datasource.password` → spring, datasource, password).
 */
export function nameTokens(name: string): string[] {
  return splitCamelCase(name)
    .split(/[\s_.\-/:]+/)
    .filter((token) => token !== '')
    .map((token) => token.toLowerCase());
}

/**
 * Puts a space at each camelCase boundary: before an upper-case letter that follows a lower-case letter or
 * digit (`dbPassword`), and before the last capital of a run that a lower-case letter follows (`APIKey`).
 * One pass over the name: the regular expressions this replaces backtracked over long capital runs.
 */
function splitCamelCase(name: string): string {
  const isUpper = (code: number): boolean => code >= 65 && code <= 90;
  const isLower = (code: number): boolean => code >= 97 && code <= 122;
  const isDigit = (code: number): boolean => code >= 48 && code <= 57;
  let result = '';
  let from = 0;
  for (let i = 1; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (!isUpper(code)) continue;
    const previous = name.charCodeAt(i - 1);
    const afterLowerOrDigit = isLower(previous) || isDigit(previous);
    const endsCapitalRun = isUpper(previous) && isLower(name.charCodeAt(i + 1));
    if (afterLowerOrDigit || endsCapitalRun) {
      result += `${name.slice(from, i)} `;
      from = i;
    }
  }
  return result + name.slice(from);
}

/**
 * Whether a variable or key name looks like it holds a secret (RULES.md §D). `allowNames` are exact names the
 * user declared harmless (settings `secrets.allowNames`), compared case-insensitively.
 */
export function isSecretLikeName(name: string, allowNames: readonly string[] = []): boolean {
  const lower = name.toLowerCase();
  if (allowNames.some((allowed) => allowed.toLowerCase() === lower)) return false;
  if (SHELL_VARIABLES.has(lower)) return false;
  if (KNOWN_SECRET_NAMES.has(lower.replace(/^(vite|react_app)_/, ''))) return true;
  const tokens = nameTokens(name).map((token) => withoutTrailingDigits(token) || token);
  if (tokens.some((token) => PUBLIC_WORDS.has(token) || NOT_A_SECRET_WORDS.has(token))) return false;
  let lastHit = -1;
  tokens.forEach((token, index) => {
    if (isSecretWordAt(tokens, index)) lastHit = index;
  });
  if (lastHit === -1) return false;
  return !tokens.slice(lastHit + 1).some((token) => DESCRIBING_WORDS.has(token));
}

/** `token1` → `token`; a loop, since `/\d+$/` rescans a long run of digits from each of its positions. */
function withoutTrailingDigits(token: string): string {
  let end = token.length;
  while (end > 0 && token.charCodeAt(end - 1) >= 48 && token.charCodeAt(end - 1) <= 57) end--;
  return token.slice(0, end);
}

function isSecretWordAt(tokens: string[], index: number): boolean {
  const token = tokens[index] ?? '';
  if (SECRET_WORDS.has(token) || SECRET_SUFFIX.test(token)) return true;
  const previous = index > 0 ? tokens[index - 1] : undefined;
  // `private` alone names many things (PRIVATE_REGISTRY, PRIVATE_SUBNET); as the last word it is the secret.
  if (token === 'private') return index === tokens.length - 1;
  if (token === 'key' || token === 'keys') {
    if (previous === undefined) return false;
    if (KEY_PAIRS.has(previous)) return true;
    return index === tokens.length - 1 && !NON_SECRET_KEY_QUALIFIERS.has(previous);
  }
  if (token === 'connection') return tokens[index + 1] === 'string' || tokens[index + 1] === 'strings';
  return false;
}

// ---------------------------------------------------------------------------------------------------------
// Values

const PLACEHOLDER_WORDS = new Set([
  'changeme', 'changeit', 'replaceme', 'todo', 'tbd', 'fixme', 'example', 'dummy', 'placeholder', 'sample',
  'none', 'null', 'nil', 'undefined', 'unset', 'empty', 'redacted', 'hidden', 'masked', 'secret', 'password',
  'passwd', 'pass', 'token', 'apikey', 'fake', 'notset', 'default',
]);

/**
 * One variable reference: `$X`, `${X}`, `${X:-word}`, `$(command)`, `{{ .Values.x }}`, `${{ secrets.X }}`, `%X%`,
 * and the format placeholders of code that builds such text (`{password}`, `%s`, `%(password)s`).
 */
const REFERENCE = String.raw`(?:\$\{\{[^}]{0,256}\}\}|\$\{[^}]{0,256}\}|\$\([^)]{0,256}\)|\$[A-Za-z_][A-Za-z0-9_]*|\{\{[^}]{0,256}\}\}|%[A-Za-z_][A-Za-z0-9_]*%|\{[A-Za-z_][A-Za-z0-9_.]*\}|%(?:\([A-Za-z_][A-Za-z0-9_]*\))?s)`;
const REFERENCES = new RegExp(REFERENCE, 'g');

/** Nothing but variable references and separators (`${USER}:${PASS}`); a replace keeps this linear. */
function onlyReferences(text: string): boolean {
  let found = false;
  const rest = text.replace(REFERENCES, () => {
    found = true;
    return '';
  });
  return found && /^[\s:/@._-]*$/.test(rest);
}

/**
 * Whether a value is not a real secret: empty, only variable references (`$X`, `${X}`, `$(X)`, template
 * expressions), or an obvious placeholder (`changeme`, `<your-token>`, `xxx`, `TODO`, `example`, `***`).
 */
export function isPlaceholderValue(value: string): boolean {
  const trimmed = unquote(value.trim()).trim();
  if (trimmed === '') return true;
  if (onlyReferences(trimmed)) return true;
  if (/^<[^<>]*>$/.test(trimmed) || /^\[[^[\]]*\]$/.test(trimmed)) return true;
  if (/^[x*._\-#?]+$/i.test(trimmed)) return true;
  const lower = trimmed.toLowerCase();
  const squashed = lower.replace(/[\s_.-]+/g, '');
  if (PLACEHOLDER_WORDS.has(squashed) || PLACEHOLDER_WORDS.has(unLeet(squashed))) return true;
  if (/^(your|insert|enter|replace|put)([\s_.-]|$)/.test(lower) || /[\s_.-]here$/.test(lower)) return true;
  // Tutorial stand-ins: `mypassword`, `my-secret`, `password123`, `secret1!`.
  if (/^(my|some|the)[_-]?(pass|password|passwd|pwd|secret|token|key|apikey|api[_-]key)\d*$/.test(squashed) || /^(pass|password|passwd|secret|token|admin|test|demo)\d*!?$/.test(lower)) return true;
  return /changeme|change[_-]me|replace[_-]?me|placeholder|example|dummy|xxxxx|\btodo\b|\bfixme\b|\bredacted\b/.test(lower);
}

/**
 * Default and trivially guessed passwords. Written as the value of a password (`POSTGRES_PASSWORD: password`, the
 * `admin:admin` of a DSN) they are not stand-ins waiting for a real value: they are the password in use.
 */
const WEAK_PASSWORDS = new Set([
  'password', 'passw0rd', 'p@ssw0rd', 'p@ssword', 'admin', 'administrator', 'root', 'toor', 'secret', 'changeme', 'changeit',
  'postgres', 'mysql', 'guest', 'letmein', 'qwerty', '123456', '12345678', '123456789',
]);

/** Whether a value is a well-known weak password (see WEAK_PASSWORDS); rules report these as "weak default password". */
export function isWeakPassword(value: string): boolean {
  return WEAK_PASSWORDS.has(unquote(value.trim()).trim().toLowerCase());
}

/**
 * Whether a value only echoes its key, as generated configs and samples do: the key with `_VAL`/`_VALUE`
 * appended (`GOOGLE_API_KEY: GOOGLE_API_KEY_VAL`), or the key written in ALL_CAPS (`apiKey: API_KEY`).
 */
export function echoesKey(name: string, value: string): boolean {
  const trimmed = unquote(value.trim()).trim();
  if (trimmed === '' || name === '') return false;
  if (new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}[_-]?val(ue)?$`, 'i').test(trimmed)) return true;
  if (!/^[A-Z][A-Z0-9_]*$/.test(trimmed)) return false;
  const squash = (text: string): string => text.replace(/[^A-Za-z0-9]/g, '').toUpperCase();
  return squash(trimmed) === squash(name);
}

/**
 * Whether a value cannot be a secret whatever its name says: a boolean, an absolute path, or a URL without a
 * password (`AUTH_ENABLED=true`, `SSL_PRIVATE_KEY=/etc/ssl/private/app.key`, `AUTH_SERVER=https://sso.example.com`).
 */
export function isNonSecretValue(value: string): boolean {
  const trimmed = unquote(value.trim()).trim();
  if (/^(true|false|yes|no|on|off|enabled|disabled|0|1)$/i.test(trimmed)) return true;
  if (/^(\/|~\/|\.\.?\/)[^\s:]*$/.test(trimmed)) return true;
  const url = /^[a-z][a-z0-9+.-]*:\/\/([^\s/?#]*)/i.exec(trimmed);
  return url !== null && !(url[1] ?? '').includes(':') && !(url[1] ?? '').includes('@');
}

/** `p4ssw0rd` → `password`, `s3cr3t` → `secret`: how stand-ins are spelled to look less like one. */
function unLeet(text: string): string {
  return text.replace(/[4@]/g, 'a').replace(/3/g, 'e').replace(/[1!]/g, 'i').replace(/0/g, 'o').replace(/[5$]/g, 's').replace(/7/g, 't');
}

function unquote(text: string): string {
  if (text.length >= 2 && (text[0] === '"' || text[0] === "'") && text[text.length - 1] === text[0]) return text.slice(1, -1);
  return text;
}

// ---------------------------------------------------------------------------------------------------------
// Credential formats

export type CredentialKind =
  | 'aws-access-key-id'
  | 'aws-secret-access-key'
  | 'github-token'
  | 'gitlab-token'
  | 'slack-token'
  | 'stripe-key'
  | 'google-api-key'
  | 'npm-token'
  | 'private-key'
  | 'jwt'
  | 'azure-storage-key'
  | 'url-password'
  | 'url-weak-password';

/** How messages name each kind: "an AWS access key ID". */
export const CREDENTIAL_DESCRIPTIONS: Record<CredentialKind, string> = {
  'aws-access-key-id': 'an AWS access key ID',
  'aws-secret-access-key': 'an AWS secret access key',
  'github-token': 'a GitHub token',
  'gitlab-token': 'a GitLab personal access token',
  'slack-token': 'a Slack token',
  'stripe-key': 'a Stripe live secret key',
  'google-api-key': 'a Google API key',
  'npm-token': 'an npm access token',
  'private-key': 'a private key (PEM block)',
  'jwt': 'a JSON Web Token',
  'azure-storage-key': 'an Azure storage account key',
  'url-password': 'a password in a URL',
  'url-weak-password': 'a weak default password in a URL (anyone can guess it)',
};

export interface CredentialMatch {
  kind: CredentialKind;
  /** Offsets into the searched text. */
  start: number;
  end: number;
  /**
   * The credential has the right shape but is a documented example or a stand-in (`AKIAIOSFODNN7EXAMPLE`,
   * `ghp_xxxxxxxx…`, the Azurite development key, a PEM block without a body). Rules skip these.
   */
  placeholder: boolean;
}

interface Detector {
  kind: CredentialKind;
  pattern: RegExp;
  /** Which capture group is the credential (0 = the whole match). */
  group?: number;
  /** Refines a match: false drops it, 'placeholder' keeps it marked as such. */
  check?: (match: RegExpExecArray, text: string) => boolean | 'placeholder';
}

const DETECTORS: Detector[] = [
  { kind: 'aws-access-key-id', pattern: /(?<![A-Za-z0-9])(?:AKIA|ASIA)[A-Z2-7]{16}(?![A-Za-z0-9])/g },
  {
    kind: 'aws-secret-access-key',
    pattern: /(?<![A-Za-z0-9])(?:aws_?secret_?(?:access_?)?key|secret_?access_?key)["']?(?:\s*[:=]\s*|\s+)["']?([A-Za-z0-9/+]{40})(?![A-Za-z0-9/+=])/gi,
    group: 1,
    check: (match) => {
      const value = match[1] ?? '';
      return /[a-z]/.test(value) && /[A-Z]/.test(value) && /[0-9+/]/.test(value);
    },
  },
  { kind: 'github-token', pattern: /(?<![A-Za-z0-9_])gh[pousr]_[A-Za-z0-9]{36,251}(?![A-Za-z0-9_])/g },
  { kind: 'github-token', pattern: /(?<![A-Za-z0-9_])github_pat_[A-Za-z0-9_]{82}(?![A-Za-z0-9_])/g },
  { kind: 'gitlab-token', pattern: /(?<![A-Za-z0-9_-])glpat-[A-Za-z0-9_-]{20,}(?:\.[0-9a-z]{2}\.[0-9a-z]{9})?(?![A-Za-z0-9_-])/g },
  { kind: 'slack-token', pattern: /(?<![A-Za-z0-9])xox[abpr]-(?:[0-9]+-){1,3}[A-Za-z0-9]{8,}(?![A-Za-z0-9-])/g },
  { kind: 'stripe-key', pattern: /(?<![A-Za-z0-9])[sr]k_live_[A-Za-z0-9]{20,247}(?![A-Za-z0-9])/g },
  { kind: 'google-api-key', pattern: /(?<![A-Za-z0-9_-])AIza[0-9A-Za-z_-]{35}(?![A-Za-z0-9_-])/g },
  { kind: 'npm-token', pattern: /(?<![A-Za-z0-9_])npm_[A-Za-z0-9]{36}(?![A-Za-z0-9_])/g },
  {
    kind: 'jwt',
    pattern: /(?<![A-Za-z0-9_-])eyJ[A-Za-z0-9_-]{10,}\.ey[A-Za-z0-9_-]{10,}\.[A-Za-z0-9_-]{20,}(?![A-Za-z0-9_-])/g,
    check: (match) => jwtHeaderHasAlg(match[0].slice(0, match[0].indexOf('.'))),
  },
  {
    kind: 'azure-storage-key',
    pattern: /(?<![A-Za-z0-9])(?:AccountKey|SharedAccessKey)=([A-Za-z0-9+/]{40,86}={0,2})(?![A-Za-z0-9+/=])/g,
    group: 1,
    // The storage emulator's account key is published in Microsoft's documentation.
    check: (match, text) => (/AccountName=devstoreaccount1\b/.test(connectionString(text, match.index)) ? 'placeholder' : true),
  },
  {
    kind: 'url-password',
    pattern: /(?<![A-Za-z0-9+.-])[A-Za-z][A-Za-z0-9+.-]{1,30}:\/\/([^\s:/?#@'"`]*):([^\s/?#@'"`]+)@(?=[A-Za-z0-9[])/g,
    group: 2,
    check: (match, text) => {
      const user = match[1] ?? '';
      const password = match[2] ?? '';
      if (/\$[{(A-Za-z_]/.test(password) || /\{\{/.test(password)) return false;
      // A well-known password is the one in use, except for a throwaway database on the developer's machine.
      if (isWeakPassword(password)) return /^(localhost|127\.0\.0\.1|\[::1\])(?![A-Za-z0-9.-])/.test(text.slice(match.index + match[0].length)) ? 'placeholder' : true;
      // Shorter than four characters is a documentation stand-in (`https://abc:xyz@…`), not a password in use.
      return isPlaceholderValue(password) || password === user || password.length < 4 ? 'placeholder' : true;
    },
  },
];

const PEM_BEGIN = /-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY( BLOCK)?-----/g;

/**
 * Every credential in a known format in `text` (RULES.md §D `secret-hardcoded`), in order of position. A
 * more specific match wins over a URL password that contains it (`https://x:ghp_…@github.com`).
 */
export function findCredentials(text: string): CredentialMatch[] {
  // Every format below contains one of these; most values contain none, and one test is cheaper than all.
  if (!mayHoldCredential(text)) return [];
  const found: CredentialMatch[] = [];
  for (const detector of DETECTORS) {
    detector.pattern.lastIndex = 0;
    for (let match = detector.pattern.exec(text); match !== null; match = detector.pattern.exec(text)) {
      const verdict = detector.check ? detector.check(match, text) : true;
      if (verdict === false) continue;
      const value = match[detector.group ?? 0] ?? '';
      const start = match.index + (detector.group ? match[0].lastIndexOf(value) : 0);
      const weak = detector.kind === 'url-password' && verdict === true && isWeakPassword(value);
      found.push({
        kind: weak ? 'url-weak-password' : detector.kind,
        start,
        end: start + value.length,
        placeholder: !weak && (verdict === 'placeholder' || looksLikeStandIn(value)),
      });
    }
  }
  found.push(...findPrivateKeyBlocks(text));
  const inUrl = (match: CredentialMatch): boolean => match.kind === 'url-password' || match.kind === 'url-weak-password';
  const specific = found.filter((match) => !inUrl(match));
  const kept = found.filter(
    (match) => !inUrl(match) || !specific.some((other) => other.start < match.end && match.start < other.end),
  );
  return kept.sort((a, b) => a.start - b.start || a.end - b.end);
}

const MAY_HOLD_CREDENTIAL = /AKIA|ASIA|secret_?access|aws_?secret|gh[pousr]_|github_pat_|glpat-|xox[abpr]-|k_live_|AIza|npm_|eyJ|AccountKey=|AccessKey=|@|-----BEGIN/i;

/**
 * False when `findCredentials` finds nothing in `text` or in any text made from it by blanking characters (none
 * of the markers contains a blank): a cheap test for callers that search a derived text.
 */
export function mayHoldCredential(text: string): boolean {
  return MAY_HOLD_CREDENTIAL.test(text);
}

/** Stand-ins used in documentation: AWS's EXAMPLE keys, `ghp_xxxx…`, one repeated character, `1234567890…`. */
function looksLikeStandIn(value: string): boolean {
  const body = value.replace(/^(?:AKIA|ASIA|gh[pousr]_|github_pat_|glpat-|xox[abpr]-|[sr]k_live_|AIza|npm_)/, '');
  if (/example|xxxx|\*\*\*|\.\.\.|<|>|12345678|abcdefgh/i.test(body)) return true;
  return /^(.)\1*$/.test(body.replace(/[-_]/g, ''));
}

function jwtHeaderHasAlg(encoded: string): boolean {
  try {
    const base64 = encoded.replace(/-/g, '+').replace(/_/g, '/');
    const header: unknown = JSON.parse(atob(base64 + '='.repeat((4 - (base64.length % 4)) % 4)));
    return typeof header === 'object' && header !== null && typeof (header as { alg?: unknown }).alg === 'string';
  } catch {
    return false;
  }
}

/** The `;`-separated connection string around an offset. */
function connectionString(text: string, offset: number): string {
  const before = text.lastIndexOf('\n', offset);
  const after = text.indexOf('\n', offset);
  return text.slice(before + 1, after === -1 ? text.length : after);
}

function findPrivateKeyBlocks(text: string): CredentialMatch[] {
  const blocks: CredentialMatch[] = [];
  // Where each END marker next occurs, so a text with many BEGIN lines and no END is not searched again and again.
  const nextEnd = new Map<string, number>();
  PEM_BEGIN.lastIndex = 0;
  for (let match = PEM_BEGIN.exec(text); match !== null; match = PEM_BEGIN.exec(text)) {
    const start = match.index;
    const headerEnd = start + match[0].length;
    const endMarker = `-----END ${match[1] ?? ''}PRIVATE KEY${match[2] ?? ''}-----`;
    let endIndex = nextEnd.get(endMarker) ?? -2;
    if (endIndex !== -1 && endIndex < headerEnd) {
      endIndex = text.indexOf(endMarker, headerEnd);
      nextEnd.set(endMarker, endIndex);
    }
    if (endIndex !== -1) {
      // A real body has lines of 64 base64 characters; code that assembles a key (`'-----BEGIN …\\n' + b64encode(der)`) has none.
      const body = text.slice(headerEnd, endIndex).replace(/\\n/g, '\n');
      blocks.push({ kind: 'private-key', start, end: endIndex + endMarker.length, placeholder: !/[A-Za-z0-9+/=]{40,}/.test(body) });
      PEM_BEGIN.lastIndex = endIndex + endMarker.length;
      continue;
    }
    // No END marker (the block continues in a file or variable): judge the first line of the body.
    const body = /^(?:\s|\\n|\\|["'])*([A-Za-z0-9+/=]{40,})/.exec(text.slice(headerEnd));
    const end = body ? headerEnd + body[0].length : headerEnd;
    blocks.push({ kind: 'private-key', start, end, placeholder: body === null });
  }
  return blocks;
}
