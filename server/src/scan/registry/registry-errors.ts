// ScanErrors for everything that can go wrong talking to a registry, worded as "Could not <action> from
// <host>: <what happened>. <what to do>", so every message names the image, the registry and the step.
import { STATUS_CODES } from 'node:http';
import { DOCKER_HUB } from '../../engine/image-reference';
import { ScanError, type ScanStep } from '../types';
import { BodyTooLarge, formatSeconds, NetworkFailure, readLimitedBody, RequestTimedOut, type Sent } from './http-transport';

export interface RequestContext {
  step: ScanStep;
  /** The image as the user wrote it. */
  image: string;
  /** Completes "Could not …": "fetch the manifest of nginx:1.25". */
  action: string;
  /** The host the request went to (the registry's API host, or its token service). */
  host: string;
  /** What a 404 means here: 'the repository library/nginx has no tag "1.25", or does not exist'. */
  notFound?: string;
}

/** What refusal messages say about the registry and the credentials that were (or were not) sent. */
export interface AccessContext {
  /** As parseImageReference normalises it: "docker.io", "ghcr.io". */
  registry: string;
  repository: string;
  /** One sentence: which credentials were sent, or why none were. */
  credentials: string;
}

export function failure(ctx: RequestContext, detail: string, options?: { cause?: unknown }): ScanError {
  return new ScanError(ctx.step, ctx.image, `Could not ${ctx.action} from ${ctx.host}: ${detail}`, options);
}

/** Transport errors become ScanErrors; a cancellation's reason and ScanErrors pass through unchanged. */
export function transportFailure(ctx: RequestContext, error: unknown): unknown {
  if (error instanceof RequestTimedOut && error.overall) {
    return failure(ctx, `the transfer did not finish within ${formatSeconds(error.timeoutMs)} (blob timeout setting); the registry or the network is too slow.`, { cause: error });
  }
  if (error instanceof RequestTimedOut) {
    const what = error.whileReading ? 'the transfer stalled: no data arrived' : 'the registry did not answer';
    return failure(ctx, `${what} within ${formatSeconds(error.timeoutMs)}. Check the network connection and any proxy, or try again later.`, { cause: error });
  }
  if (error instanceof NetworkFailure) return failure(ctx, `${error.message}.`, { cause: error });
  if (error instanceof BodyTooLarge) return failure(ctx, `${error.message}.`, { cause: error });
  return error;
}

/** `docker login` for Docker Hub, `docker login <host>` for any other registry. */
export function loginCommand(registry: string): string {
  return registry === DOCKER_HUB ? 'docker login' : `docker login ${registry}`;
}

export function statusLine(status: number): string {
  const text = STATUS_CODES[status];
  return text === undefined ? String(status) : `${status} ${text}`;
}

/** The error for an answer that was not a success, after any retries. Reads (and frees) the body. */
export async function statusFailure(ctx: RequestContext, sent: Sent, attempts: number, access: AccessContext): Promise<ScanError> {
  const status = sent.response.status;
  const said = await registrySays(sent);
  const after = attempts > 1 ? ` on all ${attempts} attempts` : '';
  const login = loginCommand(access.registry);
  switch (true) {
    case status === 401:
      return failure(
        ctx,
        `authentication failed (${statusLine(status)}${said}). ${access.credentials} The repository ${access.repository} may be private, or may not exist; if it is private, run \`${login}\` with an account that may pull it, then scan again.`,
      );
    case status === 403:
      return failure(
        ctx,
        `access was denied (${statusLine(status)}${said}). ${access.credentials} The account may not pull ${access.repository}; run \`${login}\` with one that may, then scan again.`,
      );
    case status === 404:
      return failure(
        ctx,
        `${said === '' ? 'not found' : said.slice(2)} (${statusLine(status)}): ${ctx.notFound ?? 'the registry does not have it'}. Check the image name and tag; if the repository is private, run \`${login}\` first.`,
      );
    case status === 429:
      return failure(
        ctx,
        `the registry's rate limit was reached (${statusLine(status)}${after}${said}). Wait a while and try again${access.registry === DOCKER_HUB ? '; signed-in users (`docker login`) get a higher Docker Hub limit' : ''}.`,
      );
    case status >= 500:
      return failure(ctx, `the registry answered ${statusLine(status)}${after}${said}. It may be down or overloaded; try again later.`);
    case status >= 300 && status < 400:
      return failure(ctx, `the registry answered ${statusLine(status)} without a usable Location to follow.`);
    default:
      return failure(ctx, `the registry answered ${statusLine(status)}${said}, which Shipshape did not expect.`);
  }
}

const MAX_ERROR_BODY_BYTES = 64 * 1024;

/** `: manifest unknown` from an OCI error body (`{"errors":[{"code":"MANIFEST_UNKNOWN","message":"…"}]}`),
 * or nothing. */
async function registrySays(sent: Sent): Promise<string> {
  if (sent.response.body === null) {
    sent.deadline.finish();
    return '';
  }
  let text: string;
  try {
    text = (await readLimitedBody(sent, MAX_ERROR_BODY_BYTES)).toString('utf8');
  } catch {
    return '';
  }
  try {
    const parsed = JSON.parse(text) as { errors?: Array<{ code?: unknown; message?: unknown }> };
    const first = Array.isArray(parsed.errors) ? parsed.errors[0] : undefined;
    const message = typeof first?.message === 'string' && first.message !== '' ? first.message : typeof first?.code === 'string' ? first.code : undefined;
    return message === undefined ? '' : `: ${message.slice(0, 300)}`;
  } catch {
    return '';
  }
}
