// hostProbesAndHostLifecycle: from v1.34, no host in the httpGet or tcpSocket of a probe or lifecycle hook.
import { at, sweep, type PssCase } from './pods';

const RULE = 'host-probes';
const SINCE = 34;
const fromV134 = (_level: unknown, minor: number) => (minor >= SINCE ? RULE : 'pass');

export const hostProbesCases: PssCase[] = [
  ...sweep(RULE, 'probes without host', { container: { livenessProbe: { httpGet: { port: 8080 } }, readinessProbe: { tcpSocket: { port: 8080 } } } }, () => 'pass'),
  ...sweep(RULE, 'an empty host', { container: { livenessProbe: { httpGet: { host: '', port: 8080 } } } }, () => 'pass'),
  ...sweep(RULE, 'livenessProbe httpGet host', { container: { livenessProbe: { httpGet: { host: 'bad.host', port: 8080 } } } }, fromV134),
  ...sweep(RULE, 'readinessProbe tcpSocket host', { container: { readinessProbe: { tcpSocket: { host: '8.8.8.8', port: 8080 } } } }, fromV134),
  ...sweep(RULE, 'postStart httpGet host', { container: { lifecycle: { postStart: { httpGet: { host: 'bad.host', port: 8080 } } } } }, fromV134),
  at(RULE, 'startupProbe httpGet 127.0.0.1', 'baseline', 'v1.33', { container: { startupProbe: { httpGet: { host: '127.0.0.1', port: 8080 } } } }, 'pass'),
  at(RULE, 'startupProbe httpGet 127.0.0.1', 'baseline', 'v1.34', { container: { startupProbe: { httpGet: { host: '127.0.0.1', port: 8080 } } } }, RULE, 'error'),
  at(RULE, 'preStop tcpSocket ::1', 'restricted', 'v1.33', { container: { lifecycle: { preStop: { tcpSocket: { host: '::1', port: 8080 } } } } }, 'pass'),
  at(RULE, 'preStop tcpSocket ::1', 'restricted', 'v1.34', { container: { lifecycle: { preStop: { tcpSocket: { host: '::1', port: 8080 } } } } }, RULE, 'error'),
  at(RULE, 'sidecar init container readinessProbe host', 'baseline', 'latest', { initContainer: { restartPolicy: 'Always', readinessProbe: { tcpSocket: { host: '8.8.8.8', port: 8080 } } } }, RULE),
  at(RULE, 'probe host in a Deployment', 'restricted', 'v1.35', { kind: 'Deployment', container: { livenessProbe: { httpGet: { host: 'metadata.internal', port: 80 } } } }, RULE),
];
