// sysctls: only the safe set of the policy version, by exact name; each name is swept from the version before
// its introduction to latest.
import { at, sweep, type PssCase } from './pods';

const RULE = 'sysctls';
const SAFE: ReadonlyArray<[name: string, sinceMinor: number]> = [
  ['kernel.shm_rmid_forced', 0],
  ['net.ipv4.ip_local_port_range', 0],
  ['net.ipv4.tcp_syncookies', 0],
  ['net.ipv4.ping_group_range', 0],
  ['net.ipv4.ip_unprivileged_port_start', 0],
  ['net.ipv4.ip_local_reserved_ports', 27],
  ['net.ipv4.tcp_keepalive_time', 29],
  ['net.ipv4.tcp_fin_timeout', 29],
  ['net.ipv4.tcp_keepalive_intvl', 29],
  ['net.ipv4.tcp_keepalive_probes', 29],
  ['net.ipv4.tcp_rmem', 32],
  ['net.ipv4.tcp_wmem', 32],
  ['net.ipv4.tcp_slow_start_after_idle', 37],
  ['net.ipv4.tcp_notsent_lowat', 37],
];
const sysctls = (...names: string[]) => ({ securityContext: { sysctls: names.map((name) => ({ name, value: '1' })) } });

export const sysctlsCases: PssCase[] = [
  ...SAFE.flatMap(([name, since]) => sweep(RULE, name, sysctls(name), (_level, minor) => (minor >= since ? 'pass' : RULE))),
  ...sweep(RULE, 'kernel.msgmax, never safe', sysctls('kernel.msgmax'), () => RULE),
  ...sweep(RULE, 'a safe name written with slashes', sysctls('net/ipv4/tcp_syncookies'), () => RULE),
  ...sweep(RULE, 'every v1.0 name together', sysctls(...SAFE.filter(([, since]) => since === 0).map(([name]) => name)), () => 'pass'),
  at(RULE, 'a safe name next to an unsafe one', 'restricted', 'latest', sysctls('net.ipv4.tcp_syncookies', 'net.core.somaxconn'), RULE, 'error'),
  at(RULE, 'unsafe sysctl on a Windows pod', 'restricted', 'v1.25', { windows: true, ...sysctls('vm.swappiness') }, RULE),
  at(RULE, 'unsafe sysctl in a Deployment', 'baseline', 'v1.0', { kind: 'Deployment', ...sysctls('kernel.sem') }, RULE),
];
