// allowPrivilegeEscalation (v1.8, restricted only): every container, init and ephemeral included, must set it
// to false explicitly; from v1.25 Windows pods are let through.
import { at, sweep, type PssCase, type PssLevel } from './pods';

const RULE = 'privilege-escalation';
const SINCE = 8;
const WINDOWS_EXEMPT = 25;
const escalation = (value: boolean | null) => ({ securityContext: { allowPrivilegeEscalation: value } });
const restrictedFrom = (level: PssLevel, minor: number) => (level === 'restricted' && minor >= SINCE ? { expected: RULE, severity: 'warning' as const } : 'pass');

export const privilegeEscalationCases: PssCase[] = [
  ...sweep(RULE, 'false on both containers', { container: escalation(false), initContainer: escalation(false) }, () => 'pass'),
  ...sweep(RULE, 'container true', { container: escalation(true) }, restrictedFrom),
  ...sweep(RULE, 'init container true', { initContainer: escalation(true) }, restrictedFrom),
  ...sweep(RULE, 'container unset', { container: escalation(null) }, restrictedFrom),
  ...sweep(RULE, 'Windows pod with it unset', { windows: true, container: escalation(null), initContainer: escalation(null) }, (level, minor) =>
    level === 'restricted' && minor >= SINCE && minor < WINDOWS_EXEMPT ? RULE : 'pass'),
  at(RULE, 'ephemeral container true', 'restricted', 'latest', { ephemeralContainer: escalation(true) }, RULE, 'warning'),
  at(RULE, 'ephemeral container unset', 'restricted', 'v1.8', { ephemeralContainer: escalation(null) }, RULE),
  at(RULE, 'ephemeral container unset before v1.8', 'restricted', 'v1.7', { ephemeralContainer: escalation(null) }, 'pass'),
  at(RULE, 'unset in a Deployment', 'restricted', 'v1.24', { kind: 'Deployment', container: escalation(null) }, RULE),
];
