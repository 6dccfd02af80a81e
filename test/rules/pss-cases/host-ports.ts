// hostPorts: no non-zero hostPort on any container, at every version and level.
import { at, sweep, type PssCase } from './pods';

const RULE = 'host-ports';
const fail = () => RULE;

export const hostPortsCases: PssCase[] = [
  ...sweep(RULE, 'containerPort only', { container: { ports: [{ containerPort: 8080 }] } }, () => 'pass'),
  ...sweep(RULE, 'hostPort: 0', { container: { ports: [{ containerPort: 8080, hostPort: 0 }] } }, () => 'pass'),
  ...sweep(RULE, 'container hostPort', { container: { ports: [{ containerPort: 8080, hostPort: 8080 }] } }, fail),
  ...sweep(RULE, 'init container hostPort', { initContainer: { ports: [{ containerPort: 9000, hostPort: 9000 }] } }, fail),
  at(RULE, 'a high hostPort is still a hostPort', 'restricted', 'latest', { container: { ports: [{ containerPort: 8080, hostPort: 30080 }] } }, RULE, 'error'),
  at(RULE, 'hostPort on a Windows pod', 'restricted', 'v1.25', { windows: true, container: { ports: [{ containerPort: 80, hostPort: 80 }] } }, RULE),
];
