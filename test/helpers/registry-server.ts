// A real OCI Distribution registry on 127.0.0.1 (port 0) for the registry client's tests: content-addressed
// blobs and manifests per repository, tags, the token flow or Basic auth, and switches for the failures a
// client must survive (redirects to a CDN on another port, corrupt or truncated blobs, 503s, 500s, a
// redirect loop, slow answers, blobs that trickle in a byte at a time). Every request is recorded so tests
// can check what was sent where.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { TestBlob } from './test-blob';

export interface TestRepository {
  /** Manifests (including the platform manifests of an index), configs and layers. */
  blobs: TestBlob[];
  /** Tag → the manifest or index it points to (added to the blobs automatically). */
  tags: Record<string, TestBlob>;
}

export type TestRegistryAuth =
  | {
      kind: 'bearer';
      /** When set, the token endpoint demands these as Basic credentials. */
      credentials?: { username: string; password: string };
      /** When set, the token endpoint also accepts this refresh token in an OAuth2 POST. */
      identityToken?: string;
      /** Field of the token answer; Docker Hub sends both. */
      tokenField?: 'token' | 'access_token';
      /** Realm named in the challenge instead of this server's own /token. */
      realm?: string;
    }
  | { kind: 'basic'; username: string; password: string };

export interface TestRegistryOptions {
  repositories: Record<string, TestRepository>;
  auth?: TestRegistryAuth;
  /** Blob GETs answer 307 to a second server on another port (a CDN) that refuses any Authorization. */
  redirectBlobs?: boolean;
  /** Blobs served with one byte changed (same length). */
  corruptBlobs?: string[];
  /** Blobs whose answer breaks off half-way while Content-Length announces the whole blob. */
  truncateBlobs?: string[];
  /** The first `count` requests under /v2/ answer 503, with this Retry-After when given. */
  failFirst?: { count: number; retryAfter?: string };
  /** Every request under /v2/ answers this status. */
  alwaysStatus?: number;
  /** Blob GETs redirect back and forth between two addresses. */
  redirectLoop?: boolean;
  /** Requests under /v2/ wait this long before any answer. */
  delayMs?: number;
  /** These blobs and manifests (by digest) are sent one byte at a time, one byte every `intervalMs`, with a
   * Content-Length that announces them whole: a registry that never goes silent but never finishes. */
  trickle?: { digests: string[]; intervalMs: number };
  /** Tags per page of /tags/list when the client sends no `n`. */
  tagPageSize?: number;
  /** HEAD on manifests answers without Docker-Content-Digest (as some registries do). */
  omitDigestHeader?: boolean;
  /** Serves the OCI referrers API: repository → subject digest → the descriptors listed. Without it the
   * registry lacks the API and answers 404, as older registries do. */
  referrers?: Record<string, Record<string, unknown[]>>;
  /** The referrers API answers 200 with an HTML page (a misconfigured proxy or login portal). */
  referrersHtml?: boolean;
}

export interface RecordedRequest {
  server: 'registry' | 'cdn';
  method: string;
  /** Path and query. */
  url: string;
  authorization?: string;
  accept?: string;
  /** Filled in when the answer has been sent. */
  status?: number;
}

export interface TestRegistry {
  /** `127.0.0.1:<port>`: image names on this registry start with it. */
  host: string;
  /** `127.0.0.1:<port>` of the CDN blobs are redirected to. */
  cdnHost: string;
  requests: RecordedRequest[];
  close(): Promise<void>;
}

const SERVICE = 'shipshape-test-registry';

export async function startRegistryServer(options: TestRegistryOptions): Promise<TestRegistry> {
  const repositories = new Map<string, { blobs: Map<string, TestBlob>; tags: Map<string, string> }>();
  for (const [name, repository] of Object.entries(options.repositories)) {
    const blobs = new Map(repository.blobs.map((item) => [item.digest, item] as const));
    const tags = new Map<string, string>();
    for (const [tag, manifest] of Object.entries(repository.tags)) {
      blobs.set(manifest.digest, manifest);
      tags.set(tag, manifest.digest);
    }
    repositories.set(name, { blobs, tags });
  }
  const requests: RecordedRequest[] = [];
  const issuedTokens = new Map<string, string[]>();
  let failuresLeft = options.failFirst?.count ?? 0;
  let host = '';
  let cdnHost = '';

  const record = (server: RecordedRequest['server'], request: IncomingMessage, response: ServerResponse): void => {
    const entry: RecordedRequest = {
      server,
      method: request.method ?? '',
      url: request.url ?? '',
      authorization: request.headers.authorization,
      accept: request.headers.accept,
    };
    requests.push(entry);
    response.on('finish', () => (entry.status = response.statusCode));
  };

  const sendError = (response: ServerResponse, status: number, code: string, message: string, headers: Record<string, string> = {}): void => {
    const body = JSON.stringify({ errors: [{ code, message }] });
    response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), ...headers });
    response.end(body);
  };

  const serveBytes = (request: IncomingMessage, response: ServerResponse, item: TestBlob, contentType: string, digestHeader = true): void => {
    let bytes = item.bytes;
    if (options.corruptBlobs?.includes(item.digest) && bytes.length > 0) {
      bytes = Buffer.from(bytes);
      bytes[bytes.length - 1] = (bytes[bytes.length - 1] ?? 0) ^ 0xff;
    }
    const headers: Record<string, string | number> = { 'content-type': contentType, 'content-length': bytes.length };
    if (digestHeader) headers['docker-content-digest'] = item.digest;
    response.writeHead(200, headers);
    if (request.method === 'HEAD') {
      response.end();
    } else if (options.trickle?.digests.includes(item.digest)) {
      let sent = 0;
      const sendByte = (): void => {
        if (response.destroyed || sent >= bytes.length) {
          clearInterval(timer);
          if (!response.destroyed) response.end();
          return;
        }
        response.write(bytes.subarray(sent, sent + 1));
        sent += 1;
      };
      const timer = setInterval(sendByte, options.trickle.intervalMs);
      sendByte();
      response.on('close', () => clearInterval(timer));
    } else if (options.truncateBlobs?.includes(item.digest)) {
      response.write(bytes.subarray(0, Math.floor(bytes.length / 2)), () => response.destroy());
    } else {
      response.end(bytes);
    }
  };

  /** Checks the request's credentials; answers the 401 itself and returns false when they do not do. */
  const authorized = (request: IncomingMessage, response: ServerResponse, repository: string | undefined): boolean => {
    const auth = options.auth;
    if (auth === undefined) return true;
    const header = request.headers.authorization ?? '';
    if (auth.kind === 'basic') {
      const expected = `Basic ${Buffer.from(`${auth.username}:${auth.password}`).toString('base64')}`;
      if (header === expected) return true;
      sendError(response, 401, 'UNAUTHORIZED', 'authentication required', { 'www-authenticate': `Basic realm="${SERVICE}"` });
      return false;
    }
    const token = header.startsWith('Bearer ') ? header.slice('Bearer '.length) : '';
    const scopes = issuedTokens.get(token);
    const scope = repository === undefined ? undefined : `repository:${repository}:pull`;
    if (scopes !== undefined && (scope === undefined || scopes.includes(scope))) return true;
    const scopeParam = scope === undefined ? '' : `,scope="${scope}"`;
    sendError(response, 401, 'UNAUTHORIZED', 'authentication required', {
      'www-authenticate': `Bearer realm="${auth.realm ?? `http://${host}/token`}",service="${SERVICE}"${scopeParam}`,
    });
    return false;
  };

  const issueToken = (response: ServerResponse, scopes: string[]): void => {
    const token = `token-${issuedTokens.size + 1}-${Math.random().toString(36).slice(2)}`;
    issuedTokens.set(token, scopes);
    const field = options.auth?.kind === 'bearer' ? (options.auth.tokenField ?? 'token') : 'token';
    const body = JSON.stringify({ [field]: token, expires_in: 300 });
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) });
    response.end(body);
  };

  const serveToken = async (request: IncomingMessage, response: ServerResponse, url: URL): Promise<void> => {
    const auth = options.auth;
    if (auth?.kind !== 'bearer') {
      sendError(response, 404, 'NOT_FOUND', 'no token service');
      return;
    }
    if (request.method === 'POST') {
      const form = new URLSearchParams(await readRequestBody(request));
      if (auth.identityToken !== undefined && form.get('grant_type') === 'refresh_token' && form.get('refresh_token') === auth.identityToken && form.get('service') === SERVICE) {
        issueToken(response, (form.get('scope') ?? '').split(' ').filter((scope) => scope !== ''));
      } else {
        sendError(response, 401, 'UNAUTHORIZED', 'invalid refresh token');
      }
      return;
    }
    if (url.searchParams.get('service') !== SERVICE) {
      sendError(response, 400, 'INVALID_REQUEST', 'unknown service');
      return;
    }
    if (auth.credentials !== undefined) {
      const expected = `Basic ${Buffer.from(`${auth.credentials.username}:${auth.credentials.password}`).toString('base64')}`;
      if (request.headers.authorization !== expected) {
        sendError(response, 401, 'UNAUTHORIZED', 'incorrect username or password');
        return;
      }
    }
    issueToken(response, url.searchParams.getAll('scope'));
  };

  const serveTags = (response: ServerResponse, name: string, tags: Map<string, string>, url: URL): void => {
    const all = [...tags.keys()].sort();
    const last = url.searchParams.get('last');
    const size = Number(url.searchParams.get('n') ?? options.tagPageSize ?? all.length);
    const start = last === null ? 0 : all.findIndex((tag) => tag > last);
    const page = start === -1 ? [] : all.slice(start, start + size);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const lastOfPage = page[page.length - 1];
    if (lastOfPage !== undefined && all.indexOf(lastOfPage) < all.length - 1) {
      headers.link = `</v2/${name}/tags/list?n=${size}&last=${encodeURIComponent(lastOfPage)}>; rel="next"`;
    }
    const body = JSON.stringify({ name, tags: page });
    response.writeHead(200, { ...headers, 'content-length': Buffer.byteLength(body) });
    response.end(body);
  };

  const serveRegistry = async (request: IncomingMessage, response: ServerResponse): Promise<void> => {
    record('registry', request, response);
    const url = new URL(request.url ?? '/', `http://${host}`);
    if (url.pathname === '/token') {
      await serveToken(request, response, url);
      return;
    }
    if (!url.pathname.startsWith('/v2/')) {
      sendError(response, 404, 'NOT_FOUND', 'not a registry path');
      return;
    }
    if (options.delayMs !== undefined) {
      const delayMs = options.delayMs;
      await new Promise<void>((resolve) => {
        const onClose = (): void => {
          clearTimeout(timer);
          resolve();
        };
        const timer = setTimeout(() => {
          request.socket.off('close', onClose);
          resolve();
        }, delayMs);
        request.socket.once('close', onClose);
      });
      if (request.socket.destroyed) return;
    }
    if (failuresLeft > 0) {
      failuresLeft--;
      const retryAfter = options.failFirst?.retryAfter;
      sendError(response, 503, 'UNAVAILABLE', 'service unavailable', retryAfter === undefined ? {} : { 'retry-after': retryAfter });
      return;
    }
    if (options.alwaysStatus !== undefined) {
      sendError(response, options.alwaysStatus, 'UNKNOWN', 'internal error');
      return;
    }
    if (url.pathname === '/v2/') {
      if (!authorized(request, response, undefined)) return;
      response.writeHead(200, { 'content-type': 'application/json', 'docker-distribution-api-version': 'registry/2.0' });
      response.end('{}');
      return;
    }
    const route =
      /^\/v2\/(.+)\/(manifests|blobs)\/([^/]+)$/.exec(url.pathname) ??
      /^\/v2\/(.+)\/(tags)\/list$/.exec(url.pathname) ??
      (options.referrers !== undefined || options.referrersHtml ? /^\/v2\/(.+)\/(referrers)\/([^/]+)$/.exec(url.pathname) : null);
    if (route === null) {
      sendError(response, 404, 'NOT_FOUND', 'unknown path');
      return;
    }
    const [, name = '', kind, reference = ''] = route;
    if (!authorized(request, response, name)) return;
    const repository = repositories.get(name);
    if (repository === undefined) {
      sendError(response, 404, 'NAME_UNKNOWN', 'repository name not known to registry');
      return;
    }
    if (kind === 'tags') {
      serveTags(response, name, repository.tags, url);
      return;
    }
    if (kind === 'referrers') {
      const body = options.referrersHtml
        ? '<!DOCTYPE html><html><body><h1>Sign in</h1></body></html>'
        : JSON.stringify({ schemaVersion: 2, mediaType: 'application/vnd.oci.image.index.v1+json', manifests: options.referrers?.[name]?.[reference] ?? [] });
      response.writeHead(200, { 'content-type': options.referrersHtml ? 'text/html; charset=utf-8' : 'application/vnd.oci.image.index.v1+json', 'content-length': Buffer.byteLength(body) });
      response.end(body);
      return;
    }
    if (kind === 'manifests') {
      const digest = reference.includes(':') ? reference : repository.tags.get(reference);
      const manifest = digest === undefined ? undefined : repository.blobs.get(digest);
      if (manifest === undefined) {
        sendError(response, 404, 'MANIFEST_UNKNOWN', 'manifest unknown');
        return;
      }
      serveBytes(request, response, manifest, manifest.mediaType, !(request.method === 'HEAD' && options.omitDigestHeader === true));
      return;
    }
    const item = repository.blobs.get(reference);
    if (item === undefined) {
      sendError(response, 404, 'BLOB_UNKNOWN', 'blob unknown to registry');
      return;
    }
    if (options.redirectLoop && request.method === 'GET') {
      const location = url.searchParams.has('hop') ? url.pathname : `${url.pathname}?hop=1`;
      response.writeHead(307, { location });
      response.end();
      return;
    }
    if (options.redirectBlobs && request.method === 'GET') {
      response.writeHead(307, { location: `http://${cdnHost}/cdn/${name}/${reference}?signature=test` });
      response.end();
      return;
    }
    serveBytes(request, response, item, 'application/octet-stream');
  };

  const serveCdn = (request: IncomingMessage, response: ServerResponse): void => {
    record('cdn', request, response);
    if (request.headers.authorization !== undefined) {
      sendError(response, 400, 'CREDENTIALS_LEAKED', 'the CDN must never receive the registry credentials');
      return;
    }
    const url = new URL(request.url ?? '/', `http://${cdnHost}`);
    const route = /^\/cdn\/(.+)\/([^/]+)$/.exec(url.pathname);
    const item = route === null ? undefined : repositories.get(route[1] ?? '')?.blobs.get(route[2] ?? '');
    if (item === undefined) {
      sendError(response, 404, 'NOT_FOUND', 'no such object');
      return;
    }
    serveBytes(request, response, item, 'application/octet-stream');
  };

  const registry = createServer((request, response) => {
    serveRegistry(request, response).catch((error: unknown) => {
      if (!response.headersSent) sendError(response, 500, 'TEST_SERVER_BUG', String(error));
    });
  });
  const cdn = createServer(serveCdn);
  host = `127.0.0.1:${await listen(registry)}`;
  cdnHost = `127.0.0.1:${await listen(cdn)}`;

  return {
    host,
    cdnHost,
    requests,
    close: async () => {
      await Promise.all([stop(registry), stop(cdn)]);
    },
  };
}

function listen(server: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve((server.address() as AddressInfo).port));
  });
}

function stop(server: Server): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

function readRequestBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    let body = '';
    request.setEncoding('utf8');
    request.on('data', (chunk: string) => (body += chunk));
    request.on('end', () => resolve(body));
    request.on('error', reject);
  });
}
