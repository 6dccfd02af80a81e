// capabilities_baseline (v1.0): only the runtime's 13 default capabilities may be added, compared exactly.
// capabilities_restricted (v1.22, replacing the baseline check at restricted): drop must contain "ALL" and add
// only NET_BIND_SERVICE; from v1.25 Windows pods are let through, the baseline check included. An added
// capability outside the default set is an error at either level; what only restricted forbids is a warning.
import { at, LEVELS, sweep, type JsonObject, type PssCase, type PssLevel } from './pods';

const RULE = 'capabilities';
const RESTRICTED_CHECK = 22;
const WINDOWS_EXEMPT = 25;
const DEFAULTS = ['AUDIT_WRITE', 'CHOWN', 'DAC_OVERRIDE', 'FOWNER', 'FSETID', 'KILL', 'MKNOD', 'NET_BIND_SERVICE', 'SETFCAP', 'SETGID', 'SETPCAP', 'SETUID', 'SYS_CHROOT'];
const EVERY_CAPABILITY_BY_NAME = [...DEFAULTS, 'AUDIT_CONTROL', 'BLOCK_SUSPEND', 'DAC_READ_SEARCH', 'IPC_LOCK', 'IPC_OWNER', 'LEASE', 'LINUX_IMMUTABLE', 'MAC_ADMIN', 'MAC_OVERRIDE', 'NET_ADMIN', 'NET_BROADCAST', 'NET_RAW', 'SYS_ADMIN', 'SYS_BOOT', 'SYS_MODULE', 'SYS_NICE', 'SYS_PACCT', 'SYS_PTRACE', 'SYS_RAWIO', 'SYS_RESOURCE', 'SYS_TIME', 'SYS_TTY_CONFIG', 'SYSLOG', 'WAKE_ALARM'];

const capabilities = (value: JsonObject | null): JsonObject => ({ securityContext: { capabilities: value } });
const add = (...names: string[]): JsonObject => capabilities({ drop: ['ALL'], add: names });
const baselineAdd = (...names: string[]): JsonObject => ({ securityContext: { capabilities: { add: names } } });
/** The same added capabilities at both levels: restricted containers keep their drop ALL. */
const adding = (level: PssLevel, ...names: string[]): JsonObject => (level === 'restricted' ? add(...names) : baselineAdd(...names));

/** A capability outside the default set: forbidden at every level and version, as an error. */
const forbiddenEverywhere = () => ({ expected: RULE, severity: 'error' as const });
/** Something only capabilities_restricted forbids: from v1.22, at restricted, as a warning. */
const restrictedOnly = (level: PssLevel, minor: number) => (level === 'restricted' && minor >= RESTRICTED_CHECK ? { expected: RULE, severity: 'warning' as const } : 'pass');
/** From v1.25 restricted lets a Windows pod through, and the baseline check no longer runs there either. */
const windowsAdd = (level: PssLevel, minor: number) => (level === 'restricted' && minor >= WINDOWS_EXEMPT ? 'pass' : { expected: RULE, severity: 'error' as const });

export const capabilitiesCases: PssCase[] = [
  ...LEVELS.flatMap((level) => [
    ...sweep(RULE, 'NET_BIND_SERVICE added to both containers', { container: adding(level, 'NET_BIND_SERVICE'), initContainer: adding(level, 'NET_BIND_SERVICE') }, () => 'pass', [level]),
    ...sweep(RULE, 'all thirteen default capabilities added', { container: adding(level, ...DEFAULTS), initContainer: adding(level, ...DEFAULTS) }, restrictedOnly, [level]),
    ...sweep(RULE, 'NET_RAW added', { container: adding(level, 'NET_RAW') }, forbiddenEverywhere, [level]),
    ...sweep(RULE, 'NET_RAW added to the init container', { initContainer: adding(level, 'NET_RAW') }, forbiddenEverywhere, [level]),
    ...sweep(RULE, 'case difference: chown', { container: adding(level, 'chown') }, forbiddenEverywhere, [level]),
    ...sweep(RULE, 'CAP_ prefix: CAP_CHOWN', { container: adding(level, 'CAP_CHOWN') }, forbiddenEverywhere, [level]),
    ...sweep(RULE, 'SYS_ADMIN added on a Windows pod', { windows: true, container: adding(level, 'SYS_ADMIN') }, windowsAdd, [level]),
  ]),
  ...sweep(RULE, 'drop list emptied', { container: capabilities({ drop: [] }) }, restrictedOnly),
  ...sweep(RULE, 'no capabilities on the init container', { initContainer: capabilities(null) }, restrictedOnly),
  ...sweep(RULE, 'every capability dropped by name, but not ALL', { container: capabilities({ drop: EVERY_CAPABILITY_BY_NAME }), initContainer: capabilities({ drop: EVERY_CAPABILITY_BY_NAME }) }, restrictedOnly),
  ...sweep(RULE, 'Windows pod without capabilities', { windows: true, container: capabilities(null), initContainer: capabilities(null) }, (level, minor) =>
    level === 'restricted' && minor >= RESTRICTED_CHECK && minor < WINDOWS_EXEMPT ? RULE : 'pass'),
  at(RULE, 'drop: [all] in lower case', 'restricted', 'v1.22', { container: capabilities({ drop: ['all'] }) }, RULE, 'warning'),
  at(RULE, 'drop ALL next to other names', 'restricted', 'latest', { container: capabilities({ drop: ['NET_RAW', 'ALL'] }) }, 'pass'),
  at(RULE, 'CHOWN added before the restricted check exists', 'restricted', 'v1.21', { container: add('CHOWN') }, 'pass'),
  at(RULE, 'CHOWN added once the restricted check exists', 'restricted', 'v1.22', { container: add('CHOWN') }, RULE, 'warning'),
  at(RULE, 'ephemeral container adds NET_ADMIN', 'baseline', 'v1.0', { ephemeralContainer: baselineAdd('NET_ADMIN') }, RULE, 'error'),
  at(RULE, 'ephemeral container adds NET_ADMIN', 'restricted', 'latest', { ephemeralContainer: add('NET_ADMIN') }, RULE, 'error'),
  at(RULE, 'ephemeral container without drop ALL', 'restricted', 'v1.22', { ephemeralContainer: capabilities(null) }, RULE, 'warning'),
  at(RULE, 'ephemeral container without drop ALL', 'restricted', 'v1.21', { ephemeralContainer: capabilities(null) }, 'pass'),
  at(RULE, 'SYS_TIME added in a Deployment', 'restricted', 'v1.29', { kind: 'Deployment', container: add('SYS_TIME') }, RULE, 'error'),
  at(RULE, 'no drop ALL in a CronJob', 'restricted', 'latest', { kind: 'CronJob', container: capabilities({ drop: null, add: ['NET_BIND_SERVICE'] }) }, RULE, 'warning'),
];
