// restrictedVolumes (v1.0, restricted only): configMap, csi, downwardAPI, emptyDir, ephemeral, image,
// persistentVolumeClaim, projected and secret volumes. hostPath is left to host-path-volumes (one finding for one
// violation), and a volume naming no source the API knows is defaulted to emptyDir before admission.
import { at, sweep, type JsonObject, type PssCase } from './pods';

const RULE = 'volume-types';
const volumes = (...items: JsonObject[]) => ({ spec: { volumes: items } });
const ALLOWED: JsonObject[] = [
  { name: 'a', configMap: { name: 'config' } },
  { name: 'b', csi: { driver: 'secrets-store.csi.k8s.io' } },
  { name: 'c', downwardAPI: { items: [{ path: 'labels', fieldRef: { fieldPath: 'metadata.labels' } }] } },
  { name: 'd', emptyDir: {} },
  { name: 'e', ephemeral: { volumeClaimTemplate: { spec: { accessModes: ['ReadWriteOnce'], resources: { requests: { storage: '1Gi' } } } } } },
  { name: 'f', image: { reference: 'registry.example/models:1.0' } },
  { name: 'g', persistentVolumeClaim: { claimName: 'data' } },
  { name: 'h', projected: { sources: [{ serviceAccountToken: { path: 'token' } }] } },
  { name: 'i', secret: { secretName: 'creds' } },
];
const RESTRICTED: Array<[type: string, source: JsonObject]> = [
  ['gcePersistentDisk', { pdName: 'disk' }],
  ['awsElasticBlockStore', { volumeID: 'vol-0123' }],
  ['gitRepo', { repository: 'https://example.com/repo.git' }],
  ['nfs', { server: 'nfs.example', path: '/' }],
  ['iscsi', { targetPortal: '10.0.0.1:3260', iqn: 'iqn.2001-04.com.example:storage', lun: 0 }],
  ['glusterfs', { endpoints: 'gluster', path: 'vol' }],
  ['rbd', { monitors: ['10.0.0.1:6789'], image: 'disk' }],
  ['flexVolume', { driver: 'example/driver' }],
  ['cinder', { volumeID: 'vol' }],
  ['cephfs', { monitors: ['10.0.0.1:6789'] }],
  ['flocker', { datasetName: 'data' }],
  ['fc', { wwids: ['3600508b400105e210000900000490000'] }],
  ['azureFile', { secretName: 'azure', shareName: 'share' }],
  ['vsphereVolume', { volumePath: '[datastore] volumes/disk.vmdk' }],
  ['quobyte', { registry: 'quobyte:7861', volume: 'vol' }],
  ['azureDisk', { diskName: 'disk', diskURI: 'https://example.blob.core.windows.net/vhds/disk.vhd' }],
  ['photonPersistentDisk', { pdID: 'disk' }],
  ['portworxVolume', { volumeID: 'vol' }],
  ['scaleIO', { gateway: 'https://scaleio', system: 'sys', secretRef: { name: 'scaleio' } }],
  ['storageos', { volumeName: 'vol' }],
];

export const volumeTypesCases: PssCase[] = [
  ...sweep(RULE, 'every allowed volume type', volumes(...ALLOWED), () => 'pass'),
  ...sweep(RULE, 'an nfs volume', volumes({ name: 'shared', nfs: { server: 'nfs.example', path: '/' } }), (level) => (level === 'restricted' ? { expected: RULE, severity: 'warning' } : 'pass')),
  ...sweep(RULE, 'a gitRepo volume', volumes({ name: 'repo', gitRepo: { repository: 'https://example.com/repo.git' } }), (level) => (level === 'restricted' ? RULE : 'pass')),
  ...RESTRICTED.flatMap(([type, source]) => [
    at(RULE, `a ${type} volume`, 'restricted', 'latest', volumes({ name: 'data', [type]: source }), RULE, 'warning'),
    at(RULE, `a ${type} volume`, 'baseline', 'latest', volumes({ name: 'data', [type]: source }), 'pass'),
  ]),
  at(RULE, 'an image volume at v1.0', 'restricted', 'v1.0', volumes({ name: 'models', image: { reference: 'registry.example/models:1.0' } }), 'pass'),
  at(RULE, 'hostPath is reported by host-path-volumes only', 'restricted', 'latest', volumes({ name: 'host', hostPath: { path: '/var/log' } }), 'host-path-volumes'),
  at(RULE, 'a volume naming no source defaults to emptyDir', 'restricted', 'latest', volumes({ name: 'scratch' }), 'pass'),
  at(RULE, 'a null nfs next to an emptyDir', 'restricted', 'latest', volumes({ name: 'x', nfs: null, emptyDir: {} }), 'pass'),
  at(RULE, 'a restricted volume on a Windows pod', 'restricted', 'v1.25', { windows: true, ...volumes({ name: 'share', azureFile: { secretName: 'azure', shareName: 'share' } }) }, RULE),
  at(RULE, 'an nfs volume in a Deployment', 'restricted', 'v1.0', { kind: 'Deployment', ...volumes({ name: 'shared', nfs: { server: 'nfs.example', path: '/' } }) }, RULE),
];
