import { isMap, isSeq, type Node as YamlNode } from 'yaml';
import { nodeAt, pairAt, rangeOf, resolveAlias, scalarAt, stringAt } from '../engine/languages/kubernetes/model';
import { policyLabel } from '../engine/languages/kubernetes/pss';
import { inWorkload, policyOf } from '../engine/languages/kubernetes/security-context';
import { defineRule } from '../engine/rule';
import type { TextRange } from '../engine/types';
import { fieldOf, placeValue, type ComposeModel, type ComposeService } from '../engine/languages/compose/model';
import { mountOf } from '../engine/languages/compose/service-settings';
import type { RuleContext } from '../engine/rule';

/**
 * Host paths that hand the node to whoever can write to (or through) them, by normalised path
 * (`/var/run` is a link to `/run` on every current distribution, so both spellings meet here).
 */
const HOST_TAKEOVER: Record<string, string> = {
  '/': 'the node\'s whole file system',
  '/etc': 'the node\'s configuration, with its users, cron jobs and kubelet credentials',
  '/proc': 'the node\'s /proc, with every host process and writable kernel settings such as core_pattern',
  '/sys': 'the node\'s /sys, with kernel, cgroup and device settings',
  '/root': 'the home of the node\'s root user, with its SSH keys and credentials',
  '/var/lib/kubelet': 'the kubelet\'s state, with the secrets and service-account tokens of every pod on the node',
  '/run': 'the node\'s runtime state, with the container runtime socket',
  '/run/docker.sock': 'the Docker socket, which starts privileged containers on request',
  '/run/containerd/containerd.sock': 'the containerd socket, which starts privileged containers on request',
  '/run/crio/crio.sock': 'the CRI-O socket, which starts privileged containers on request',
};

/** `/var/run//docker.sock/` → `/run/docker.sock`. */
function normaliseHostPath(path: string): string {
  let normal = path.trim().replace(/\/{2,}/g, '/');
  if (normal.length > 1) normal = normal.replace(/\/+$/, '');
  if (normal === '/var/run' || normal.startsWith('/var/run/')) normal = normal.slice('/var'.length);
  return normal;
}

export default defineRule({
  meta: {
    id: 'host-path-volumes',
    title: 'Do not mount directories or files of the node with hostPath',
    appliesTo: ['kubernetes', 'compose'],
    category: 'pod-security',
    defaultSeverity: 'error',
    securitySeverity: 'high',
    cwe: ['CWE-668'],
    peers: ['Trivy KSV-0023', 'Trivy KSV-0006', 'Trivy KSV-0121', 'Checkov CKV_K8S_27', 'kube-linter docker-sock', 'kube-linter sensitive-host-mounts'],
    docs: {
      rationale:
        'A `hostPath` volume mounts a file or directory of the node into the pod. Many paths hand over the node outright: the container runtime socket (`/var/run/docker.sock`, `/run/containerd/containerd.sock`) starts privileged containers on request, `/`, `/etc` or `/root` let the pod plant cron jobs and SSH keys, `/proc` and `/sys` expose writable kernel settings, and `/var/lib/kubelet` holds the secrets of every pod on the node; even harmless-looking paths leak other workloads\' data and tie the pod to one node\'s disk. The Pod Security Standards baseline forbids every `hostPath` volume at every policy version. At the restricted level the admission library reports them under "restricted volume types"; Shipshape reports a hostPath volume once, here, as the baseline violation it is, and `volume-types` reports the other types restricted forbids.',
      remediation:
        'Use a volume that does not reach into the node: `emptyDir` for scratch space, a `persistentVolumeClaim` for data, `configMap`, `secret` or `projected` for configuration, a CSI driver for anything else. Node agents that really need the node\'s files belong in a namespace labelled `pod-security.kubernetes.io/enforce: privileged`. There is no automatic fix: what replaces the mount depends on what the application reads from it.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ci-runner\nspec:\n  containers:\n    - name: runner\n      image: docker:27-cli\n      volumeMounts:\n        - name: docker\n          mountPath: /var/run/docker.sock\n  volumes:\n    - name: docker\n      hostPath:\n        path: /var/run/docker.sock\n',
          good: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: ci-runner\nspec:\n  containers:\n    - name: runner\n      image: docker:27-cli\n      volumeMounts:\n        - name: work\n          mountPath: /work\n  volumes:\n    - name: work\n      emptyDir: {}\n',
        },
        {
          kind: 'compose',
          bad: 'services:\n  ci:\n    image: docker:27-cli\n    volumes:\n      - /var/run/docker.sock:/var/run/docker.sock\n',
          good: 'services:\n  ci:\n    image: docker:27-cli\n    volumes:\n      - ./work:/work\n',
        },
      ],
      references: [
        { title: 'Kubernetes: Pod Security Standards', url: 'https://kubernetes.io/docs/concepts/security/pod-security-standards/' },
        { title: 'Kubernetes: Volumes (hostPath)', url: 'https://kubernetes.io/docs/concepts/storage/volumes/#hostpath' },
      ],
    },
  },
  create(context) {
    return {
      compose: {
        service(service) {
          if (context.compose) checkComposeMounts(context, context.compose, service);
        },
      },
      kubernetes: {
        podSpec(podSpec) {
          const volumes = nodeAt(podSpec.node, 'volumes');
          if (!isSeq(volumes)) return;
          const policy = policyOf(context, podSpec);
          if (!policy) return;
          for (const entry of volumes.items) {
            const volume = resolveAlias(entry);
            if (!isMap(volume)) continue;
            const hostPath = nodeAt(volume, 'hostPath');
            // The API reads `hostPath: null` as no hostPath at all.
            if (!isMap(hostPath)) continue;
            const name = stringAt(volume, 'name');
            const path = stringAt(hostPath, 'path');
            const pathNode = scalarAt(hostPath, 'path');
            const keyRange = rangeOf(pairAt(volume, 'hostPath')?.key as YamlNode | undefined);
            const range: TextRange = (path ? rangeOf(pathNode) : undefined) ?? keyRange ?? podSpec.keyRange;
            const volumeLabel = name !== undefined ? `volume "${name}"` : 'a volume';
            const takeover = path !== undefined ? HOST_TAKEOVER[normaliseHostPath(path)] : undefined;
            const what =
              path === undefined || path.trim() === ''
                ? 'is a hostPath volume without a path'
                : takeover !== undefined
                  ? `mounts ${path} from the node (${takeover}), which can be enough to take over the node`
                  : `mounts ${path} from the node (hostPath), which exposes the node's files and ties the pod to that node's disk`;
            context.report({
              message: `${inWorkload(podSpec)}, ${volumeLabel} ${what}. Use an emptyDir, a persistentVolumeClaim, a configMap or a secret instead (${policyLabel(policy, podSpec)}).`,
              range,
            });
          }
        },
      },
    };
  },
});

/** Host paths whose whole tree is sensitive in Compose bind mounts (beyond HOST_TAKEOVER's exact paths). */
const COMPOSE_SENSITIVE_TREES: Record<string, string> = {
  '/proc': 'the host\'s /proc, with every host process and writable kernel settings',
  '/sys': 'the host\'s /sys, with kernel, cgroup and device settings',
  '/boot': 'the host\'s kernel and boot loader',
  '/root': 'the home of the host\'s root user, with its SSH keys and credentials',
  '/var/lib/docker': 'Docker\'s own state, with the files of every container and image',
  '/var/lib/kubelet': 'the kubelet\'s state, with the secrets of every pod on the node',
};
const COMPOSE_SENSITIVE_PATHS: Record<string, string> = {
  '/': 'the host\'s whole file system',
  '/etc': 'the host\'s configuration, with its users, sudoers and cron jobs',
  '/dev': 'every device of the host',
  '/run/docker.sock': 'the Docker socket: whoever can write to it starts privileged containers and owns the host',
  '/run/containerd/containerd.sock': 'the containerd socket: whoever can write to it starts privileged containers and owns the host',
  '/run/crio/crio.sock': 'the CRI-O socket: whoever can write to it starts privileged containers and owns the host',
  '/run/podman/podman.sock': 'the Podman socket: whoever can write to it starts privileged containers and owns the host',
};

function sensitiveHostPath(path: string): string | undefined {
  const normal = normaliseHostPath(path);
  if (COMPOSE_SENSITIVE_PATHS[normal]) return COMPOSE_SENSITIVE_PATHS[normal];
  if (/\/(docker|containerd|podman|crio)\.sock$/.test(normal)) return 'a container engine socket: whoever can write to it starts privileged containers and owns the host';
  for (const [tree, what] of Object.entries(COMPOSE_SENSITIVE_TREES)) if (normal === tree || normal.startsWith(`${tree}/`)) return what;
  return undefined;
}

function checkComposeMounts(context: RuleContext, model: ComposeModel, service: ComposeService): void {
  const volumes = service.settings.get('volumes');
  if (volumes?.kind !== 'list') return;
  for (const item of volumes.items) {
    const mount = mountOf(model, item);
    if (!mount || mount.type !== 'bind' || mount.source === undefined) continue;
    const what = sensitiveHostPath(mount.source);
    if (!what) continue;
    // Long syntax: the finding goes on the `source:` line, which is what to change.
    const source = fieldOf(item, 'source');
    const place = source ? placeValue(model, source) : placeValue(model, item, 'value');
    if (!place) continue;
    context.report({
      message: `${service.label} bind-mounts ${mount.source} from the host (${what}). Remove the mount, or mount only the file or folder the service needs, read-only.`,
      range: place.range,
      related: place.related,
    });
  }
}
