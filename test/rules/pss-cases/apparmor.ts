// appArmorProfile: the profile type (pod and every container) must be RuntimeDefault or Localhost, and the
// deprecated container.apparmor.security.beta.kubernetes.io/* pod annotations runtime/default, localhost/* or empty.
import { at, sweep, type PssCase } from './pods';

const RULE = 'apparmor';
const fail = () => RULE;
const ANNOTATION = 'container.apparmor.security.beta.kubernetes.io/app';

export const apparmorCases: PssCase[] = [
  ...sweep(RULE, 'RuntimeDefault on the pod, Localhost on the container', { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } }, container: { securityContext: { appArmorProfile: { type: 'Localhost', localhostProfile: 'k8s-app' } } } }, () => 'pass'),
  ...sweep(RULE, 'annotations runtime/default and localhost/*', { annotations: { [ANNOTATION]: 'runtime/default', 'container.apparmor.security.beta.kubernetes.io/init': 'localhost/k8s-init' } }, () => 'pass'),
  ...sweep(RULE, 'pod appArmorProfile Unconfined', { securityContext: { appArmorProfile: { type: 'Unconfined' } } }, fail),
  ...sweep(RULE, 'container appArmorProfile Unconfined', { container: { securityContext: { appArmorProfile: { type: 'Unconfined' } } } }, fail),
  ...sweep(RULE, 'annotation unconfined', { annotations: { [ANNOTATION]: 'unconfined' } }, fail),
  at(RULE, 'empty annotation value', 'baseline', 'latest', { annotations: { [ANNOTATION]: '' } }, 'pass'),
  at(RULE, 'init container appArmorProfile Unconfined', 'baseline', 'v1.30', { initContainer: { securityContext: { appArmorProfile: { type: 'Unconfined' } } } }, RULE, 'error'),
  at(RULE, 'ephemeral container appArmorProfile Unconfined', 'restricted', 'latest', { ephemeralContainer: { securityContext: { appArmorProfile: { type: 'Unconfined' } } } }, RULE, 'error'),
  at(RULE, 'a container RuntimeDefault does not undo the pod Unconfined', 'restricted', 'latest', { securityContext: { appArmorProfile: { type: 'Unconfined' } }, container: { securityContext: { appArmorProfile: { type: 'RuntimeDefault' } } } }, RULE),
  at(RULE, 'annotation on a Deployment pod template', 'baseline', 'v1.29', { kind: 'Deployment', annotations: { [ANNOTATION]: 'unconfined' } }, RULE),
  at(RULE, 'annotation for a container the pod does not have', 'restricted', 'v1.0', { annotations: { 'container.apparmor.security.beta.kubernetes.io/other': 'unconfined' } }, RULE),
  at(RULE, 'appArmorProfile on a Windows pod', 'restricted', 'v1.25', { windows: true, container: { securityContext: { appArmorProfile: { type: 'Unconfined' } } } }, RULE),
];
