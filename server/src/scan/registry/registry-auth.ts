// Answers a registry's 401 challenges: the Docker token flow (`Bearer realm=…,service=…,scope=…`, with or
// without the user's credentials) and Basic authentication. Credentials are looked up only once a registry
// asks for them, and the resulting Authorization header is only ever sent to the registry's own origin
// (the client sees to that) or to the token service the registry named.
import { findRegistryCredentials, type CredentialLookup, type RegistryCredentials } from './docker-config';
import { readLimitedBody, sendOnce, withRetries, type RequestInit } from './http-transport';
import { allowsPlainHttp } from './registry-host';
import type { RegistrySettings } from './registry-options';
import { failure, loginCommand, statusFailure, statusLine, transportFailure, type RequestContext } from './registry-errors';
import { parseWwwAuthenticate } from './www-authenticate';

export interface AuthTarget {
  /** The image as the user wrote it. */
  image: string;
  /** As parseImageReference normalises it ("docker.io"). */
  registry: string;
  /** The API host ("registry-1.docker.io"). */
  host: string;
  repository: string;
}

const MAX_TOKEN_RESPONSE_BYTES = 1024 * 1024;

export class RegistryAuth {
  private header: string | undefined;
  private lookup: Promise<CredentialLookup> | undefined;
  private found: CredentialLookup | undefined;
  /** Why credentials that were found were not sent to the token service. */
  private withheld: string | undefined;

  constructor(
    private readonly target: AuthTarget,
    private readonly settings: RegistrySettings,
  ) {}

  /** The header for requests to the registry's origin, once a challenge has been answered. */
  authorization(): string | undefined {
    return this.header;
  }

  /** Prepares a new Authorization header for a 401 with this WWW-Authenticate header; false when there is
   * nothing new worth sending (the request then fails with the 401). */
  async answer(challengeHeader: string): Promise<boolean> {
    const challenges = parseWwwAuthenticate(challengeHeader);
    const bearer = challenges.find((challenge) => challenge.scheme === 'bearer' && challenge.params.realm !== undefined);
    if (bearer !== undefined) {
      this.header = `Bearer ${await this.fetchToken(bearer.params)}`;
      return true;
    }
    if (challenges.some((challenge) => challenge.scheme === 'basic')) {
      const { credentials } = await this.credentials();
      if (credentials?.username === undefined || credentials.password === undefined) return false;
      const header = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
      if (header === this.header) return false;
      this.header = header;
      return true;
    }
    return false;
  }

  /** One sentence for refusal messages: which credentials were sent, or why none were. */
  describeCredentials(): string {
    const registry = this.target.registry;
    if (this.found === undefined) return `No credentials were sent to ${registry}.`;
    if (this.withheld !== undefined) return `No credentials were sent: ${this.withheld}.`;
    if (this.found.credentials !== undefined) return `Shipshape sent the credentials for ${registry} from ${this.found.credentials.source}.`;
    return `No credentials were sent: ${this.found.note ?? `none were found for ${registry}`}.`;
  }

  private credentials(): Promise<CredentialLookup> {
    this.lookup ??= findRegistryCredentials(this.target.registry, {
      configPath: this.settings.dockerConfigPath,
      allowCredentialHelpers: this.settings.allowCredentialHelpers,
      signal: this.settings.signal,
    }).then((found) => (this.found = found));
    return this.lookup;
  }

  private async fetchToken(params: Record<string, string>): Promise<string> {
    const { image, registry, host, repository } = this.target;
    const realmText = params.realm ?? '';
    const ctx: RequestContext = { step: 'auth', image, action: `get an access token to pull ${image}`, host };
    let realm: URL;
    try {
      realm = new URL(realmText);
    } catch {
      throw failure(ctx, `the registry named "${realmText}" as its token service, which is not a valid URL.`);
    }
    if (realm.protocol !== 'https:' && realm.protocol !== 'http:') {
      throw failure(ctx, `the registry named "${realmText}" as its token service, which is not an HTTP address.`);
    }
    ctx.host = realm.host;
    if (realm.protocol === 'http:' && !allowsPlainHttp(realm.host, this.settings.insecureRegistries)) {
      throw failure(
        ctx,
        `the token service of ${host} uses plain HTTP, which would expose credentials and tokens. If that is intended, add ${realm.host} to the insecure registries setting.`,
      );
    }

    const found = await this.credentials();
    // As Docker does, the registry's credentials go to the token service it names, but only over HTTPS or to
    // the registry's own host: a plain-HTTP realm elsewhere would hand them to whoever answers there.
    const credentials = realm.protocol === 'https:' || sameHostName(realm.host, host) ? found.credentials : undefined;
    if (found.credentials !== undefined && credentials === undefined) {
      this.withheld = `the credentials for ${registry} were not sent to the token service ${realm.origin}, because it uses plain HTTP on another host than the registry`;
    }
    const scopes = (params.scope ?? `repository:${repository}:pull`).split(' ').filter((scope) => scope !== '');
    const { url, init } = tokenRequest(realm, params.service, scopes, credentials);
    let sent;
    let attempts;
    try {
      ({ sent, attempts } = await withRetries(this.settings, () => sendOnce(url, init, this.settings)));
    } catch (error) {
      throw transportFailure(ctx, error);
    }
    const status = sent.response.status;
    if (status === 401 || status === 403) {
      sent.deadline.abandon();
      const advice = `Run \`${loginCommand(registry)}\` with an account that may pull ${repository}, then scan again.`;
      throw failure(
        ctx,
        credentials !== undefined
          ? `the token service refused the credentials for ${registry} from ${credentials.source} (${statusLine(status)}). ${advice}`
          : `the token service refused anonymous access (${statusLine(status)}), so the repository may be private. ${this.describeCredentials()} ${advice}`,
      );
    }
    if (status < 200 || status > 299) {
      throw await statusFailure(ctx, sent, attempts, { registry, repository, credentials: this.describeCredentials() });
    }
    let text: string;
    try {
      text = (await readLimitedBody(sent, MAX_TOKEN_RESPONSE_BYTES)).toString('utf8');
    } catch (error) {
      throw transportFailure(ctx, error);
    }
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw failure(ctx, 'the token service answered with something that is not JSON.');
    }
    const { token, access_token: accessToken } = (typeof body === 'object' && body !== null ? body : {}) as { token?: unknown; access_token?: unknown };
    const value = typeof token === 'string' && token !== '' ? token : accessToken;
    if (typeof value !== 'string' || value === '') {
      throw failure(ctx, 'the token service answered without a "token" or "access_token".');
    }
    if (/[\r\n]/.test(value)) throw failure(ctx, 'the token service sent a token that spans several lines, which no HTTP header can carry.');
    return value;
  }
}

/** Whether two `host[:port]` values name the same host, whatever their ports. */
function sameHostName(a: string, b: string): boolean {
  const name = (hostAndPort: string) => new URL(`http://${hostAndPort}`).hostname.toLowerCase();
  return name(a) === name(b);
}

/** The token request: an OAuth2 refresh-token POST for identity tokens, otherwise a GET with the
 * credentials (if any) as Basic authentication, as Docker sends them. */
function tokenRequest(realm: URL, service: string | undefined, scopes: string[], credentials: RegistryCredentials | undefined): { url: URL; init: RequestInit } {
  if (credentials?.identityToken !== undefined) {
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: credentials.identityToken, client_id: 'shipshape' });
    if (service !== undefined) form.set('service', service);
    if (scopes.length > 0) form.set('scope', scopes.join(' '));
    return {
      url: realm,
      init: { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: form.toString() },
    };
  }
  const url = new URL(realm);
  if (service !== undefined) url.searchParams.set('service', service);
  for (const scope of scopes) url.searchParams.append('scope', scope);
  const headers: Record<string, string> = {};
  if (credentials?.username !== undefined && credentials.password !== undefined) {
    url.searchParams.set('account', credentials.username);
    headers.authorization = `Basic ${Buffer.from(`${credentials.username}:${credentials.password}`, 'utf8').toString('base64')}`;
  }
  return { url, init: { method: 'GET', headers } };
}
