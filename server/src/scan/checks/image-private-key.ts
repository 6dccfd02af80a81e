// Private keys left in the image's files: PEM blocks (RSA, EC, DSA, PKCS#8, OpenSSH, PGP) and PuTTY key files,
// in the files chosen by key-files.ts, plus PKCS#12 key stores by their name alone. Key files that a later
// layer deleted or overwrote are reported too, because the layer that added them still holds them.
import type { ImageFindingSeverity, ReportFinding } from '../../protocol';
import { findCredentials } from '../../engine/secrets';
import type { ImageFile, ImageFiles, RemovedFile } from '../types';
import { byPath, capFindings, displayPath, type ImageCheck } from './image-check';
import { isKeyStore, isPrivateKeyCandidate, isSnakeoilKey, isSshHostKey } from './key-files';
import { currentVersion, firstTimeSeen, REBUILD_WITHOUT_THE_FILE, removedFileStory, removedRegularFiles } from './removed-files';

const ID = 'image-private-key';
const TITLE = 'Private key in the image';
const MAX_FINDINGS = 50;
const REVOKE = 'Revoke it (remove its public key wherever it is trusted, replace certificates issued for it)';
const REMOVE =
  'Deleting the file in a later step does not help, because the layer that added it keeps it: remove it from the build, and give the key to the build with `RUN --mount=type=ssh` or `--mount=type=secret`, or to the container at run time from a secret.';

interface FoundKey {
  /** "an RSA private key", "an OpenSSH private key". */
  kind: string;
  encrypted: boolean;
  /** The key's text without white space, to tell whether another version of the file holds the same key. */
  material: string;
}

/** The cipher of an OpenSSH key (`none` when unencrypted), from the binary header inside its PEM armour. */
function opensshCipher(block: string): string | undefined {
  const body = block.split(/\r?\n/).filter((line) => !line.startsWith('-----')).join('');
  const bytes = Buffer.from(body, 'base64');
  const magic = 'openssh-key-v1\0';
  if (bytes.length < magic.length + 4 || bytes.toString('latin1', 0, magic.length) !== magic) return undefined;
  const length = bytes.readUInt32BE(magic.length);
  const start = magic.length + 4;
  if (length > 64 || start + length > bytes.length) return undefined;
  return bytes.toString('latin1', start, start + length);
}

const PEM_KINDS: Record<string, string> = {
  '': 'a PKCS#8 private key',
  RSA: 'an RSA private key',
  EC: 'an EC private key',
  DSA: 'a DSA private key',
  PGP: 'a PGP private key',
};

function pemKeys(text: string): FoundKey[] {
  return findCredentials(text)
    .filter((match) => match.kind === 'private-key' && !match.placeholder)
    .map((match) => {
      const block = text.slice(match.start, match.end);
      const material = block.replace(/\s+/g, '');
      const type = (/^-----BEGIN ((?:[A-Z0-9]+ )*)PRIVATE KEY/.exec(block)?.[1] ?? '').trim();
      if (type === 'OPENSSH') {
        const cipher = opensshCipher(block);
        return { kind: 'an OpenSSH private key', encrypted: cipher !== undefined && cipher !== 'none', material };
      }
      if (type === 'ENCRYPTED') return { kind: 'a PKCS#8 private key', encrypted: true, material };
      const encrypted = /Proc-Type:\s*4,ENCRYPTED/.test(block);
      return { kind: PEM_KINDS[type] ?? `a private key (${type})`, encrypted, material };
    });
}

function puttyKeys(text: string): FoundKey[] {
  const header = /^PuTTY-User-Key-File-\d+:\s*(\S+)/m.exec(text);
  if (!header) return [];
  const encryption = /^Encryption:\s*(\S+)/m.exec(text)?.[1] ?? 'none';
  return [{ kind: `a PuTTY private key (${header[1] ?? ''})`, encrypted: encryption !== 'none', material: text.replace(/\s+/g, '') }];
}

function keysIn(file: ImageFile): FoundKey[] {
  if (file.content === undefined || !isPrivateKeyCandidate(file.path)) return [];
  // latin1 maps every byte to one character, so a binary file cannot make the text undecodable.
  const text = file.content.toString('latin1');
  return [...pemKeys(text), ...puttyKeys(text)];
}

/** How the keys are described and how bad that is: unencrypted keys first, as they are the worse. */
function describeKeys(keys: FoundKey[]): { severity: ImageFindingSeverity; holds: string } {
  const unencrypted = keys.filter((key) => !key.encrypted);
  const shown = unencrypted.length > 0 ? unencrypted : keys;
  const more = keys.length > 1 ? ` (${keys.length} keys in all)` : '';
  return unencrypted.length > 0
    ? { severity: 'critical', holds: `${shown[0]?.kind ?? 'a private key'} without a passphrase${more}` }
    : { severity: 'high', holds: `${shown[0]?.kind ?? 'a private key'} protected by a passphrase${more}` };
}

function keyFinding(file: ImageFile, imageName: string, keys: FoundKey[]): ReportFinding {
  const where = `File ${displayPath(file.path)} (layer ${file.layerIndex}) of image "${imageName}"`;
  const base = { id: ID, title: TITLE, path: file.path, layerIndex: file.layerIndex };
  if (isSnakeoilKey(file.path)) {
    return {
      ...base,
      severity: 'medium',
      message: `${where} is the self-signed "snakeoil" key that Debian's ssl-cert package generates when it is installed, so every container of the image has the same key and TLS served with it protects nothing. Serve TLS only with a key mounted at run time, and remove this one if nothing needs it.`,
    };
  }
  if (isSshHostKey(file.path)) {
    return {
      ...base,
      severity: 'high',
      message: `${where} is an SSH host key generated during the build: every container of the image shares it, and anyone who pulls the image can pose as any of them. Delete the host keys in the step that installs the SSH server and generate them when the container starts (\`ssh-keygen -A\`).`,
    };
  }
  const { severity, holds } = describeKeys(keys);
  const what =
    severity === 'critical'
      ? `holds ${holds}: anyone who can pull the image can copy it and use it.`
      : `holds ${holds}: anyone who can pull the image can copy it and try passphrases offline.`;
  return { ...base, severity, message: `${where} ${what} ${REVOKE}. ${REMOVE}` };
}

function removedKeyFinding(file: RemovedFile, imageName: string, keys: FoundKey[]): ReportFinding {
  const { severity, holds } = describeKeys(keys);
  const risk = severity === 'critical' ? 'it can be used as it is' : 'its passphrase can be tried offline';
  return {
    id: ID,
    title: TITLE,
    severity,
    path: file.path,
    layerIndex: file.layerIndex,
    message: `${removedFileStory(file, imageName)} It holds ${holds}, and ${risk}. ${REVOKE}, then ${REBUILD_WITHOUT_THE_FILE}`,
  };
}

/**
 * Whether a removed key file is worth a finding. Host keys and the snakeoil key are generated during the build
 * and trusted only while a container serves with them, so a deleted or replaced one protects nothing; and a
 * file whose current version still holds every one of its keys is reported once, for that version.
 */
function reportRemoved(files: ImageFiles, file: RemovedFile, keys: FoundKey[]): boolean {
  if (keys.length === 0 || isSshHostKey(file.path) || isSnakeoilKey(file.path)) return false;
  const current = currentVersion(files, file);
  if (!current) return true;
  const still = new Set(keysIn(current).map((key) => key.material));
  return !keys.every((key) => still.has(key.material));
}

function keyStoreFinding(file: ImageFile, imageName: string): ReportFinding {
  return {
    id: ID,
    title: TITLE,
    severity: 'medium',
    path: file.path,
    layerIndex: file.layerIndex,
    message: `File ${displayPath(file.path)} (layer ${file.layerIndex}) of image "${imageName}" is a PKCS#12 key store, which usually holds a private key protected by a password; anyone who can pull the image can copy it and try passwords offline. If it holds a key that matters, replace the key. ${REMOVE}`,
  };
}

export const imagePrivateKey: ImageCheck = {
  id: ID,
  run(input) {
    const findings: ReportFinding[] = [];
    const seen = new Set<string>();
    const files = [...input.files.files.values()].filter((file) => file.type === 'file').sort(byPath);
    for (const file of files) {
      if (file.size > 0 && isKeyStore(file.path)) {
        if (firstTimeSeen(seen, file)) findings.push(keyStoreFinding(file, input.image.name));
        continue;
      }
      const keys = keysIn(file);
      if (keys.length > 0 && firstTimeSeen(seen, file)) findings.push(keyFinding(file, input.image.name, keys));
    }
    for (const file of removedRegularFiles(input.files)) {
      const keys = keysIn(file);
      if (reportRemoved(input.files, file, keys) && firstTimeSeen(seen, file)) findings.push(removedKeyFinding(file, input.image.name, keys));
    }
    return capFindings(findings, MAX_FINDINGS, (count) => ({
      id: ID,
      title: TITLE,
      severity: 'high',
      message: `${count} more files of image "${input.image.name}" hold private keys; only the first ${MAX_FINDINGS} are listed.`,
    }));
  },
};
