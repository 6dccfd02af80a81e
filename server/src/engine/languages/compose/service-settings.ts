// Reading the service settings the security rules judge, in both syntaxes Compose accepts: `security_opt`
// items (`seccomp:unconfined` or `seccomp=unconfined`), capability names the way Docker compares them, and
// short/long `ports`, `volumes` and `devices` entries.
import { isMap, isScalar } from 'yaml';
import { fieldOf, itemsOf, textSetting, type ComposeModel, type ComposeService, type Effective, type Located } from './model';

export interface SecurityOption {
  item: Located;
  /** `seccomp`, `apparmor`, `label`, `no-new-privileges`, lower-cased. */
  name: string;
  /** What follows the first `:` or `=`; undefined for a bare name. */
  value: string | undefined;
  written: string;
}

export function securityOptions(model: ComposeModel, service: ComposeService): SecurityOption[] {
  const options: SecurityOption[] = [];
  for (const item of itemsOf(service.settings.get('security_opt'))) {
    const written = model.resolve(item).value;
    if (written === undefined) continue;
    const cut = written.search(/[:=]/);
    options.push({ item, name: (cut === -1 ? written : written.slice(0, cut)).trim().toLowerCase(), value: cut === -1 ? undefined : written.slice(cut + 1).trim(), written });
  }
  return options;
}

/** `cap_sys_admin` -> `SYS_ADMIN`: Docker accepts either case, with or without the `CAP_` prefix. */
export function capabilityName(written: string): string {
  return written.trim().toUpperCase().replace(/^CAP_/, '');
}

export interface CapabilityItem {
  item: Located;
  written: string;
  name: string;
}

export function capabilityItems(model: ComposeModel, list: Effective | undefined): CapabilityItem[] {
  return itemsOf(list).flatMap((item) => {
    const written = model.resolve(item).value;
    return written === undefined ? [] : [{ item, written, name: capabilityName(written) }];
  });
}

export interface PortMapping {
  item: Located;
  /** The host address it binds; undefined means every interface. */
  hostIp: string | undefined;
  /** Published (host) port or range, when written. */
  published: string | undefined;
  /** Container port or range. */
  target: string | undefined;
  long: boolean;
}

/** A `ports:` entry, short (`[HOST_IP:][HOST:]CONTAINER[/PROTO]`) or long syntax; undefined when unknown. */
export function portMapping(model: ComposeModel, item: Located): PortMapping | undefined {
  if (isMap(item.node)) {
    const read = (key: string): string | undefined => {
      const field = fieldOf(item, key);
      return field ? model.resolve(field).value : undefined;
    };
    return { item, hostIp: read('host_ip'), published: read('published'), target: read('target'), long: true };
  }
  if (!isScalar(item.node)) return undefined;
  const written = model.resolve(item).value?.trim();
  if (written === undefined || written === '') return undefined;
  const withoutProtocol = written.replace(/\/(tcp|udp|sctp)$/i, '');
  let hostIp: string | undefined;
  let rest = withoutProtocol;
  const bracketed = /^\[([^\]]*)\]:(.*)$/.exec(rest);
  if (bracketed) {
    hostIp = bracketed[1];
    rest = bracketed[2] ?? '';
  } else {
    const parts = rest.split(':');
    if (parts.length >= 3) {
      hostIp = parts.slice(0, parts.length - 2).join(':');
      rest = parts.slice(-2).join(':');
    }
  }
  const [first, second] = rest.split(':');
  return second === undefined ? { item, hostIp, published: undefined, target: first, long: false } : { item, hostIp, published: first === '' ? undefined : first, target: second, long: false };
}

/** Whether a host address means every interface of the host. */
export function isAllInterfaces(hostIp: string | undefined): boolean {
  return hostIp === undefined || hostIp === '' || hostIp === '0.0.0.0' || hostIp === '::' || hostIp === '[::]';
}

export interface Mount {
  item: Located;
  /** `bind` for host paths, `volume` for named volumes, `tmpfs`, …. */
  type: string;
  source: string | undefined;
  target: string | undefined;
}

/** A `volumes:` entry of a service, short (`SOURCE:TARGET[:MODE]`) or long syntax; undefined when unknown. */
export function mountOf(model: ComposeModel, item: Located): Mount | undefined {
  if (isMap(item.node)) {
    const read = (key: string): string | undefined => {
      const field = fieldOf(item, key);
      return field ? model.resolve(field).value : undefined;
    };
    const source = read('source');
    return { item, type: read('type') ?? (source !== undefined && looksLikePath(source) ? 'bind' : 'volume'), source, target: read('target') };
  }
  if (!isScalar(item.node)) return undefined;
  const written = model.resolve(item).value?.trim();
  if (written === undefined || written === '') return undefined;
  const drive = /^[A-Za-z]:[\\/]/.test(written) ? written.slice(0, 2) : '';
  const parts = written.slice(drive.length).split(':');
  if (parts.length === 1) return { item, type: 'volume', source: undefined, target: written };
  const source = drive + (parts[0] ?? '');
  return { item, type: looksLikePath(source) ? 'bind' : 'volume', source, target: parts[1] };
}

function looksLikePath(source: string): boolean {
  return /^([./~\\]|[A-Za-z]:[\\/])/.test(source);
}

/** The service's user (`user:`) after interpolation, with where it is written. */
export function userSetting(model: ComposeModel, service: ComposeService): { value: Effective; text: string | undefined } | undefined {
  const value = service.settings.get('user');
  return value ? { value, text: textSetting(model, value) } : undefined;
}

export interface DeviceMapping {
  item: Located;
  /** The host device path. */
  source: string;
}

/**
 * The host devices of `devices:` (`/dev/sda:/dev/xvda:rwm`, long syntax `source:`); CDI names such as
 * `nvidia.com/gpu=all` are vendor toolkits, not device paths, and are left out.
 */
export function deviceMappings(model: ComposeModel, service: ComposeService): DeviceMapping[] {
  const mappings: DeviceMapping[] = [];
  for (const item of itemsOf(service.settings.get('devices'))) {
    const field = isMap(item.node) ? fieldOf(item, 'source') : undefined;
    const written = field ? model.resolve(field).value : model.resolve(item).value;
    const source = field ? written : written?.split(':')[0];
    if (source !== undefined && source.startsWith('/')) mappings.push({ item, source: source.trim() });
  }
  return mappings;
}

/** `device_cgroup_rules` entries that allow every device of a type (`a *:* rwm`, `b *:* rwm`, `c *:* rwm`). */
export function allowAllDeviceRules(model: ComposeModel, service: ComposeService): Array<{ item: Located; written: string; kind: string }> {
  return itemsOf(service.settings.get('device_cgroup_rules')).flatMap((item) => {
    const written = model.resolve(item).value?.trim();
    const match = written === undefined ? null : /^([abc])\s+\*:\*(\s+[rwm]+)?$/.exec(written);
    if (!match || written === undefined) return [];
    const kind = match[1] === 'b' ? 'block' : match[1] === 'c' ? 'character' : 'block and character';
    return [{ item, written, kind }];
  });
}
