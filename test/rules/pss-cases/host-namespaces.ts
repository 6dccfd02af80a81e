// hostNamespaces: hostNetwork, hostPID and hostIPC must be unset or false, at every version and level.
import { at, sweep, type PssCase } from './pods';

const RULE = 'host-namespaces';
const fail = () => RULE;

export const hostNamespacesCases: PssCase[] = [
  ...sweep(RULE, 'all three false', { spec: { hostNetwork: false, hostPID: false, hostIPC: false } }, () => 'pass'),
  ...sweep(RULE, 'hostNetwork: true', { spec: { hostNetwork: true } }, fail),
  ...sweep(RULE, 'hostPID: true', { spec: { hostPID: true } }, fail),
  ...sweep(RULE, 'hostIPC: true', { spec: { hostIPC: true } }, fail),
  at(RULE, 'all three true in a Deployment', 'restricted', 'latest', { kind: 'Deployment', spec: { hostNetwork: true, hostPID: true, hostIPC: true } }, RULE, 'error'),
  at(RULE, 'hostNetwork on a Windows pod', 'baseline', 'v1.25', { windows: true, spec: { hostNetwork: true } }, RULE),
  at(RULE, 'shareProcessNamespace is not the host PID namespace', 'restricted', 'latest', { spec: { shareProcessNamespace: true } }, 'pass'),
];
