import { placeValue } from '../engine/languages/compose/model';
import { allowAllDeviceRules, deviceMappings } from '../engine/languages/compose/service-settings';
import { defineRule } from '../engine/rule';

/** Devices that reach the host's memory, kernel or disks: mapping one hands over the host. */
const TAKEOVER_DEVICES: Array<{ pattern: RegExp; what: string }> = [
  { pattern: /^\/dev\/(mem|kmem|port)$/, what: 'the host\'s physical memory or I/O ports' },
  { pattern: /^\/dev\/kmsg$/, what: 'the kernel log, which it can read and write' },
  { pattern: /^\/dev\/(sd[a-z]+|hd[a-z]+|vd[a-z]+|xvd[a-z]+|nvme\d+(n\d+)?|mmcblk\d+|dm-\d+|loop\d+|md\d+)(p?\d+)?$/, what: 'a block device of the host, so it can read and rewrite the host\'s disk under every file permission' },
  { pattern: /^\/dev\/(disk|mapper)\//, what: 'a block device of the host, so it can read and rewrite the host\'s disk under every file permission' },
  { pattern: /^\/dev\/(cpu|cpu\/\d+\/msr)/, what: 'CPU model-specific registers of the host' },
  { pattern: /^\/dev\/?$/, what: 'every device of the host' },
];

export default defineRule({
  meta: {
    id: 'host-devices',
    title: 'Do not map host devices into containers',
    appliesTo: ['compose'],
    category: 'hardening',
    defaultSeverity: 'warning',
    securitySeverity: 'high',
    cwe: ['CWE-250'],
    peers: ['Docker Bench 5.17'],
    docs: {
      rationale:
        'A device in `devices:` is the host\'s device file opened inside the container, with the host kernel\'s driver behind it: `/dev/mem` and `/dev/kmem` expose physical memory, `/dev/kmsg` the kernel log, and a block device such as `/dev/sda` the raw disk, which root in the container can read and rewrite whatever the file permissions say — enough to take over the host. `device_cgroup_rules: [\'a *:* rwm\']` (or `b *:* rwm`, `c *:* rwm`) lets the container open any device it can create. GPUs, sound cards and serial adapters are ordinary uses; they are reported at `info` so the mapping is a visible decision.',
      remediation:
        'Map only the one device the service needs (`/dev/ttyUSB0`, `/dev/dri/renderD128`), never memory, kernel or disk devices; use a volume instead of a raw disk. Remove allow-all `device_cgroup_rules`. For GPUs prefer `deploy.resources.reservations.devices` with a driver, which goes through the vendor\'s container toolkit.',
      examples: [
        {
          kind: 'compose',
          bad: 'services:\n  tool:\n    image: alpine:3.21\n    devices:\n      - /dev/sda:/dev/sda\n',
          good: 'services:\n  tool:\n    image: alpine:3.21\n    volumes:\n      - data:/data\nvolumes:\n  data: {}\n',
        },
      ],
      references: [
        { title: 'Compose file reference: devices', url: 'https://docs.docker.com/reference/compose-file/services/#devices' },
        { title: 'Docker run reference: runtime privilege and Linux capabilities', url: 'https://docs.docker.com/engine/containers/run/#runtime-privilege-and-linux-capabilities' },
      ],
    },
  },
  create(context) {
    return {
      compose: {
        service(service) {
          const model = context.compose;
          if (!model) return;
          for (const device of deviceMappings(model, service)) {
            const place = placeValue(model, device.item, 'value');
            if (!place) continue;
            const takeover = TAKEOVER_DEVICES.find((entry) => entry.pattern.test(device.source.replace(/\/+$/, '') || '/'));
            context.report({
              message: takeover
                ? `${service.label} maps the host device ${device.source}, which gives it ${takeover.what}. Remove the mapping; use a volume for data.`
                : `${service.label} maps the host device ${device.source}, which opens that device's kernel driver to the container. Keep the mapping only if the service needs this device.`,
              range: place.range,
              related: place.related,
              ...(takeover ? {} : { severityCap: 'info' as const }),
            });
          }
          for (const rule of allowAllDeviceRules(model, service)) {
            const place = placeValue(model, rule.item, 'value');
            if (!place) continue;
            context.report({
              message: `${service.label} sets device_cgroup_rules "${rule.written}", which lets it open every ${rule.kind} device it can create, host disks included. Remove it and map the single device the service needs under devices:.`,
              range: place.range,
              related: place.related,
            });
          }
        },
      },
    };
  },
});
