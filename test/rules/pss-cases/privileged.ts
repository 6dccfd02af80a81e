// privileged: no container (init and ephemeral included) may set securityContext.privileged: true.
import { at, sweep, type PssCase } from './pods';

const RULE = 'privileged';
const fail = () => RULE;

export const privilegedCases: PssCase[] = [
  ...sweep(RULE, 'privileged: false', { container: { securityContext: { privileged: false } }, initContainer: { securityContext: { privileged: false } } }, () => 'pass'),
  ...sweep(RULE, 'container privileged: true', { container: { securityContext: { privileged: true } } }, fail),
  ...sweep(RULE, 'init container privileged: true', { initContainer: { securityContext: { privileged: true } } }, fail),
  at(RULE, 'ephemeral container privileged: true', 'baseline', 'v1.0', { ephemeralContainer: { securityContext: { privileged: true } } }, RULE, 'error'),
  at(RULE, 'ephemeral container privileged: true', 'restricted', 'latest', { ephemeralContainer: { securityContext: { privileged: true } } }, RULE, 'error'),
  at(RULE, 'privileged Windows container', 'restricted', 'v1.25', { windows: true, container: { securityContext: { privileged: true } } }, RULE),
  at(RULE, 'privileged in a Deployment', 'baseline', 'latest', { kind: 'Deployment', container: { securityContext: { privileged: true } } }, RULE),
];
