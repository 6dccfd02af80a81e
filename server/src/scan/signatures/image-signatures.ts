// The signature status of one image digest: every signature found in the registry (the `.sig` tag and the
// referrers), each checked against the trusted keys, folded into one status. One verified signature is
// enough; otherwise a broken or misdirected one makes the image `invalid`, an unverifiable one `untrusted`,
// a registry that could not be asked `unavailable`, and only a registry that answered "none" `unsigned`.
import type { ReportSignature, ReportSignatureEntry, SignatureStatus } from '../../protocol';
import type { RegistryClient } from '../registry/registry-client';
import { checkCosignSignature } from './cosign-signature';
import { checkSigstoreBundle, describeNotationSignature } from './referrer-signatures';
import {
  COSIGN_CERTIFICATE_ANNOTATION,
  COSIGN_SIGNATURE_ANNOTATION,
  fetchCosignSignatureManifest,
  fetchReferrerManifest,
  fetchSignatureBlob,
  fetchSignatureReferrers,
  MAX_SIGNATURES,
  SignatureMediaType,
} from './signature-sources';
import type { TrustedKey } from './trusted-keys';

export interface SignaturePolicy {
  keys: TrustedKey[];
  /** Whether anything but `verified` fails the scan. */
  required: boolean;
}

export async function checkImageSignatures(client: RegistryClient, digest: string, policy: SignaturePolicy): Promise<ReportSignature> {
  const signatures: ReportSignatureEntry[] = [];
  const errors: string[] = [];
  let skipped = 0;
  const attempt = async (work: () => Promise<void>): Promise<void> => {
    try {
      await work();
    } catch (error) {
      if (client.settings.signal?.aborted) throw error;
      errors.push(error instanceof Error ? error.message : String(error));
    }
  };

  client.progress('signatures', `looking up the signatures of ${digest}`);
  await attempt(async () => {
    const manifest = await fetchCosignSignatureManifest(client, digest);
    const layers = (manifest?.layers ?? []).filter((layer) => layer.mediaType === SignatureMediaType.cosignPayload);
    skipped += Math.max(0, layers.length - MAX_SIGNATURES);
    for (const layer of layers.slice(0, MAX_SIGNATURES)) {
      await attempt(async () => {
        const payload = await fetchSignatureBlob(client, layer);
        signatures.push(checkCosignSignature({ payload, annotations: layer.annotations ?? {} }, digest, policy.keys, COSIGN_SIGNATURE_ANNOTATION, COSIGN_CERTIFICATE_ANNOTATION));
      });
    }
  });
  await attempt(async () => {
    const referrers = await fetchSignatureReferrers(client, digest);
    skipped += referrers.skipped;
    for (const descriptor of referrers.signatures) {
      await attempt(async () => {
        const manifest = await fetchReferrerManifest(client, descriptor);
        const notation = descriptor.artifactType === SignatureMediaType.notation || manifest.config.mediaType === SignatureMediaType.notation;
        const layer = manifest.layers[0];
        if (layer === undefined) throw new Error(`the signature manifest ${descriptor.digest} has no layers`);
        const bytes = await fetchSignatureBlob(client, layer);
        signatures.push(notation ? describeNotationSignature(layer.mediaType, bytes) : checkSigstoreBundle(bytes, digest, policy.keys));
      });
    }
  });
  return summarise(digest, policy, signatures, errors, skipped);
}

/** The report of an image that does not come from a registry: its signatures cannot be looked up. */
export function signatureUnavailable(required: boolean, why: string): ReportSignature {
  return { status: 'unavailable', required, note: `Signatures not checked: ${why}`, signatures: [] };
}

function summarise(digest: string, policy: SignaturePolicy, signatures: ReportSignatureEntry[], errors: string[], skipped: number): ReportSignature {
  const verified = signatures.filter((entry) => entry.verified);
  const invalid = signatures.filter((entry) => !entry.verified && isInvalid(entry));
  let status: SignatureStatus;
  let note: string;
  if (verified.length > 0) {
    status = 'verified';
    note = `Signed by ${[...new Set(verified.map((entry) => entry.signer))].join(', ')}; the signature verifies and names this digest.`;
  } else if (invalid.length > 0) {
    status = 'invalid';
    note = `A signature of this image is invalid: ${invalid[0]?.problem ?? 'it does not verify'}. Do not run this image until it is signed again.`;
  } else if (signatures.length > 0) {
    status = 'untrusted';
    note = `Signed, but not by a trusted signer: ${signatures[0]?.problem ?? 'no trusted key verifies it'}.`;
  } else if (errors.length > 0) {
    status = 'unavailable';
    note = `The signatures could not be looked up: ${errors[0]}`;
  } else {
    status = 'unsigned';
    note = 'No signature found: the registry has no cosign signature tag and no signature referrers for this digest.';
  }
  if (status !== 'unavailable' && errors.length > 0) note += ` (Some signatures could not be read: ${errors[0]})`;
  if (skipped > 0) note += ` The registry lists ${skipped} more signatures than the ${MAX_SIGNATURES} Shipshape reads; they were not checked.`;
  if (policy.required && status !== 'verified') note += ' The signature policy requires a verified signature.';
  return { status, digest, required: policy.required, note, signatures };
}

/** Problems that say the signature is broken or misdirected, as opposed to made by someone not trusted. */
function isInvalid(entry: ReportSignatureEntry): boolean {
  const problem = entry.problem ?? '';
  return !/^(no trusted key|none of the trusted keys|a keyless|Notation signatures|the bundle holds a message signature)/.test(problem);
}
