// The credential files that tools write into home folders and projects (Docker, npm, Git, AWS, PyPI, kubectl,
// gcloud, …): how to recognise each by its path, and how to tell one that holds a usable credential from an
// empty one, one that only names a credential helper, or one that reads the secret from a variable.
import { parse as parseYaml } from 'yaml';
import { CREDENTIAL_DESCRIPTIONS, findCredentials, isPlaceholderValue } from '../../engine/secrets';
import { isRecord } from '../json-value';
import { baseName, endsWithSegments, isPackagedSampleData } from './image-paths';
import { maskSecret } from './mask-secret';
import { secretAssignment } from './secret-assignment';

export interface CredentialEvidence {
  /** Critical for a credential the file format is made for; high for a value judged secret by its name only. */
  severity: 'critical' | 'high';
  /** Names the credential by its key or host and shows the value masked:
   * `an npm token for registry.npmjs.org ("npm_…" (40 characters))`. */
  what: string;
  /** The value itself, only to tell whether two versions of a file hold the same credential; never shown. */
  secret: string;
}

export interface CredentialFileFormat {
  /** For messages: "Docker client configuration". */
  label: string;
  matches(path: string): boolean;
  /** Credentials in the file's text; empty when it holds none in the format's own fields. */
  inspect(text: string): CredentialEvidence[];
}

/** Deep enough for every format here; deeper data is not a credential file's. */
const MAX_DEPTH = 16;

function isRealSecret(value: string): boolean {
  return value.trim() !== '' && !isPlaceholderValue(value);
}

function found(severity: CredentialEvidence['severity'], description: string, value: string): CredentialEvidence {
  return { severity, what: `${description} (${maskSecret(value)})`, secret: value };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

function parseYamlText(text: string): unknown {
  try {
    return parseYaml(text, { maxAliasCount: 100, logLevel: 'error' }) as unknown;
  } catch {
    return undefined;
  }
}

/** Calls `visit` with every string value and the keys leading to it. */
function walkStrings(value: unknown, visit: (keys: string[], text: string) => void, keys: string[] = []): void {
  if (keys.length > MAX_DEPTH) return;
  if (typeof value === 'string') visit(keys, value);
  else if (Array.isArray(value)) value.forEach((item, index) => walkStrings(item, visit, [...keys, String(index)]));
  else if (isRecord(value)) for (const [key, item] of Object.entries(value)) walkStrings(item, visit, [...keys, key]);
}

function unquote(value: string): string {
  const trimmed = value.trim();
  if (trimmed.length >= 2 && (trimmed[0] === '"' || trimmed[0] === "'") && trimmed.endsWith(trimmed[0])) return trimmed.slice(1, -1);
  return trimmed;
}

function lines(text: string): string[] {
  return text.split(/\r?\n/);
}

/**
 * `key = value` lines of INI files, with the section each is in; `key: value` too where the format allows it
 * (Python's configparser does, npm does not: its keys contain colons).
 */
function iniEntries(text: string, separators = '=:'): Array<{ section: string; key: string; value: string }> {
  const entryPattern = new RegExp(`^([^${separators}]+?)\\s*[${separators}]\\s*(.*)$`);
  const entries: Array<{ section: string; key: string; value: string }> = [];
  let section = '';
  for (const line of lines(text)) {
    const trimmed = line.trim();
    if (trimmed === '' || trimmed.startsWith('#') || trimmed.startsWith(';')) continue;
    const header = /^\[([^\]]*)\]$/.exec(trimmed);
    if (header) {
      section = (header[1] ?? '').trim();
      continue;
    }
    const entry = entryPattern.exec(trimmed);
    if (entry) entries.push({ section, key: (entry[1] ?? '').toLowerCase(), value: unquote(entry[2] ?? '') });
  }
  return entries;
}

function dockerConfig(text: string): CredentialEvidence[] {
  const config = parseJson(text);
  if (!isRecord(config)) return [];
  // The legacy `.dockercfg` has the registries at the top level.
  const registries = isRecord(config.auths) ? config.auths : config;
  const evidence: CredentialEvidence[] = [];
  for (const [registry, entry] of Object.entries(registries)) {
    if (!isRecord(entry)) continue;
    const { auth, identitytoken, registrytoken, password } = entry;
    if (typeof auth === 'string' && isRealSecret(auth)) {
      // `auth` is base64 of `user:password`; one with an empty password logs nobody in.
      const decoded = Buffer.from(auth, 'base64').toString('utf8');
      const secret = decoded.slice(decoded.indexOf(':') + 1);
      if (decoded.includes(':') && isRealSecret(secret)) evidence.push(found('critical', `a login for registry ${registry}`, auth));
    }
    if (typeof password === 'string' && isRealSecret(password)) evidence.push(found('critical', `a password for registry ${registry}`, password));
    if (typeof identitytoken === 'string' && isRealSecret(identitytoken)) evidence.push(found('critical', `an identity token for registry ${registry}`, identitytoken));
    if (typeof registrytoken === 'string' && isRealSecret(registrytoken)) evidence.push(found('critical', `a registry token for ${registry}`, registrytoken));
  }
  return evidence;
}

const NPM_AUTH_KEYS = new Set(['_authtoken', '_auth', '_password', 'password']);

function npmrc(text: string): CredentialEvidence[] {
  const evidence: CredentialEvidence[] = [];
  for (const { key, value } of iniEntries(text, '=')) {
    // `//registry.npmjs.org/:_authToken=…` scopes the setting to a registry; a bare `_authToken` is for the default one.
    const scoped = key.startsWith('//');
    const setting = scoped ? key.slice(key.lastIndexOf(':') + 1) : key;
    if (!NPM_AUTH_KEYS.has(setting) || !isRealSecret(value)) continue;
    const registry = scoped ? (key.slice(2).split('/')[0] ?? '') : 'the default registry';
    const kind = setting === '_authtoken' ? 'an npm token' : 'an npm password';
    evidence.push(found('critical', `${kind} for ${registry}`, value));
  }
  return evidence;
}

function yarnrc(text: string): CredentialEvidence[] {
  const evidence: CredentialEvidence[] = [];
  walkStrings(parseYamlText(text), (keys, value) => {
    const key = keys[keys.length - 1];
    if ((key === 'npmAuthToken' || key === 'npmAuthIdent') && isRealSecret(value)) {
      const scope = keys.length > 1 ? ` for ${keys[keys.length - 2] ?? ''}` : '';
      evidence.push(found('critical', `a Yarn ${key}${scope}`, value));
    }
  });
  return evidence;
}

function gitCredentials(text: string): CredentialEvidence[] {
  const evidence: CredentialEvidence[] = [];
  for (const line of lines(text)) {
    const url = /^\s*[a-z][a-z0-9+.-]*:\/\/[^:@/\s]*:([^@\s]+)@([^/\s?#]+)/i.exec(line);
    if (!url) continue;
    const password = safeDecode(url[1] ?? '');
    if (isRealSecret(password)) evidence.push(found('critical', `a password or token for ${url[2] ?? ''}`, password));
  }
  return evidence;
}

function safeDecode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function awsCredentials(text: string): CredentialEvidence[] {
  return iniEntries(text)
    .filter(({ key, value }) => key === 'aws_secret_access_key' && isRealSecret(value))
    .map(({ section, value }) => found('critical', `the AWS secret access key of profile "${section.replace(/^profile\s+/, '') || 'default'}"`, value));
}

function pypirc(text: string): CredentialEvidence[] {
  return iniEntries(text)
    .filter(({ key, value }) => key === 'password' && isRealSecret(value))
    .map(({ section, value }) => found('critical', `the password for package index "${section || 'pypi'}"`, value));
}

function netrc(text: string): CredentialEvidence[] {
  const evidence: CredentialEvidence[] = [];
  const words = text.split(/\s+/).filter((word) => word !== '');
  let machine = 'the default machine';
  for (let index = 0; index < words.length; index++) {
    const word = words[index];
    if (word === 'machine') machine = `machine ${words[++index] ?? ''}`;
    else if (word === 'default') machine = 'the default machine';
    else if (word === 'password') {
      const password = words[++index] ?? '';
      if (isRealSecret(password)) evidence.push(found('critical', `the password for ${machine}`, password));
    }
  }
  return evidence;
}

/** Fields of a `.pgpass` line: `host:port:database:user:password`, where `\:` and `\\` are escapes. */
function pgpassFields(line: string): string[] {
  const fields: string[] = [''];
  for (let index = 0; index < line.length; index++) {
    const char = line[index] ?? '';
    if (char === '\\' && index + 1 < line.length) fields[fields.length - 1] += line[++index] ?? '';
    else if (char === ':' && fields.length < 5) fields.push('');
    else fields[fields.length - 1] += char;
  }
  return fields;
}

function pgpass(text: string): CredentialEvidence[] {
  const evidence: CredentialEvidence[] = [];
  for (const line of lines(text)) {
    if (line.trim() === '' || line.trimStart().startsWith('#')) continue;
    const [host = '', port = '', database = '', user = '', password] = pgpassFields(line);
    if (password === undefined || !isRealSecret(password)) continue;
    evidence.push(found('critical', `the PostgreSQL password of user "${user}" for ${host}:${port}/${database}`, password));
  }
  return evidence;
}

const KUBE_USER_SECRETS: Record<string, string> = {
  token: 'the token',
  password: 'the password',
  'client-key-data': 'the client private key',
  'id-token': 'the OIDC ID token',
  'refresh-token': 'the OIDC refresh token',
  'client-secret': 'the OIDC client secret',
  'access-token': 'the access token',
};

/** What `kubectl config view` writes in place of secrets it does not show. */
const KUBECTL_REDACTED = new Set(['DATA+OMITTED', 'REDACTED']);

function kubeconfig(text: string): CredentialEvidence[] {
  const config = parseYamlText(text);
  if (!isRecord(config) || !Array.isArray(config.users)) return [];
  const evidence: CredentialEvidence[] = [];
  for (const entry of config.users) {
    if (!isRecord(entry)) continue;
    const name = typeof entry.name === 'string' ? entry.name : '';
    walkStrings(entry.user, (keys, value) => {
      const description = KUBE_USER_SECRETS[keys[keys.length - 1] ?? ''];
      if (description !== undefined && isRealSecret(value) && !KUBECTL_REDACTED.has(value)) evidence.push(found('critical', `${description} of user "${name}"`, value));
    });
  }
  return evidence;
}

function googleCredentials(text: string): CredentialEvidence[] {
  const credentials = parseJson(text);
  if (!isRecord(credentials)) return [];
  const evidence: CredentialEvidence[] = [];
  const { private_key: privateKey, client_email: email, refresh_token: refreshToken } = credentials;
  if (typeof privateKey === 'string' && findCredentials(privateKey).some((match) => match.kind === 'private-key' && !match.placeholder)) {
    const account = typeof email === 'string' ? ` of service account ${email}` : '';
    evidence.push(found('critical', `the private key${account}`, privateKey));
  }
  if (typeof refreshToken === 'string' && isRealSecret(refreshToken)) evidence.push(found('critical', 'a Google OAuth refresh token', refreshToken));
  return evidence;
}

const AZURE_TOKEN_KEYS = new Set(['accessToken', 'refreshToken', 'secret', 'client_secret']);

function azureTokenCache(text: string): CredentialEvidence[] {
  const evidence: CredentialEvidence[] = [];
  walkStrings(parseJson(text), (keys, value) => {
    const key = keys[keys.length - 1] ?? '';
    if (AZURE_TOKEN_KEYS.has(key) && isRealSecret(value)) evidence.push(found('critical', `a cached Azure ${key}`, value));
  });
  return evidence;
}

function githubCliHosts(text: string): CredentialEvidence[] {
  const evidence: CredentialEvidence[] = [];
  walkStrings(parseYamlText(text), (keys, value) => {
    if (keys[keys.length - 1] === 'oauth_token' && isRealSecret(value)) evidence.push(found('critical', `the GitHub CLI token for ${keys[0] ?? ''}`, value));
  });
  return evidence;
}

function mavenSettings(text: string): CredentialEvidence[] {
  const evidence: CredentialEvidence[] = [];
  const active = text.replace(/<!--[\s\S]*?-->/g, '');
  for (const server of active.matchAll(/<server>([\s\S]*?)<\/server>/g)) {
    const body = server[1] ?? '';
    const id = /<id>\s*([^<]*?)\s*<\/id>/.exec(body)?.[1] ?? '';
    for (const secret of body.matchAll(/<(password|passphrase)>\s*([^<]*?)\s*<\/\1>/g)) {
      const value = secret[2] ?? '';
      if (!isRealSecret(value)) continue;
      // `{…}` is Maven's password encryption, undone by anyone who also has settings-security.xml or the master password.
      const encrypted = /^\{[A-Za-z0-9+/=]+\}$/.test(value);
      evidence.push(found(encrypted ? 'high' : 'critical', `${encrypted ? 'an encrypted ' : 'the '}${secret[1] ?? ''} of server "${id}"`, value));
    }
  }
  return evidence;
}

/**
 * `NAME=value` files (`.env`, `*.tfvars`, `gradle.properties`, Cargo's and RubyGems' credentials): a value in a
 * known credential format is critical; any other real value of a secret-like name gets `severity`.
 */
function assignments(severity: CredentialEvidence['severity']): (text: string) => CredentialEvidence[] {
  return (text) => {
    const evidence: CredentialEvidence[] = [];
    for (const line of lines(text)) {
      // RubyGems writes YAML symbols: `:rubygems_api_key: rubygems_…`.
      const assignment = /^\s*(?:export\s+)?:?([A-Za-z_][A-Za-z0-9_.-]*)\s*[=:]\s*(.*)$/.exec(line);
      if (!assignment) continue;
      const name = assignment[1] ?? '';
      const raw = (assignment[2] ?? '').trim();
      // An unquoted value ends at a comment.
      const secret = secretAssignment(name, /^["']/.test(raw) ? unquote(raw) : raw.replace(/\s+#.*$/, ''));
      if (!secret) continue;
      const credential = secret.kind === 'credential';
      evidence.push(found(credential ? 'critical' : severity, credential ? `${secret.description} in ${name}` : `the value of ${name}`, secret.secret));
    }
    return evidence;
  };
}

/** `.env.example` and its kind are committed on purpose, with stand-in values. */
const DOTENV_TEMPLATES = /\.(example|sample|template|tmpl|tpl|dist|defaults?|schema)$/i;

/** Formats in the order they are tried; the first whose path matches reads the file. */
const FORMATS: CredentialFileFormat[] = [
  {
    label: 'Docker client configuration',
    matches: (path) => endsWithSegments(path, '.docker', 'config.json') || baseName(path) === '.dockercfg',
    inspect: dockerConfig,
  },
  {
    label: 'npm configuration',
    matches: (path) => baseName(path) === '.npmrc' || endsWithSegments(path, 'etc', 'npmrc'),
    inspect: npmrc,
  },
  { label: 'Yarn configuration', matches: (path) => baseName(path) === '.yarnrc.yml', inspect: yarnrc },
  {
    label: 'Git credential store',
    matches: (path) => baseName(path) === '.git-credentials' || endsWithSegments(path, '.config', 'git', 'credentials'),
    inspect: gitCredentials,
  },
  {
    label: 'AWS credentials',
    matches: (path) => endsWithSegments(path, '.aws', 'credentials') || endsWithSegments(path, '.aws', 'config'),
    inspect: awsCredentials,
  },
  { label: 'PyPI configuration', matches: (path) => baseName(path) === '.pypirc', inspect: pypirc },
  // Credentials in pip's index URLs are found by their format, like any file's.
  { label: 'pip configuration', matches: (path) => baseName(path) === 'pip.conf' || baseName(path) === 'pip.ini', inspect: () => [] },
  { label: 'netrc login file', matches: (path) => baseName(path) === '.netrc' || baseName(path) === '_netrc', inspect: netrc },
  { label: 'PostgreSQL password file', matches: (path) => baseName(path) === '.pgpass', inspect: pgpass },
  {
    label: 'Kubernetes client configuration',
    matches: (path) => endsWithSegments(path, '.kube', 'config') || baseName(path) === 'kubeconfig' || baseName(path).endsWith('.kubeconfig'),
    inspect: kubeconfig,
  },
  {
    label: 'Google Cloud credentials',
    matches: (path) => {
      const name = baseName(path);
      return ['application_default_credentials.json', 'adc.json', 'credentials.json'].includes(name) || /^service[-_]?account[^/]*\.json$/i.test(name);
    },
    inspect: googleCredentials,
  },
  {
    label: 'Azure CLI token cache',
    matches: (path) => ['accessTokens.json', 'msal_token_cache.json', 'service_principal_entries.json'].some((name) => endsWithSegments(path, '.azure', name)),
    inspect: azureTokenCache,
  },
  { label: 'GitHub CLI configuration', matches: (path) => endsWithSegments(path, 'gh', 'hosts.yml'), inspect: githubCliHosts },
  { label: 'Maven settings', matches: (path) => endsWithSegments(path, '.m2', 'settings.xml'), inspect: mavenSettings },
  { label: 'Gradle properties', matches: (path) => endsWithSegments(path, '.gradle', 'gradle.properties'), inspect: assignments('high') },
  {
    label: 'Cargo credentials',
    matches: (path) => endsWithSegments(path, '.cargo', 'credentials') || endsWithSegments(path, '.cargo', 'credentials.toml'),
    inspect: assignments('critical'),
  },
  { label: 'RubyGems credentials', matches: (path) => endsWithSegments(path, '.gem', 'credentials'), inspect: assignments('critical') },
  {
    label: 'environment file',
    matches: (path) => {
      const name = baseName(path);
      return name === '.env' || (name.startsWith('.env.') && !DOTENV_TEMPLATES.test(name));
    },
    inspect: assignments('high'),
  },
  { label: 'Terraform variables', matches: (path) => baseName(path).endsWith('.tfvars'), inspect: assignments('high') },
];

/** The format of a credential file at this path; undefined for other files and for packages' sample data. */
export function credentialFileFormat(path: string): CredentialFileFormat | undefined {
  if (isPackagedSampleData(path)) return undefined;
  return FORMATS.find((format) => format.matches(path));
}

/**
 * What the file holds: the format's own fields, or else any credential in a known format (a password in
 * pip's index URL, a token pasted into a comment).
 */
export function credentialsInFile(format: CredentialFileFormat, text: string): CredentialEvidence[] {
  const evidence = format.inspect(text);
  if (evidence.length > 0) return evidence;
  return findCredentials(text)
    .filter((match) => !match.placeholder)
    .map((match) => found('critical', CREDENTIAL_DESCRIPTIONS[match.kind], text.slice(match.start, match.end)));
}
