// windowsHostProcess: no hostProcess: true on the pod or any container, at every version and level.
import { at, sweep, type PssCase } from './pods';

const RULE = 'host-process';
const fail = () => RULE;

export const hostProcessCases: PssCase[] = [
  ...sweep(RULE, 'no windowsOptions on a Windows pod', { windows: true }, () => 'pass'),
  ...sweep(RULE, 'hostProcess: false on pod and container', { windows: true, securityContext: { windowsOptions: { hostProcess: false } }, container: { securityContext: { windowsOptions: { hostProcess: false } } } }, () => 'pass'),
  ...sweep(RULE, 'pod hostProcess: true', { windows: true, securityContext: { windowsOptions: { hostProcess: true } } }, fail),
  ...sweep(RULE, 'container hostProcess: true', { windows: true, container: { securityContext: { windowsOptions: { hostProcess: true } } } }, fail),
  at(RULE, 'init container hostProcess: true', 'baseline', 'v1.0', { windows: true, initContainer: { securityContext: { windowsOptions: { hostProcess: true } } } }, RULE, 'error'),
  at(RULE, 'ephemeral container hostProcess: true', 'restricted', 'latest', { windows: true, ephemeralContainer: { securityContext: { windowsOptions: { hostProcess: true } } } }, RULE, 'error'),
  at(RULE, 'a container false does not undo the pod true', 'baseline', 'latest', { windows: true, securityContext: { windowsOptions: { hostProcess: true } }, container: { securityContext: { windowsOptions: { hostProcess: false } } } }, RULE),
  at(RULE, 'windowsOptions without hostProcess', 'restricted', 'v1.25', { windows: true, securityContext: { windowsOptions: { runAsUserName: 'ContainerUser' } } }, 'pass'),
  at(RULE, 'hostProcess in a CronJob', 'baseline', 'v1.24', { kind: 'CronJob', windows: true, container: { securityContext: { windowsOptions: { hostProcess: true } } } }, RULE),
];
