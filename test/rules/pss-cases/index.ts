// Every Pod Security conformance case, one array per control. Add a control's array on a line of its own.
import { apparmorCases } from './apparmor';
import { capabilitiesCases } from './capabilities';
import { hostNamespacesCases } from './host-namespaces';
import { hostPathVolumesCases } from './host-path-volumes';
import { hostPortsCases } from './host-ports';
import { hostProbesCases } from './host-probes';
import { hostProcessCases } from './host-process';
import type { PssCase } from './pods';
import { privilegeEscalationCases } from './privilege-escalation';
import { privilegedCases } from './privileged';
import { procMountCases } from './proc-mount';
import { runAsNonRootCases } from './run-as-non-root';
import { runAsUserCases } from './run-as-user';
import { seccompCases } from './seccomp';
import { selinuxCases } from './selinux';
import { sysctlsCases } from './sysctls';
import { volumeTypesCases } from './volume-types';

export type { PssCase } from './pods';

export const pssCaseTables: ReadonlyArray<readonly PssCase[]> = [
  apparmorCases,
  capabilitiesCases,
  hostNamespacesCases,
  hostPathVolumesCases,
  hostPortsCases,
  hostProbesCases,
  hostProcessCases,
  privilegeEscalationCases,
  privilegedCases,
  procMountCases,
  runAsNonRootCases,
  runAsUserCases,
  seccompCases,
  selinuxCases,
  sysctlsCases,
  volumeTypesCases,
];

export const pssCases: readonly PssCase[] = pssCaseTables.flat();
