// One code action that applies every securityContext hardening of a container at once: runAsNonRoot,
// allowPrivilegeEscalation, capabilities.drop ALL, the RuntimeDefault seccomp profile and a read-only root
// filesystem. Settings the container already has, itself or through the pod, are left alone; a Windows pod
// only gets runAsNonRoot, since the API rejects the Linux-only fields there. A privileged container or one set
// to run as UID 0 is changed too (privileged: false, a non-root runAsUser), or the result would be refused.
import { isScalar } from 'yaml';
import type { Edit, Fix } from '../../types';
import { booleanValue, nodeAt, type Container } from './model';
import { isWindowsPod } from './pss';
import { addsSysAdmin, ALLOWED_SECCOMP_TYPES, appendScalarItem, capabilityList, effectiveSeccomp, escalationCannotBeDisabled, setNode } from './security-context';
import type { YamlChanges, YamlEditor } from './yaml-edit';
import { mergeInsertions } from './yaml-insert';

/**
 * The fix that hardens one container's securityContext, or undefined when there is nothing left to set.
 * Unsafe: each setting can stop an application that relies on what it takes away (root, set-user-ID
 * programs, capabilities, system calls, a writable image).
 */
export function hardenContainer(container: Container, editor: YamlEditor): Fix | undefined {
  const securityContext: YamlChanges = {};
  const edits: Edit[] = [];

  const runAsNonRoot = setNode(container.securityContext, 'runAsNonRoot') ?? setNode(container.podSpec.securityContext, 'runAsNonRoot');
  if (booleanValue(runAsNonRoot) !== true) securityContext.runAsNonRoot = true;
  // runAsNonRoot: true with runAsUser: 0 (the container's own or the pod's) is a container the kubelet refuses
  // to start, so the hardened container runs as a non-root UID instead (the image must allow that: review).
  const runAsUser = setNode(container.securityContext, 'runAsUser') ?? setNode(container.podSpec.securityContext, 'runAsUser');
  if (isScalar(runAsUser) && Number(runAsUser.value) === 0 && runAsUser.value !== null && runAsUser.value !== '') securityContext.runAsUser = NON_ROOT_UID;
  // The API rejects the Linux-only settings below on a Windows pod.
  if (isWindowsPod(container.podSpec)) return fixOf(container, editor, securityContext, edits);

  // A privileged container has every capability and the host's devices: hardening takes that away first,
  // which also lets allowPrivilegeEscalation: false through (the API rejects it on a privileged container).
  const privileged = booleanValue(nodeAt(container.securityContext, 'privileged')) === true;
  if (privileged) securityContext.privileged = false;
  const escalation = booleanValue(nodeAt(container.securityContext, 'allowPrivilegeEscalation'));
  if (escalation !== false && (privileged ? !addsSysAdmin(container) : !escalationCannotBeDisabled(container))) securityContext.allowPrivilegeEscalation = false;

  const drop = capabilityList(container, 'drop');
  if (!drop?.items.some((item) => item.value === 'ALL')) {
    // An existing list keeps its items and comments; ALL is appended to it.
    const appended = drop?.sequence ? appendScalarItem(editor, drop.sequence, 'ALL') : undefined;
    if (appended) edits.push(appended);
    else securityContext.capabilities = { drop: ['ALL'] };
  }

  const seccomp = effectiveSeccomp(container);
  if (!seccomp || !ALLOWED_SECCOMP_TYPES.has(seccomp.type)) securityContext.seccompProfile = { type: 'RuntimeDefault' };

  if (booleanValue(nodeAt(container.securityContext, 'readOnlyRootFilesystem')) !== true) securityContext.readOnlyRootFilesystem = true;

  return fixOf(container, editor, securityContext, edits);
}

/** The UID the hardened container runs as when it was set to run as root (the one user-missing advises too). */
const NON_ROOT_UID = 10001;

function fixOf(container: Container, editor: YamlEditor, securityContext: YamlChanges, edits: Edit[]): Fix | undefined {
  const all = Object.keys(securityContext).length > 0 ? [...edits, ...editor.ensure(container.node, { securityContext })] : edits;
  if (all.length === 0) return undefined;
  return { title: `Harden container "${container.name}"`, safety: 'unsafe', edits: mergeInsertions(all) };
}
