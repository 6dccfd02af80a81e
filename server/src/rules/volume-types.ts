import { isMap, isSeq, type Node as YamlNode } from 'yaml';
import { nodeAt, pairAt, rangeOf, resolveAlias, stringAt, type PodSpec } from '../engine/languages/kubernetes/model';
import { policyLabel } from '../engine/languages/kubernetes/pss';
import { inWorkload, policyOf, setNode } from '../engine/languages/kubernetes/security-context';
import { defineRule } from '../engine/rule';
import type { TextRange } from '../engine/types';

/** The volume sources restricted allows (restrictedVolumes); `image` counts at every policy version. */
const ALLOWED = ['configMap', 'csi', 'downwardAPI', 'emptyDir', 'ephemeral', 'image', 'persistentVolumeClaim', 'projected', 'secret'];

/** The other sources of the API's VolumeSource, in the admission library's order. */
const RESTRICTED = [
  'hostPath',
  'gcePersistentDisk',
  'awsElasticBlockStore',
  'gitRepo',
  'nfs',
  'iscsi',
  'glusterfs',
  'rbd',
  'flexVolume',
  'cinder',
  'cephfs',
  'flocker',
  'fc',
  'azureFile',
  'vsphereVolume',
  'quobyte',
  'azureDisk',
  'photonPersistentDisk',
  'portworxVolume',
  'scaleIO',
  'storageos',
];

const ALLOWED_TEXT = 'only configMap, csi, downwardAPI, emptyDir, ephemeral, image, persistentVolumeClaim, projected and secret volumes are';

function advice(type: string): string {
  if (type === 'gitRepo') return 'Clone the repository in an init container into an emptyDir volume instead (gitRepo is deprecated and runs git on the node).';
  if (type === 'flexVolume') return 'Use the storage vendor\'s CSI driver instead.';
  return 'Mount the storage through a persistentVolumeClaim bound to a PersistentVolume (or a CSI driver) instead.';
}

export default defineRule({
  meta: {
    id: 'volume-types',
    title: 'Use only the volume types the restricted level allows',
    appliesTo: ['kubernetes'],
    category: 'pod-security',
    defaultSeverity: 'warning',
    securitySeverity: 'medium',
    cwe: ['CWE-668'],
    peers: ['Trivy KSV-0028'],
    docs: {
      rationale:
        'Volumes declared inline in a pod spec talk to storage directly from the node: `nfs`, `iscsi`, `rbd`, `cephfs`, cloud disks, `flexVolume` drivers and the deprecated `gitRepo` (which runs `git` on the node) all give whoever can create pods a path to storage and node-side code that the cluster administrator never approved. The Pod Security Standards **restricted** level therefore allows only `configMap`, `csi`, `downwardAPI`, `emptyDir`, `ephemeral`, `image`, `persistentVolumeClaim`, `projected` and `secret` volumes, at every policy version; any other volume source is refused. (A volume that names no source at all is defaulted to `emptyDir` by the API server before admission, so it passes.) `hostPath` volumes are refused as well, at every level; the `host-path-volumes` rule reports those, so this rule leaves them out rather than reporting them twice. Nothing is reported at the baseline level.',
      remediation:
        'Move the storage behind a `PersistentVolume` and mount it with a `persistentVolumeClaim` (or use the vendor\'s CSI driver): the administrator decides which storage exists, and the pod only claims it. Replace `gitRepo` with an init container that clones into an `emptyDir`. There is no automatic fix, since the right replacement depends on the storage.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      volumeMounts:\n        - name: content\n          mountPath: /usr/share/nginx/html\n  volumes:\n    - name: content\n      nfs:\n        server: nfs.example.internal\n        path: /exports/web\n',
          good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      volumeMounts:\n        - name: content\n          mountPath: /usr/share/nginx/html\n  volumes:\n    - name: content\n      persistentVolumeClaim:\n        claimName: web-content\n',
        },
      ],
      references: [
        { title: 'Kubernetes: Pod Security Standards', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
        { title: 'Kubernetes: Volumes', url: 'https://kubernetes.io/docs/concepts/storage/volumes/' },
        { title: 'Kubernetes: Persistent Volumes', url: 'https://kubernetes.io/docs/concepts/storage/persistent-volumes/' },
      ],
    },
  },
  create(context) {
    return {
      kubernetes: {
        podSpec(podSpec) {
          const policy = policyOf(context, podSpec);
          if (!policy || policy.level !== 'restricted') return;
          const volumes = nodeAt(podSpec.node, 'volumes');
          if (!isSeq(volumes)) return;
          const label = policyLabel(policy, podSpec);
          volumes.items.forEach((entry, index) => {
            const volume = resolveAlias(entry);
            if (!isMap(volume)) return;
            // A source key holding null decodes to no source at all.
            if (ALLOWED.some((type) => setNode(volume, type) !== undefined)) return;
            if (setNode(volume, 'hostPath') !== undefined) return;
            // A volume with no source the API knows is defaulted to emptyDir before admission, so it passes.
            const type = RESTRICTED.find((candidate) => setNode(volume, candidate) !== undefined);
            if (!type) return;
            context.report({
              message: `${inWorkload(podSpec)}, volume "${stringAt(volume, 'name') ?? `#${index + 1}`}" uses the ${type} volume type, which ${label} does not allow: ${ALLOWED_TEXT}. ${advice(type)}`,
              range: keyRange(pairAt(volume, type)?.key) ?? volumeAnchor(volume, podSpec),
            });
          });
        },
      },
    };
  },
});

function keyRange(key: unknown): TextRange | undefined {
  return rangeOf(key as YamlNode | undefined);
}

function volumeAnchor(volume: YamlNode, podSpec: PodSpec): TextRange {
  const name = isMap(volume) ? nodeAt(volume, 'name') : undefined;
  return rangeOf(name) ?? rangeOf(volume) ?? podSpec.keyRange;
}
