// A client for one repository of one registry over the OCI Distribution API. Every request goes through
// `request`, which answers auth challenges, retries what is worth retrying and follows redirects by hand:
// the Authorization header goes only to the registry's own origin, never to a CDN it redirects blobs to.
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { parseImageReference, type ImageReference } from '../../engine/image-reference';
import { digestLike, digestOf } from '../content-digest';
import { MediaType } from '../media-types';
import { ScanError, type ScanStep } from '../types';
import { blobProblem, verifyingStream, type BlobProblem, type ExpectedBlob } from '../verified-blob';
import { discard, readLimitedBody, sendOnce, withRetries, type HttpSettings, type Sent } from './http-transport';
import { RegistryAuth } from './registry-auth';
import { failure, statusFailure, statusLine, transportFailure, type RequestContext } from './registry-errors';
import { allowsPlainHttp, registryApiHost, registryScheme } from './registry-host';
import { registrySettings, type RegistryOptions, type RegistrySettings } from './registry-options';

const REDIRECT_STATUSES = new Set([301, 302, 303, 307, 308]);

/** Sent with every manifest request; without the index types a registry would pick one platform itself. */
export const MANIFEST_ACCEPT = [MediaType.ociIndex, MediaType.dockerManifestList, MediaType.ociManifest, MediaType.dockerManifest].join(', ');

export interface RegistryRequest {
  method: 'GET' | 'HEAD';
  accept?: string;
  /** Replaces the options' signal (blob reads combine both). */
  signal?: AbortSignal;
}

export interface FetchedManifest {
  bytes: Buffer;
  /** Computed from the bytes, never taken from the registry's word. */
  digest: string;
  contentType: string | null;
}

/** Parses the name and sets up the client, or fails with a ScanError of the 'resolve' step. */
export function connectRegistry(name: string, options: RegistryOptions): RegistryClient {
  const parsed = parseImageReference(name.trim());
  if (!parsed.ok) {
    throw new ScanError(
      'resolve',
      name,
      `"${name}" is not a valid image reference: ${parsed.error}. Write it as [registry/]repository[:tag][@digest], for example nginx:1.25 or ghcr.io/org/app@sha256:….`,
    );
  }
  return new RegistryClient(name, parsed.reference, registrySettings(options));
}

export class RegistryClient {
  /** The API host: `registry-1.docker.io` for Docker Hub. */
  readonly host: string;
  /** `https://registry-1.docker.io`, `http://localhost:5000`. */
  readonly origin: string;
  private readonly auth: RegistryAuth;

  constructor(
    /** The image as the user wrote it, for messages. */
    readonly image: string,
    readonly reference: ImageReference,
    readonly settings: RegistrySettings,
  ) {
    this.host = registryApiHost(reference.registry).toLowerCase();
    // Through URL so it compares equal to the origin of request URLs (default ports dropped).
    this.origin = new URL(`${registryScheme(this.host, settings.insecureRegistries)}//${this.host}`).origin;
    this.auth = new RegistryAuth({ image, registry: reference.registry, host: this.host, repository: reference.repository }, settings);
  }

  context(step: ScanStep, action: string, notFound?: string): RequestContext {
    return { step, image: this.image, action, host: this.host, notFound };
  }

  progress(step: ScanStep, detail: string): void {
    this.settings.onProgress?.({ step, detail });
  }

  /** `/v2/<repository>/<path>` on this registry. */
  repositoryUrl(path: string): URL {
    return new URL(`/v2/${this.reference.repository}/${path}`, this.origin);
  }

  /** Sends a request and returns the final answer, whatever its status; transport failures throw ScanErrors. */
  async request(ctx: RequestContext, url: URL, request: RegistryRequest): Promise<{ sent: Sent; attempts: number }> {
    const http: HttpSettings = request.signal === undefined ? this.settings : { ...this.settings, signal: request.signal };
    let challenged = false;
    try {
      for (;;) {
        const result = await withRetries(http, () => this.followRedirects(ctx, url, request, http));
        const challenge = result.sent.response.headers.get('www-authenticate');
        if (result.sent.response.status !== 401 || challenged || challenge === null) return result;
        challenged = true;
        let answered: boolean;
        try {
          answered = await this.auth.answer(challenge);
        } catch (error) {
          discard(result.sent);
          throw error;
        }
        if (!answered) return result;
        discard(result.sent);
      }
    } catch (error) {
      throw transportFailure(ctx, error);
    }
  }

  async statusFailure(ctx: RequestContext, sent: Sent, attempts: number): Promise<ScanError> {
    return statusFailure(ctx, sent, attempts, {
      registry: this.reference.registry,
      repository: this.reference.repository,
      credentials: this.auth.describeCredentials(),
    });
  }

  async readBody(ctx: RequestContext, sent: Sent, limit: number): Promise<Buffer> {
    try {
      return await readLimitedBody(sent, limit);
    } catch (error) {
      throw transportFailure(ctx, error);
    }
  }

  /** A manifest by tag or digest; fetched by digest, its bytes must hash to that digest. */
  async fetchManifest(ctx: RequestContext, tagOrDigest: string, expectedDigest?: string): Promise<FetchedManifest> {
    const { sent, attempts } = await this.request(ctx, this.repositoryUrl(`manifests/${tagOrDigest}`), { method: 'GET', accept: MANIFEST_ACCEPT });
    if (!sent.response.ok) throw await this.statusFailure(ctx, sent, attempts);
    const bytes = await this.readBody(ctx, sent, this.settings.limits.maxManifestBytes);
    const digest = expectedDigest === undefined ? digestOf(bytes) : digestLike(expectedDigest, bytes);
    if (expectedDigest !== undefined && digest !== expectedDigest) {
      throw failure(ctx, `the manifest it sent hashes to ${digest}, not to the requested ${expectedDigest}, so it was corrupted or altered on the way.`);
    }
    return { bytes, digest, contentType: sent.response.headers.get('content-type') };
  }

  /** A small blob (the image config) read whole, checked against its size and digest. */
  async fetchBlob(ctx: RequestContext, expected: ExpectedBlob, limit: number): Promise<Buffer> {
    const { sent, attempts } = await this.request(ctx, this.repositoryUrl(`blobs/${expected.digest}`), { method: 'GET' });
    if (!sent.response.ok) throw await this.statusFailure(ctx, sent, attempts);
    const bytes = await this.readBody(ctx, sent, limit);
    const problem = blobProblem(bytes, expected);
    if (problem?.kind === 'digest') {
      throw failure(ctx, `its bytes hash to ${problem.actual} instead of ${expected.digest}, so it was corrupted or altered on the way.`);
    }
    if (problem !== undefined) {
      throw failure(ctx, `it has ${bytes.length} bytes where its descriptor says ${expected.size}, so it was truncated or altered.`);
    }
    return bytes;
  }

  /** A blob as a stream that fails (with `fail`'s error) unless its bytes match `expected`. */
  async openBlob(ctx: RequestContext, expected: ExpectedBlob, signal: AbortSignal | undefined, fail: (problem: BlobProblem) => Error): Promise<Readable> {
    const signals = [this.settings.signal, signal].filter((item): item is AbortSignal => item !== undefined);
    const combined = signals.length > 1 ? AbortSignal.any(signals) : signals[0];
    const { sent, attempts } = await this.request(ctx, this.repositoryUrl(`blobs/${expected.digest}`), { method: 'GET', signal: combined });
    if (!sent.response.ok) throw await this.statusFailure(ctx, sent, attempts);
    const source = sent.response.body === null ? Readable.from([]) : Readable.fromWeb(sent.response.body as NodeReadableStream<Uint8Array>);
    const verifier = verifyingStream(expected, fail, () => sent.deadline.restart());
    source.on('error', (error) => verifier.destroy(transportFailure(ctx, sent.deadline.explain(error, true)) as Error));
    verifier.on('close', () => {
      sent.deadline.finish();
      if (!source.destroyed) source.destroy();
    });
    source.pipe(verifier);
    return verifier;
  }

  /** Follows redirects by hand so credentials stay with the registry, refusing loops, long chains and
   * downgrades from HTTPS to plain HTTP. */
  private async followRedirects(ctx: RequestContext, start: URL, request: RegistryRequest, http: HttpSettings): Promise<Sent> {
    const visited = new Set([start.href]);
    let url = start;
    for (let redirects = 0; ; redirects++) {
      const headers: Record<string, string> = {};
      if (request.accept !== undefined) headers.accept = request.accept;
      const authorization = url.origin === this.origin ? this.auth.authorization() : undefined;
      if (authorization !== undefined) headers.authorization = authorization;
      const sent = await sendOnce(url, { method: request.method, headers }, http);
      const status = sent.response.status;
      if (!REDIRECT_STATUSES.has(status)) return sent;
      const location = sent.response.headers.get('location');
      discard(sent);
      const next = location === null ? undefined : URL.canParse(location, url.href) ? new URL(location, url) : undefined;
      if (next === undefined || (next.protocol !== 'https:' && next.protocol !== 'http:')) {
        throw failure(ctx, `the registry answered ${statusLine(status)} with ${location === null ? 'no' : `an unusable (${location.slice(0, 200)})`} Location to follow.`);
      }
      if (next.protocol === 'http:' && url.protocol === 'https:' && !allowsPlainHttp(next.host, this.settings.insecureRegistries)) {
        throw failure(ctx, `the registry redirected to ${next.origin}, a plain HTTP address; Shipshape does not follow redirects from HTTPS to HTTP.`);
      }
      if (visited.has(next.href)) {
        throw failure(ctx, `its redirects form a loop (back to ${next.origin}${next.pathname}). The registry, or a proxy in between, is misconfigured.`);
      }
      if (redirects >= this.settings.limits.maxRedirects) {
        throw failure(ctx, `it redirected more than ${this.settings.limits.maxRedirects} times (last to ${next.origin}), so Shipshape stopped following.`);
      }
      visited.add(next.href);
      url = next;
    }
  }
}
