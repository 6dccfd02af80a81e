// A real OSV API on 127.0.0.1 for the vulnerability tests: POST /v1/querybatch and GET /v1/vulns/{id},
// answering from fixture records. A query matches a record when one of its `affected` entries names the
// package (same ecosystem, or any release of a bare ecosystem like "Red Hat") and lists the version in
// `versions`. Requests are counted, answers can be paged, and failures and slowness can be switched on.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface OsvFixtureRecord {
  id: string;
  affected?: Array<{ package?: { ecosystem: string; name: string }; versions?: string[]; [key: string]: unknown }>;
  [key: string]: unknown;
}

export interface OsvServerBehaviour {
  records: OsvFixtureRecord[];
  /** Ids per query per page; pages are linked by next_page_token. Unlimited when absent. */
  pageSize?: number;
  /** Status to answer the nth batch request with (1-based), or undefined to answer normally. */
  failBatch?: (requestNumber: number) => number | undefined;
  /** Status to answer a record request with, or undefined to answer normally. */
  failDetail?: (id: string) => number | undefined;
  /** Answer every batch request with 200 and a broken body: text that is not JSON, JSON that is not a list of
   * results, a body cut off before its Content-Length, or a Content-Length over any sane limit. */
  brokenBatch?: 'not-json' | 'wrong-shape' | 'truncated' | 'oversized';
  /** Wait before answering any request. */
  delayMs?: number;
  /** Wait before answering record requests (after delayMs). */
  detailDelayMs?: number;
}

export interface ReceivedQuery {
  ecosystem: string;
  name: string;
  version: string;
  pageToken?: string;
}

export interface OsvTestServer {
  /** Base URL, "http://127.0.0.1:<port>". */
  url: string;
  /** Changeable between requests. */
  behaviour: OsvServerBehaviour;
  batchRequests: number;
  /** Number of queries in each batch request, in order. */
  batchSizes: number[];
  queries: ReceivedQuery[];
  detailRequests: number;
  detailRequestsById: Map<string, number>;
  resetCounts(): void;
  close(): Promise<void>;
}

function recordMatches(record: OsvFixtureRecord, query: ReceivedQuery): boolean {
  return (record.affected ?? []).some((entry) => {
    const pkg = entry.package;
    if (!pkg || pkg.name !== query.name) return false;
    const sameEcosystem = pkg.ecosystem === query.ecosystem || (!query.ecosystem.includes(':') && pkg.ecosystem.split(':')[0] === query.ecosystem);
    return sameEcosystem && (entry.versions ?? []).includes(query.version);
  });
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  if (response.destroyed) return;
  response.writeHead(status, { 'content-type': 'application/json' });
  response.end(JSON.stringify(body));
}

export async function startOsvServer(behaviour: OsvServerBehaviour): Promise<OsvTestServer> {
  const state: Omit<OsvTestServer, 'url' | 'close'> = {
    behaviour,
    batchRequests: 0,
    batchSizes: [],
    queries: [],
    detailRequests: 0,
    detailRequestsById: new Map(),
    resetCounts() {
      state.batchRequests = 0;
      state.batchSizes = [];
      state.queries = [];
      state.detailRequests = 0;
      state.detailRequestsById = new Map();
    },
  };

  const answerBrokenBatch = (response: ServerResponse, kind: NonNullable<OsvServerBehaviour['brokenBatch']>): void => {
    if (kind === 'not-json') return void response.writeHead(200, { 'content-type': 'application/json' }).end('{"results": [{"vulns": [');
    if (kind === 'wrong-shape') return send(response, 200, { results: 'none' });
    const announced = kind === 'oversized' ? 512 * 1024 * 1024 : 4096;
    response.writeHead(200, { 'content-type': 'application/json', 'content-length': announced });
    response.write('{"results": [{}', () => response.destroy());
  };

  const answerBatch = (response: ServerResponse, text: string): void => {
    state.batchRequests++;
    if (state.behaviour.brokenBatch) return answerBrokenBatch(response, state.behaviour.brokenBatch);
    const status = state.behaviour.failBatch?.(state.batchRequests);
    if (status !== undefined) return send(response, status, { code: 13, message: 'failure requested by the test' });
    const body = JSON.parse(text) as { queries: Array<{ package: { ecosystem: string; name: string }; version: string; page_token?: string }> };
    state.batchSizes.push(body.queries.length);
    const results = body.queries.map((raw) => {
      const query: ReceivedQuery = { ecosystem: raw.package.ecosystem, name: raw.package.name, version: raw.version, pageToken: raw.page_token };
      state.queries.push(query);
      const ids = state.behaviour.records.filter((record) => recordMatches(record, query)).map((record) => record.id);
      const offset = query.pageToken ? Number(query.pageToken.replace('page-', '')) : 0;
      const size = state.behaviour.pageSize ?? ids.length;
      const page = ids.slice(offset, offset + size);
      const result: Record<string, unknown> = {};
      if (page.length > 0) result.vulns = page.map((id) => ({ id, modified: '2024-01-01T00:00:00Z' }));
      if (offset + size < ids.length) result.next_page_token = `page-${offset + size}`;
      return result;
    });
    send(response, 200, { results });
  };

  const answerDetail = async (response: ServerResponse, id: string): Promise<void> => {
    state.detailRequests++;
    if (state.behaviour.detailDelayMs) await new Promise((resolve) => setTimeout(resolve, state.behaviour.detailDelayMs));
    state.detailRequestsById.set(id, (state.detailRequestsById.get(id) ?? 0) + 1);
    const status = state.behaviour.failDetail?.(id);
    if (status !== undefined) return send(response, status, { code: 13, message: 'failure requested by the test' });
    const record = state.behaviour.records.find((candidate) => candidate.id === id);
    if (!record) return send(response, 404, { code: 5, message: 'Bug not found.' });
    send(response, 200, record);
  };

  const server = createServer((request, response) => {
    void (async () => {
      const text = await readBody(request);
      if (state.behaviour.delayMs) await new Promise((resolve) => setTimeout(resolve, state.behaviour.delayMs));
      // Any path prefix is accepted, as a mirror may serve the API under one ("/osv/v1/querybatch").
      const path = new URL(request.url ?? '/', 'http://localhost').pathname;
      const api = path.slice(Math.max(0, path.indexOf('/v1/')));
      if (request.method === 'POST' && api === '/v1/querybatch') return answerBatch(response, text);
      if (request.method === 'GET' && api.startsWith('/v1/vulns/')) return answerDetail(response, decodeURIComponent(api.slice('/v1/vulns/'.length)));
      send(response, 404, { code: 5, message: 'Not found' });
    })().catch((error: unknown) => send(response, 500, { message: String(error) }));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(state, {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

/** A base URL where nothing listens: a port that was just free (connection refused). */
export async function closedPortUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
