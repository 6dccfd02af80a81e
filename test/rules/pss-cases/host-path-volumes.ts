// hostPathVolumes: no hostPath volume at either level. At restricted the admission library reports it as a
// restricted volume type instead; Shipshape reports it once, as host-path-volumes (volume-types skips it).
import { at, sweep, type JsonObject, type PssCase } from './pods';

const RULE = 'host-path-volumes';
const fail = () => RULE;
const volumes = (...items: JsonObject[]) => ({ spec: { volumes: items } });

export const hostPathVolumesCases: PssCase[] = [
  ...sweep(RULE, 'emptyDir, configMap, secret and projected volumes', volumes({ name: 'a', emptyDir: {} }, { name: 'b', configMap: { name: 'c' } }, { name: 'c', secret: { secretName: 's' } }, { name: 'd', projected: { sources: [] } }), () => 'pass'),
  ...sweep(RULE, 'a hostPath volume', volumes({ name: 'host', hostPath: { path: '/var/log' } }), fail),
  ...sweep(RULE, 'the Docker socket', volumes({ name: 'docker', hostPath: { path: '/var/run/docker.sock', type: 'Socket' } }), fail),
  at(RULE, 'hostPath next to allowed volumes', 'restricted', 'latest', volumes({ name: 'a', emptyDir: {} }, { name: 'root', hostPath: { path: '/' } }), RULE, 'error'),
  at(RULE, 'hostPath without a path', 'baseline', 'v1.0', volumes({ name: 'empty', hostPath: {} }), RULE),
  at(RULE, 'hostPath in a CronJob', 'restricted', 'v1.25', { kind: 'CronJob', ...volumes({ name: 'etc', hostPath: { path: '/etc' } }) }, RULE, 'error'),
  at(RULE, 'a null hostPath next to an emptyDir is no hostPath', 'baseline', 'latest', volumes({ name: 'x', hostPath: null, emptyDir: {} }), 'pass'),
];
