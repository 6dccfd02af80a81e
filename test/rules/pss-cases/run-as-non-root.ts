// runAsNonRoot (restricted only, v1.0): false anywhere is forbidden; otherwise every container must be true,
// itself or through the pod. From v1.35 a pod with hostUsers: false is let through. No Windows exemption.
import { at, sweep, type PssCase, type PssLevel } from './pods';

const RULE = 'run-as-non-root';
const RELAXED = 35;
const nonRoot = (value: boolean | null) => ({ securityContext: { runAsNonRoot: value } });
const podUnset = nonRoot(null);
const restricted = (level: PssLevel) => (level === 'restricted' ? { expected: RULE, severity: 'warning' as const } : 'pass');
const restrictedUntilRelaxed = (level: PssLevel, minor: number) => (level === 'restricted' && minor < RELAXED ? RULE : 'pass');

export const runAsNonRootCases: PssCase[] = [
  ...sweep(RULE, 'true on the pod', nonRoot(true), () => 'pass'),
  ...sweep(RULE, 'true on every container, not on the pod', { ...podUnset, container: nonRoot(true), initContainer: nonRoot(true) }, () => 'pass'),
  ...sweep(RULE, 'unset everywhere', podUnset, restricted),
  ...sweep(RULE, 'false on the pod', nonRoot(false), restricted),
  ...sweep(RULE, 'false on the pod, true on every container', { ...nonRoot(false), container: nonRoot(true), initContainer: nonRoot(true) }, restricted),
  ...sweep(RULE, 'false on the container', { container: nonRoot(false) }, restricted),
  ...sweep(RULE, 'false on the init container', { initContainer: nonRoot(false) }, restricted),
  ...sweep(RULE, 'unset on the init container only, pod unset', { ...podUnset, container: nonRoot(true) }, restricted),
  ...sweep(RULE, 'unset everywhere with hostUsers: false', { spec: { hostUsers: false }, ...podUnset }, restrictedUntilRelaxed),
  ...sweep(RULE, 'false on the container with hostUsers: false', { spec: { hostUsers: false }, container: nonRoot(false) }, restrictedUntilRelaxed),
  ...sweep(RULE, 'unset everywhere with hostUsers: true', { spec: { hostUsers: true }, ...podUnset }, restricted),
  ...sweep(RULE, 'Windows pod with it unset', { windows: true, ...podUnset }, restricted),
  at(RULE, 'ephemeral container false', 'restricted', 'latest', { ephemeralContainer: nonRoot(false) }, RULE, 'warning'),
  at(RULE, 'ephemeral container false with hostUsers: false', 'restricted', 'v1.35', { spec: { hostUsers: false }, ephemeralContainer: nonRoot(false) }, 'pass'),
  at(RULE, 'ephemeral container false with hostUsers: false', 'restricted', 'v1.34', { spec: { hostUsers: false }, ephemeralContainer: nonRoot(false) }, RULE),
  at(RULE, 'unset in a Deployment', 'restricted', 'v1.0', { kind: 'Deployment', ...podUnset }, RULE),
];
