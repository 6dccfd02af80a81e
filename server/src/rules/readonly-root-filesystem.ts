import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { booleanValue, nodeAt, pairAt, rangeOf, resolveAlias, stringAt, type Container } from '../engine/languages/kubernetes/model';
import { isWindowsPod } from '../engine/languages/kubernetes/pss';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { appendMapItem, mergeInsertions } from '../engine/languages/kubernetes/yaml-insert';
import { defineRule } from '../engine/rule';
import type { Edit, Fix } from '../engine/types';

const SET_TITLE = 'Set readOnlyRootFilesystem: true';
const SET_AND_MOUNT_TITLE = 'Set readOnlyRootFilesystem: true and mount an emptyDir at /tmp';

function normalisePath(path: string): string {
  return path.trim().replace(/\/+$/, '') || '/';
}

/** Whether one of the container's volume mounts is at /tmp. */
function mountsTmp(container: Container): boolean {
  const mounts = nodeAt(container.node, 'volumeMounts');
  if (!isSeq(mounts)) return false;
  return mounts.items.some((item) => {
    const mount = resolveAlias(item);
    const path = isMap(mount) ? stringAt(mount, 'mountPath') : undefined;
    return path !== undefined && normalisePath(path) === '/tmp';
  });
}

/** An emptyDir volume to mount at /tmp: an existing one named like that, or a free name for a new one. */
function tmpVolume(container: Container): { name: string; exists: boolean } {
  const volumes = nodeAt(container.podSpec.node, 'volumes');
  const byName = new Map<string, boolean>();
  if (isSeq(volumes)) {
    for (const item of volumes.items) {
      const volume = resolveAlias(item);
      const name = isMap(volume) ? stringAt(volume, 'name') : undefined;
      if (isMap(volume) && name !== undefined) byName.set(name, pairAt(volume, 'emptyDir') !== undefined);
    }
  }
  for (const name of ['tmp', 'tmp-dir']) {
    if (byName.get(name) === true) return { name, exists: true };
    if (!byName.has(name)) return { name, exists: false };
  }
  let index = 2;
  while (byName.has(`tmp-${index}`)) index++;
  return { name: `tmp-${index}`, exists: false };
}

export default defineRule({
  meta: {
    id: 'readonly-root-filesystem',
    title: 'Run containers with a read-only root filesystem',
    appliesTo: ['kubernetes'],
    category: 'hardening',
    defaultSeverity: 'warning',
    securitySeverity: 'medium',
    fix: 'unsafe',
    cwe: ['CWE-732'],
    peers: ['Trivy KSV-0014', 'Checkov CKV_K8S_22', 'kube-linter no-read-only-root-fs', 'Polaris notReadOnlyRootFilesystem'],
    docs: {
      rationale:
        'A container whose root filesystem is writable lets anyone who gets code execution in it replace binaries and libraries, drop tools, and persist changes for as long as the container lives. With `readOnlyRootFilesystem: true` the image stays exactly as built, and the places the application really writes to are explicit volumes you can see in the manifest. The rule checks init and regular containers; ephemeral debug containers (`kubectl debug`) and Windows pods, where the setting is not supported, are skipped.',
      remediation:
        'Set `securityContext.readOnlyRootFilesystem: true` on every container, and give the application `emptyDir` volumes for the paths it writes to: at least `/tmp`, often also a cache or run directory (`/var/cache/nginx`, `/var/run`). The fix sets the flag and, when nothing is mounted at `/tmp`, adds an `emptyDir` volume named `tmp` mounted there; a second fix sets only the flag. Test the workload afterwards: an application that writes elsewhere fails with "read-only file system" until that path gets a volume too.',
      examples: [
        {
          kind: 'kubernetes',
          bad: 'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n',
          good:
            'apiVersion: v1\nkind: Pod\nmetadata:\n  name: web\nspec:\n  containers:\n    - name: app\n      image: nginx:1.27\n      securityContext:\n        readOnlyRootFilesystem: true\n      volumeMounts:\n        - name: tmp\n          mountPath: /tmp\n  volumes:\n    - name: tmp\n      emptyDir: {}\n',
        },
      ],
      references: [
        { title: 'Kubernetes: Configure a Security Context for a Pod or Container', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/security-context/' },
        { title: 'Kubernetes: emptyDir volumes', url: 'https://kubernetes.io/docs/concepts/storage/volumes/#emptydir' },
        { title: 'Kubernetes: Security checklist', url: 'https://kubernetes.io/docs/concepts/security/security-checklist/' },
      ],
    },
  },
  create(context) {
    const fixesFor = (container: Container): Fix[] => {
      const editor = YamlEditor.for(context.file.text);
      const setFlag = editor.ensure(container.node, { securityContext: { readOnlyRootFilesystem: true } });
      const plain: Fix = { title: SET_TITLE, safety: 'unsafe', edits: setFlag };
      if (mountsTmp(container)) return [plain];
      const volume = tmpVolume(container);
      const mount = appendMapItem(editor, container.node, 'volumeMounts', { name: volume.name, mountPath: '/tmp' });
      const addVolume = volume.exists ? undefined : appendMapItem(editor, container.podSpec.node, 'volumes', { name: volume.name, emptyDir: {} });
      if (!mount || (!volume.exists && !addVolume)) return [plain];
      // At equal indentation the mount item must come before container keys, and those before the pod's volume.
      const edits: Edit[] = [mount, ...setFlag, ...(addVolume ? [addVolume] : [])];
      return [{ title: SET_AND_MOUNT_TITLE, safety: 'unsafe', edits: mergeInsertions(edits) }, plain];
    };

    return {
      kubernetes: {
        container(container) {
          if (container.group === 'ephemeralContainers' || isWindowsPod(container.podSpec)) return;
          const pair = container.securityContext ? pairAt(container.securityContext, 'readOnlyRootFilesystem') : undefined;
          const written = (resolveAlias(pair?.value) ?? undefined) as YamlNode | undefined;
          const value = isScalar(written) && written.value === null ? undefined : written;
          const setting = booleanValue(value);
          if (setting === true) return;
          const where = `${container.label} of ${container.podSpec.resource.label}`;
          const tmpNote = mountsTmp(container) ? '' : ' and mount an emptyDir where it must write (such as /tmp)';
          if (setting === false) {
            context.report({
              message: `The root filesystem of ${where} is writable (readOnlyRootFilesystem: false), so code running in it can replace the image's binaries and drop tools. Set it to true${tmpNote}.`,
              range: rangeOf(value) ?? container.anchor,
              fixes: fixesFor(container),
            });
            return;
          }
          context.report({
            message: `The root filesystem of ${where} is writable (readOnlyRootFilesystem is ${value ? 'not the boolean true' : 'not set'}), so code running in it can replace the image's binaries and drop tools. Set securityContext.readOnlyRootFilesystem: true${tmpNote}.`,
            range: (value && rangeOf(value)) ?? container.anchor,
            fixes: fixesFor(container),
          });
        },
      },
    };
  },
});
