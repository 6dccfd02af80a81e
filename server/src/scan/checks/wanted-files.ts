// Which file contents the layer reader keeps for the image checks. Every file's metadata (mode, owner, size)
// is kept anyway; contents only for the few files a check reads, so scanning a large image keeps little.
import type { FileWanted } from '../types';
import { credentialFileFormat } from './credential-file-formats';
import { baseName, normaliseImagePath } from './image-paths';
import { isPrivateKeyCandidate, PRIVATE_KEY_FOLDERS } from './key-files';

/** Key and credential files are a few kilobytes; a bigger file of that name is data, not a secret someone left. */
export const MAX_CHECKED_FILE_BYTES = 256 * 1024;

/** Read by image-user-root to tell whether a named user has uid 0. */
export const PASSWD_PATH = 'etc/passwd';

/**
 * Every file name that key-files.ts or credential-file-formats.ts may accept, as one test. The reader asks
 * about every entry of every layer (hundreds of thousands in a large image); nearly all fail this test and
 * cost nothing more. It may accept more than the matchers do, never less.
 */
const CANDIDATE_NAMES =
  /^(passwd|id_\w+|identity|ssh_host_\w+_key|config(\.json)?|\.dockercfg|\.?npmrc|\.yarnrc\.yml|\.git-credentials|credentials(\.toml|\.json)?|\.pypirc|pip\.(conf|ini)|[._]netrc|\.pgpass|kubeconfig|application_default_credentials\.json|adc\.json|service[-_]?account.*\.json|accessTokens\.json|msal_token_cache\.json|service_principal_entries\.json|hosts\.yml|settings\.xml|gradle\.properties|\.env(\..+)?)$|\.(pem|key|ppk|p8|kubeconfig|tfvars)$/i;

function mayBeWanted(path: string): boolean {
  return CANDIDATE_NAMES.test(baseName(path)) || path.includes('.ssh/') || PRIVATE_KEY_FOLDERS.some((folder) => path.startsWith(folder));
}

export const IMAGE_CHECK_FILES: FileWanted = (path, size) => {
  if (size > MAX_CHECKED_FILE_BYTES) return false;
  const normalised = normaliseImagePath(path);
  if (!mayBeWanted(normalised)) return false;
  return normalised === PASSWD_PATH || isPrivateKeyCandidate(normalised) || credentialFileFormat(normalised) !== undefined;
};
