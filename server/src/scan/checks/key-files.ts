// Which files of an image may hold a private key, judged by name and place: the layer reader keeps the
// contents of these (small) files for image-private-key, and nothing else of the image's many files.
import { baseName, isPackagedSampleData } from './image-paths';

/** Names OpenSSH and PuTTY give to key files. */
const KEY_FILE_NAMES = new Set(['id_rsa', 'id_dsa', 'id_ecdsa', 'id_ed25519', 'id_ecdsa_sk', 'id_ed25519_sk', 'identity']);
const KEY_EXTENSIONS = /\.(pem|key|ppk|p8)$/i;
/** PKCS#12 stores: binary and password-protected, so judged by their presence only. */
const KEY_STORE_EXTENSIONS = /\.(p12|pfx)$/i;

/** Folders where systems keep private keys by convention. */
export const PRIVATE_KEY_FOLDERS = ['etc/ssl/private/', 'etc/pki/tls/private/', 'etc/letsencrypt/archive/', 'etc/letsencrypt/live/'];

/** Files of an `.ssh` folder that hold no private key. */
const PUBLIC_SSH_FILES = /^(known_hosts|authorized_keys2?|config|environment|rc)(\.old)?$|\.pub$/;

/**
 * Folders of CA certificate bundles: their many `.pem` files are public certificates, and reading them all
 * would cost memory on every image for nothing.
 */
const CERTIFICATE_FOLDERS = ['etc/ssl/certs/', 'usr/share/ca-certificates/', 'usr/local/share/ca-certificates/', 'etc/ca-certificates/', 'etc/pki/ca-trust/', 'etc/pki/tls/certs/'];
/** Bundles of public CA certificates shipped by language packages (certifi, pip, botocore). */
const CERTIFICATE_BUNDLES = new Set(['cacert.pem', 'cacerts.pem', 'ca-bundle.pem', 'ca-certificates.pem']);

const SSH_HOST_KEY = /^etc\/ssh\/ssh_host_[a-z0-9]+_key$/;

export function isPrivateKeyCandidate(path: string): boolean {
  if (isPackagedSampleData(path)) return false;
  const name = baseName(path);
  if (SSH_HOST_KEY.test(path)) return true;
  if (PRIVATE_KEY_FOLDERS.some((folder) => path.startsWith(folder))) return true;
  const folders = path.split('/').slice(0, -1);
  if (folders.includes('.ssh')) return !PUBLIC_SSH_FILES.test(name);
  if (KEY_FILE_NAMES.has(name)) return true;
  if (!KEY_EXTENSIONS.test(name)) return false;
  return !CERTIFICATE_BUNDLES.has(name) && !CERTIFICATE_FOLDERS.some((folder) => path.startsWith(folder));
}

export function isKeyStore(path: string): boolean {
  return KEY_STORE_EXTENSIONS.test(baseName(path)) && !isPackagedSampleData(path);
}

/** An OpenSSH server's host key, generated when the package was installed during the build. */
export function isSshHostKey(path: string): boolean {
  return SSH_HOST_KEY.test(path);
}

/**
 * Debian's and Ubuntu's ssl-cert package generates this self-signed "snakeoil" key at install time, so every
 * image that pulls the package in (as a dependency of PostgreSQL, Apache, Postfix, …) has one.
 */
export function isSnakeoilKey(path: string): boolean {
  return path === 'etc/ssl/private/ssl-cert-snakeoil.key';
}
