// The rule registry: an explicit, alphabetically sorted list (a test checks it matches the files here).
import type { RuleDefinition } from '../engine/rule';
import addInsteadOfCopy from './add-instead-of-copy';
import addRemoteUnverified from './add-remote-unverified';
import apparmor from './apparmor';
import capabilities from './capabilities';
import chmodWorldWritable from './chmod-world-writable';
import curlPipeShell from './curl-pipe-shell';
import healthcheckMissing from './healthcheck-missing';
import hostNamespaces from './host-namespaces';
import hostDevices from './host-devices';
import hostPathVolumes from './host-path-volumes';
import hostPorts from './host-ports';
import hostProbes from './host-probes';
import hostProcess from './host-process';
import imageApproved from './image-approved';
import imageDigest from './image-digest';
import imageEol from './image-eol';
import imageHeavyBase from './image-heavy-base';
import imageOutdated from './image-outdated';
import imageRegistry from './image-registry';
import imageTagLatest from './image-tag-latest';
import packageNoRecommends from './package-no-recommends';
import pidsLimit from './pids-limit';
import portAllInterfaces from './port-all-interfaces';
import privilegeEscalation from './privilege-escalation';
import privileged from './privileged';
import privilegedBuild from './privileged-build';
import procMount from './proc-mount';
import readonlyRootFilesystem from './readonly-root-filesystem';
import resourceLimits from './resource-limits';
import runAsGroupRoot from './run-as-group-root';
import runAsNonRoot from './run-as-non-root';
import runAsUser from './run-as-user';
import seccomp from './seccomp';
import secretBuildArgEnv from './secret-build-arg-env';
import secretEnvLiteral from './secret-env-literal';
import secretFileCopied from './secret-file-copied';
import secretHardcoded from './secret-hardcoded';
import secretInConfigmap from './secret-in-configmap';
import secretManifest from './secret-manifest';
import selinux from './selinux';
import serviceAccountToken from './service-account-token';
import sshServer from './ssh-server';
import sudo from './sudo';
import suppressionUnused from './suppression-unused';
import syntaxError from './syntax-error';
import sysctls from './sysctls';
import userMissing from './user-missing';
import userNameNotNumeric from './user-name-not-numeric';
import userRoot from './user-root';
import volumeTypes from './volume-types';

export const rules: readonly RuleDefinition[] = [
  addInsteadOfCopy,
  addRemoteUnverified,
  apparmor,
  capabilities,
  chmodWorldWritable,
  curlPipeShell,
  healthcheckMissing,
  hostDevices,
  hostNamespaces,
  hostPathVolumes,
  hostPorts,
  hostProbes,
  hostProcess,
  imageApproved,
  imageDigest,
  imageEol,
  imageHeavyBase,
  imageOutdated,
  imageRegistry,
  imageTagLatest,
  packageNoRecommends,
  pidsLimit,
  portAllInterfaces,
  privilegeEscalation,
  privileged,
  privilegedBuild,
  procMount,
  readonlyRootFilesystem,
  resourceLimits,
  runAsGroupRoot,
  runAsNonRoot,
  runAsUser,
  seccomp,
  secretBuildArgEnv,
  secretEnvLiteral,
  secretFileCopied,
  secretHardcoded,
  secretInConfigmap,
  secretManifest,
  selinux,
  serviceAccountToken,
  sshServer,
  sudo,
  suppressionUnused,
  syntaxError,
  sysctls,
  userMissing,
  userNameNotNumeric,
  userRoot,
  volumeTypes,
];

export const ruleIds: ReadonlySet<string> = new Set(rules.map((rule) => rule.meta.id));

export function findRule(id: string): RuleDefinition | undefined {
  return rules.find((rule) => rule.meta.id === id);
}
