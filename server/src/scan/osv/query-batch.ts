// Asking OSV which vulnerabilities affect each package version: POST /v1/querybatch with at most 1000
// queries per request (the API's limit), following each query's next_page_token until its last page.
// Answers still fresh in the cache are not asked again. The first failing request stops the querying:
// what was answered so far is kept and the rest is counted, so the report can say what is missing.
import type { ProgressListener } from '../types';
import { queryKey } from './ecosystem-mapping';
import type { OsvCache, QueryAnswer } from './osv-cache';
import { OsvRequestError, requestJson, type HttpOptions } from './osv-http';
import { parseBatchResults, type OsvQuery } from './osv-schema';

export const MAX_QUERIES_PER_BATCH = 1000;
/** Pages read per query; a mirror that keeps sending tokens must not keep the scan busy forever. */
const MAX_PAGES_PER_QUERY = 20;

export interface BatchOutcome {
  /** Vulnerability ids per answered query, by queryKey. */
  answers: Map<string, string[]>;
  /** The request that stopped the querying, if one failed. */
  failure?: OsvRequestError;
  /** Queries whose answers were cut off after MAX_PAGES_PER_QUERY pages. */
  truncated: number;
}

export interface BatchContext {
  endpoint: string;
  http: HttpOptions;
  cache: OsvCache;
  onProgress?: ProgressListener;
}

interface PendingQuery {
  query: OsvQuery;
  ids: Set<string>;
  pages: number;
  pageToken?: string;
}

function requestBody(batch: PendingQuery[]): unknown {
  return {
    queries: batch.map(({ query, pageToken }) => ({
      package: { ecosystem: query.ecosystem, name: query.name },
      version: query.version,
      ...(pageToken ? { page_token: pageToken } : {}),
    })),
  };
}

export async function queryOsv(queries: OsvQuery[], context: BatchContext): Promise<BatchOutcome> {
  const answers = await context.cache.getQueryResults(queries);
  const queue: PendingQuery[] = queries.filter((query) => !answers.has(queryKey(query))).map((query) => ({ query, ids: new Set(), pages: 0 }));
  const fetched: QueryAnswer[] = [];
  let truncated = 0;
  let failure: OsvRequestError | undefined;
  const total = queue.length;
  let requests = 0;

  while (queue.length > 0) {
    const batch = queue.splice(0, MAX_QUERIES_PER_BATCH);
    requests++;
    context.onProgress?.({ step: 'vulnerabilities', detail: `querying OSV for ${total} package versions (request ${requests})` });
    let json: unknown;
    try {
      json = await requestJson(context.endpoint, requestBody(batch), context.http);
    } catch (error) {
      if (!(error instanceof OsvRequestError)) throw error;
      failure = error;
      break;
    }
    const results = parseBatchResults(json, batch.length);
    if (!results) {
      failure = new OsvRequestError(context.endpoint, `the answer is not a list of ${batch.length} query results`, true);
      break;
    }
    batch.forEach((pending, index) => {
      const result = results[index] as (typeof results)[number];
      for (const id of result.ids) pending.ids.add(id);
      pending.pages++;
      if (result.nextPageToken && result.nextPageToken !== pending.pageToken && pending.pages < MAX_PAGES_PER_QUERY) {
        queue.push({ ...pending, pageToken: result.nextPageToken });
        return;
      }
      if (result.nextPageToken) truncated++;
      const ids = [...pending.ids];
      answers.set(queryKey(pending.query), ids);
      // A cut-off answer is not remembered: the next scan should try to read it whole.
      if (!result.nextPageToken) fetched.push({ query: pending.query, ids });
    });
  }
  await context.cache.putQueryResults(fetched);
  return { answers, failure, truncated };
}
