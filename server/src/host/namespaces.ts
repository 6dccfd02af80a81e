// Pod Security labels of the Namespace manifests in the linted set: a workload in namespace `prod` is judged
// at the level that `prod`'s `pod-security.kubernetes.io/enforce` label sets, wherever that Namespace is.
import { DEFAULT_MAX_FILE_SIZE } from '../engine/config';
import { detectFileKind } from '../engine/detect';
import { looksLikeTemplate, parseKubernetes } from '../engine/languages/kubernetes/model';
import { namespacePoliciesIn, type NamespacePolicies } from '../engine/languages/kubernetes/pss';
import { readRegularText } from './read-file';

const MENTIONS_NAMESPACE = /kind["']?\s*:\s*["']?Namespace\b/;

export function collectNamespacePolicies(
  paths: readonly string[],
  readText: (path: string) => string = (path) => readRegularText(path, DEFAULT_MAX_FILE_SIZE * 1024 * 1024),
): NamespacePolicies {
  const policies: NamespacePolicies = {};
  for (const path of paths) {
    let text: string;
    try {
      text = readText(path);
    } catch {
      continue; // The main pass reports unreadable files.
    }
    if (!MENTIONS_NAMESPACE.test(text) || looksLikeTemplate(text) || detectFileKind({ path, text }) !== 'kubernetes') continue;
    Object.assign(policies, namespacePoliciesIn(parseKubernetes(text)));
  }
  return policies;
}
