// "Pin to digest": the digest a tag points to right now. For a multi-platform image that is the digest of
// the index, which is what `image@digest` must name to keep working on every platform.
import { displayName } from '../../engine/image-reference';
import { isSupportedDigest } from '../content-digest';
import { discard } from './http-transport';
import { connectRegistry, MANIFEST_ACCEPT } from './registry-client';
import type { RegistryOptions } from './registry-options';

export async function resolveDigest(name: string, options: RegistryOptions): Promise<string> {
  const client = connectRegistry(name, options);
  const { reference } = client;
  const tagOrDigest = reference.digest ?? reference.tag ?? 'latest';
  const what = reference.digest !== undefined ? `no manifest ${reference.digest}` : `no tag "${tagOrDigest}"`;
  const ctx = client.context('resolve', `look up the digest of ${name}`, `the repository ${reference.repository} has ${what}, or does not exist`);
  client.progress('resolve', `looking up the digest of ${displayName(reference)} on ${client.host}`);

  const { sent, attempts } = await client.request(ctx, client.repositoryUrl(`manifests/${tagOrDigest}`), { method: 'HEAD', accept: MANIFEST_ACCEPT });
  const status = sent.response.status;
  if (sent.response.ok) {
    const header = sent.response.headers.get('docker-content-digest')?.trim();
    discard(sent);
    if (header !== undefined && isSupportedDigest(header)) return header;
  } else if (status === 401 || status === 403 || status === 429 || status >= 500) {
    throw await client.statusFailure(ctx, sent, attempts);
  } else {
    discard(sent);
  }
  // Some registries answer HEAD without Docker-Content-Digest, or not at all; the manifest's bytes tell.
  const expected = reference.digest !== undefined && isSupportedDigest(reference.digest) ? reference.digest : undefined;
  return (await client.fetchManifest(ctx, tagOrDigest, expected)).digest;
}
