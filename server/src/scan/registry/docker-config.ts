// Credentials for a registry from the user's Docker config file, as `docker login` leaves them: in
// `auths` (base64 `auth`, `username`/`password`, `identitytoken`) or behind a credential helper named by
// `credHelpers` (per registry) or `credsStore` (for all).
import { readFile, stat } from 'node:fs/promises';
import os from 'node:os';
import nodePath, { type PlatformPath } from 'node:path';
import { DOCKER_HUB } from '../../engine/image-reference';
import { isRecord } from '../json-value';
import { helperProgram, runCredentialHelper } from './credential-helper';
import { hostOfSetting } from './registry-host';

export interface RegistryCredentials {
  username?: string;
  password?: string;
  /** OAuth2 refresh token (`identitytoken`) that some registries hand out instead of a password. */
  identityToken?: string;
  /** Where they came from, for messages: the config file or the helper program. */
  source: string;
}

export interface CredentialLookup {
  credentials?: RegistryCredentials;
  /** Why no credentials were found, when that could explain a refusal. */
  note?: string;
}

/** Docker Hub's credentials are stored (and its helpers asked) under this key, a relic of the v1 API. */
export const DOCKER_HUB_CONFIG_KEY = 'https://index.docker.io/v1/';

const HUB_HOSTS = new Set(['docker.io', 'index.docker.io', 'registry-1.docker.io', 'registry.hub.docker.com']);
const MAX_CONFIG_BYTES = 4 * 1024 * 1024;

export function defaultDockerConfigPath(env: NodeJS.ProcessEnv = process.env, home: string = os.homedir(), pathApi: PlatformPath = nodePath): string {
  const folder = env.DOCKER_CONFIG;
  return folder !== undefined && folder !== '' ? pathApi.join(folder, 'config.json') : pathApi.join(home, '.docker', 'config.json');
}

/** The registry a config key names: `https://index.docker.io/v1/` → `docker.io`, `http://reg:5000/v2/` → `reg:5000`. */
export function configKeyRegistry(key: string): string {
  const host = hostOfSetting(key);
  return HUB_HOSTS.has(host) ? DOCKER_HUB : host;
}

interface AuthEntry {
  auth?: unknown;
  username?: unknown;
  password?: unknown;
  identitytoken?: unknown;
}

interface DockerConfig {
  auths: Record<string, AuthEntry>;
  credHelpers: Record<string, unknown>;
  credsStore?: string;
}

export interface FindCredentialsOptions {
  configPath?: string;
  allowCredentialHelpers: boolean;
  signal?: AbortSignal;
}

/** `registry` as parseImageReference normalises it (`docker.io`, `ghcr.io`, `localhost:5000`). */
export async function findRegistryCredentials(registry: string, options: FindCredentialsOptions): Promise<CredentialLookup> {
  const configPath = options.configPath ?? defaultDockerConfigPath();
  const read = await readDockerConfig(configPath);
  if (typeof read === 'string') return { note: read };
  const wanted = configKeyRegistry(registry);
  const notes: string[] = [];

  const helperEntry = findEntry(read.credHelpers, wanted);
  const helper = typeof helperEntry === 'string' && helperEntry !== '' ? helperEntry : read.credsStore;
  if (helper !== undefined && helper !== '') {
    const program = helperProgram(helper);
    if (!options.allowCredentialHelpers) {
      notes.push(`${configPath} keeps the credentials for ${wanted} in the credential helper ${program}, which Shipshape runs only in trusted workspaces`);
    } else {
      try {
        const found = await runCredentialHelper(helper, wanted === DOCKER_HUB ? DOCKER_HUB_CONFIG_KEY : wanted, { signal: options.signal });
        if (found !== undefined) {
          const credentials: RegistryCredentials =
            found.username === '<token>'
              ? { identityToken: found.secret, source: `the credential helper ${program}` }
              : { username: found.username, password: found.secret, source: `the credential helper ${program}` };
          return { credentials };
        }
        notes.push(`the credential helper ${program} has no credentials for ${wanted}`);
      } catch (error) {
        if (options.signal?.aborted) throw options.signal.reason;
        notes.push(`the credential helper named in ${configPath} could not be used: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
  }

  const entry = findEntry(read.auths, wanted);
  if (entry !== undefined) {
    const decoded = credentialsFromEntry(entry, configPath);
    if (typeof decoded === 'string') notes.push(decoded);
    else if (decoded !== undefined) return { credentials: decoded };
  }
  if (notes.length === 0) notes.push(`${configPath} has no credentials for ${wanted}`);
  return { note: notes.join('; ') };
}

/** The config, or why it could not be used. */
async function readDockerConfig(configPath: string): Promise<DockerConfig | string> {
  let text: string;
  try {
    const info = await stat(configPath);
    if (info.size > MAX_CONFIG_BYTES) return `the Docker config ${configPath} is larger than 4 MiB and was not read`;
    text = await readFile(configPath, 'utf8');
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return `there is no Docker config file at ${configPath}`;
    return `the Docker config ${configPath} could not be read (${code ?? (error instanceof Error ? error.message : String(error))})`;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `the Docker config ${configPath} is not valid JSON (${error instanceof Error ? error.message : String(error)})`;
  }
  if (!isRecord(parsed)) return `the Docker config ${configPath} is not a JSON object`;
  const auths = isRecord(parsed.auths) ? (Object.fromEntries(Object.entries(parsed.auths).filter(([, value]) => isRecord(value))) as Record<string, AuthEntry>) : {};
  const credHelpers = isRecord(parsed.credHelpers) ? parsed.credHelpers : {};
  const credsStore = typeof parsed.credsStore === 'string' ? parsed.credsStore : undefined;
  return { auths, credHelpers, credsStore };
}

/** The entry whose key names `registry`, preferring a key written exactly as Docker writes it. */
function findEntry<T>(record: Record<string, T>, registry: string): T | undefined {
  const exactKey = registry === DOCKER_HUB ? DOCKER_HUB_CONFIG_KEY : registry;
  if (Object.hasOwn(record, exactKey)) return record[exactKey];
  const key = Object.keys(record).find((candidate) => configKeyRegistry(candidate) === registry);
  return key === undefined ? undefined : record[key];
}

/** Credentials, undefined for an empty entry (Docker leaves `{}` when a helper holds them), or why not. */
function credentialsFromEntry(entry: AuthEntry, configPath: string): RegistryCredentials | string | undefined {
  const source = configPath;
  const identityToken = nonEmptyString(entry.identitytoken);
  const auth = nonEmptyString(entry.auth);
  if (auth !== undefined) {
    const decoded = Buffer.from(auth, 'base64').toString('utf8');
    const colon = decoded.indexOf(':');
    if (colon === -1) return `the "auth" value for this registry in ${configPath} is not base64 of "user:password"`;
    const username = decoded.slice(0, colon);
    if (identityToken !== undefined) return { username, identityToken, source };
    return { username, password: decoded.slice(colon + 1), source };
  }
  const username = nonEmptyString(entry.username);
  if (identityToken !== undefined) return { username, identityToken, source };
  const password = nonEmptyString(entry.password);
  if (username !== undefined && password !== undefined) return { username, password, source };
  return undefined;
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}
