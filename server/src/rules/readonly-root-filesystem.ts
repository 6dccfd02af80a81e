import { isMap, isScalar, isSeq, type Node as YamlNode } from 'yaml';
import { booleanValue, nodeAt, pairAt, rangeOf, resolveAlias, stringAt, type Container } from '../engine/languages/kubernetes/model';
import { isWindowsPod } from '../engine/languages/kubernetes/pss';
import { YamlEditor } from '../engine/languages/kubernetes/yaml-edit';
import { appendMapItem, mergeInsertions } from '../engine/languages/kubernetes/yaml-insert';
import { defineRule } from '../engine/rule';
import type { Edit, Fix } from '../engine/types';
import { ensureInService, setValueEdits } from '../engine/languages/compose/edits';
import { booleanSetting, placeService, placeValue, type ComposeModel, type ComposeService } from '../engine/languages/compose/model';
import type { RuleContext } from '../engine/rule';

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
    appliesTo: ['kubernetes', 'compose'],
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
        {
          kind: 'compose',
          bad: 'services:\n  api:\n    image: node:22-alpine\n',
          good: 'services:\n  api:\n    image: node:22-alpine\n    read_only: true\n    tmpfs:\n      - /tmp\n',
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
      compose: {
        service(service) {
          if (context.compose) checkComposeReadOnly(context, context.compose, service);
        },
      },
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

function checkComposeReadOnly(context: RuleContext, model: ComposeModel, service: ComposeService): void {
  const value = service.settings.get('read_only');
  const readOnly = booleanSetting(model, value);
  if (readOnly === true || (value && readOnly === undefined)) return;
  const place = value ? placeValue(model, value.at) : undefined;
  const range = value ? place?.range : placeService(service);
  if (!range) return;
  const needsTmp = !service.settings.has('tmpfs');
  const edits: Edit[] = [];
  if (value && place?.editable) edits.push(...setValueEdits(model, value.at, true));
  if (value && place?.editable && needsTmp) edits.push(...ensureInService(model, service, { tmpfs: ['/tmp'] }));
  if (!value) edits.push(...ensureInService(model, service, needsTmp ? { read_only: true, tmpfs: ['/tmp'] } : { read_only: true }));
  const title = needsTmp ? 'Set read_only: true and mount a tmpfs at /tmp' : 'Set read_only: true';
  context.report({
    message: `${service.label} ${value ? 'sets read_only: false, so its' : 'does not set read_only: true, so its'} root filesystem is writable: whoever gets code running in it can change its binaries and leave tools behind. Set read_only: true and give it a tmpfs (or volume) for the paths it writes.`,
    range,
    related: place?.related ?? [],
    fixes: edits.length > 0 ? [{ title, safety: 'unsafe', edits }] : [],
    severityCap: 'info',
  });
}
