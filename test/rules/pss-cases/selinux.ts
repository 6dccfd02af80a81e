// seLinuxOptions: type within the allowed set (container_engine_t from v1.31), no user or role, on the pod and
// every container; level is not restricted.
import { at, sweep, type PssCase } from './pods';

const RULE = 'selinux';
const fail = () => RULE;

export const selinuxCases: PssCase[] = [
  ...sweep(RULE, 'allowed types and a level', { securityContext: { seLinuxOptions: { type: 'container_t', level: 's0:c1,c2' } }, initContainer: { securityContext: { seLinuxOptions: { type: 'container_init_t' } } }, container: { securityContext: { seLinuxOptions: { type: 'container_kvm_t' } } } }, () => 'pass'),
  ...sweep(RULE, 'empty type, user and role', { container: { securityContext: { seLinuxOptions: { type: '', user: '', role: '' } } } }, () => 'pass'),
  ...sweep(RULE, 'container_engine_t', { container: { securityContext: { seLinuxOptions: { type: 'container_engine_t' } } } }, (_level, minor) => (minor >= 31 ? 'pass' : RULE)),
  ...sweep(RULE, 'pod type spc_t', { securityContext: { seLinuxOptions: { type: 'spc_t' } } }, fail),
  ...sweep(RULE, 'container user', { container: { securityContext: { seLinuxOptions: { user: 'system_u' } } } }, fail),
  ...sweep(RULE, 'pod role', { securityContext: { seLinuxOptions: { role: 'system_r' } } }, fail),
  at(RULE, 'container_engine_t on the pod', 'baseline', 'v1.30', { securityContext: { seLinuxOptions: { type: 'container_engine_t' } } }, RULE, 'error'),
  at(RULE, 'container_engine_t on the pod', 'baseline', 'v1.31', { securityContext: { seLinuxOptions: { type: 'container_engine_t' } } }, 'pass'),
  at(RULE, 'init container type foo', 'restricted', 'latest', { initContainer: { securityContext: { seLinuxOptions: { type: 'foo' } } } }, RULE, 'error'),
  at(RULE, 'ephemeral container type unconfined_t', 'baseline', 'latest', { ephemeralContainer: { securityContext: { seLinuxOptions: { type: 'unconfined_t' } } } }, RULE),
  at(RULE, 'an allowed container type does not undo a bad pod type', 'restricted', 'v1.31', { securityContext: { seLinuxOptions: { type: 'spc_t' } }, container: { securityContext: { seLinuxOptions: { type: 'container_t' } } } }, RULE),
  at(RULE, 'seLinuxOptions in a CronJob', 'baseline', 'v1.0', { kind: 'CronJob', container: { securityContext: { seLinuxOptions: { role: 'sysadm_r' } } } }, RULE),
];
