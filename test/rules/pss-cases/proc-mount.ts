// procMount (baseline) and procMount_restricted: only Default. From v1.35 baseline allows any value in a pod
// with hostUsers: false; restricted (procMount_restricted, v1.35+) does not, so that case is a warning.
import { at, sweep, type PssCase } from './pods';

const RULE = 'proc-mount';
const RELAXED = 35;
const unmasked = { securityContext: { procMount: 'Unmasked' } };

export const procMountCases: PssCase[] = [
  ...sweep(RULE, 'procMount: Default', { container: { securityContext: { procMount: 'Default' } } }, () => 'pass'),
  ...sweep(RULE, 'Unmasked without a user namespace', { container: unmasked }, () => ({ expected: RULE, severity: 'error' })),
  ...sweep(RULE, 'Unmasked with hostUsers: false', { spec: { hostUsers: false }, container: unmasked }, (level, minor) => {
    if (minor < RELAXED) return { expected: RULE, severity: 'error' };
    return level === 'baseline' ? 'pass' : { expected: RULE, severity: 'warning' };
  }),
  ...sweep(RULE, 'Unmasked with hostUsers: true', { spec: { hostUsers: true }, container: unmasked }, () => RULE),
  at(RULE, 'init container Unmasked', 'baseline', 'v1.0', { initContainer: unmasked }, RULE, 'error'),
  at(RULE, 'ephemeral container Unmasked', 'restricted', 'latest', { ephemeralContainer: unmasked }, RULE, 'error'),
  at(RULE, 'ephemeral container Unmasked with hostUsers: false', 'baseline', 'v1.35', { spec: { hostUsers: false }, ephemeralContainer: unmasked }, 'pass'),
  at(RULE, 'ephemeral container Unmasked with hostUsers: false', 'restricted', 'v1.35', { spec: { hostUsers: false }, ephemeralContainer: unmasked }, RULE, 'warning'),
  at(RULE, 'Unmasked in a Deployment with hostUsers: false', 'baseline', 'v1.34', { kind: 'Deployment', spec: { hostUsers: false }, container: unmasked }, RULE, 'error'),
];
