// runAsUser (v1.23, restricted only): 0 is forbidden on the pod and on every container, even where a container
// overrides the pod; unset is allowed. From v1.35 a pod with hostUsers: false is let through.
import { at, sweep, type PssCase, type PssLevel } from './pods';

const RULE = 'run-as-user';
const SINCE = 23;
const RELAXED = 35;
const user = (uid: number) => ({ securityContext: { runAsUser: uid } });
const restrictedFrom = (level: PssLevel, minor: number) => (level === 'restricted' && minor >= SINCE ? { expected: RULE, severity: 'warning' as const } : 'pass');

export const runAsUserCases: PssCase[] = [
  ...sweep(RULE, 'non-zero everywhere', { ...user(1000), container: user(1000), initContainer: user(1000) }, () => 'pass'),
  ...sweep(RULE, '0 on the pod', user(0), restrictedFrom),
  ...sweep(RULE, '0 on the pod, overridden by every container', { ...user(0), container: user(1000), initContainer: user(1000) }, restrictedFrom),
  ...sweep(RULE, '0 on the container', { container: user(0) }, restrictedFrom),
  ...sweep(RULE, '0 on the init container', { initContainer: user(0) }, restrictedFrom),
  ...sweep(RULE, '0 on the pod with hostUsers: false', { spec: { hostUsers: false }, ...user(0) }, (level, minor) =>
    level === 'restricted' && minor >= SINCE && minor < RELAXED ? RULE : 'pass'),
  ...sweep(RULE, '0 on the container with hostUsers: true', { spec: { hostUsers: true }, container: user(0) }, restrictedFrom),
  at(RULE, 'ephemeral container 0', 'restricted', 'latest', { ephemeralContainer: user(0) }, RULE, 'warning'),
  at(RULE, 'ephemeral container 0 with hostUsers: false', 'restricted', 'v1.35', { spec: { hostUsers: false }, ephemeralContainer: user(0) }, 'pass'),
  at(RULE, '0 on the pod in a CronJob', 'restricted', 'v1.23', { kind: 'CronJob', ...user(0) }, RULE),
];
