// seccompProfile_baseline: v1.0–v1.18 the alpha annotations seccomp.security.alpha.kubernetes.io/pod and
// container.seccomp.security.alpha.kubernetes.io/<name> (runtime/default, docker/default, localhost/*); from
// v1.19 the fields, where only RuntimeDefault and Localhost are allowed when set. seccompProfile_restricted
// (v1.19, replacing the baseline check at restricted): every container ends up RuntimeDefault or Localhost,
// its own or the pod's; from v1.25 Windows pods are let through. An explicit bad value is an error, a missing
// profile (restricted only) a warning.
import { at, sweep, type JsonObject, type PssCase, type PssLevel } from './pods';

const RULE = 'seccomp';
const FIELDS = 19;
const WINDOWS_EXEMPT = 25;
const POD_ANNOTATION = 'seccomp.security.alpha.kubernetes.io/pod';
const containerAnnotation = (name: string) => `container.seccomp.security.alpha.kubernetes.io/${name}`;

const profile = (type: string | null, localhostProfile?: string): JsonObject => ({
  securityContext: { seccompProfile: type === null ? null : { type, ...(localhostProfile ? { localhostProfile } : {}) } },
});
const podUnset = profile(null);

/** Judged from v1.19 on, at both levels, as an error. */
const badField = (_level: PssLevel, minor: number) => (minor >= FIELDS ? { expected: RULE, severity: 'error' as const } : 'pass');
/** Judged up to v1.18, at both levels, as an error. */
const badAnnotation = (_level: PssLevel, minor: number) => (minor < FIELDS ? { expected: RULE, severity: 'error' as const } : 'pass');
/** Only restricted wants a profile, from v1.19, as a warning. */
const missing = (level: PssLevel, minor: number) => (level === 'restricted' && minor >= FIELDS ? { expected: RULE, severity: 'warning' as const } : 'pass');

export const seccompCases: PssCase[] = [
  ...sweep(RULE, 'pod RuntimeDefault', profile('RuntimeDefault'), () => 'pass'),
  ...sweep(RULE, 'pod Localhost', profile('Localhost', 'profiles/app.json'), () => 'pass'),
  ...sweep(RULE, 'containers set their own profiles, the pod none', { ...podUnset, container: profile('RuntimeDefault'), initContainer: profile('Localhost', 'profiles/init.json') }, () => 'pass'),
  ...sweep(RULE, 'unset everywhere', podUnset, missing),
  ...sweep(RULE, 'init container unset, pod unset', { ...podUnset, container: profile('RuntimeDefault') }, missing),
  ...sweep(RULE, 'container unset, pod unset', { ...podUnset, initContainer: profile('RuntimeDefault') }, missing),
  ...sweep(RULE, 'pod Unconfined', profile('Unconfined'), badField),
  ...sweep(RULE, 'container Unconfined', { container: profile('Unconfined') }, badField),
  ...sweep(RULE, 'init container Unconfined, pod unset', { ...podUnset, container: profile('RuntimeDefault'), initContainer: profile('Unconfined') }, badField),
  ...sweep(RULE, 'pod annotation unconfined', { annotations: { [POD_ANNOTATION]: 'unconfined' } }, badAnnotation),
  ...sweep(RULE, 'container annotation unconfined', { annotations: { [containerAnnotation('app')]: 'unconfined' } }, badAnnotation),
  ...sweep(RULE, 'init container annotation unconfined', { annotations: { [containerAnnotation('init')]: 'unconfined' } }, badAnnotation),
  ...sweep(RULE, 'annotations runtime/default, docker/default and localhost/*', { annotations: { [POD_ANNOTATION]: 'runtime/default', [containerAnnotation('app')]: 'docker/default', [containerAnnotation('init')]: 'localhost/profiles/init.json' } }, () => 'pass'),
  ...sweep(RULE, 'Windows pod without a profile', { windows: true, ...podUnset }, (level, minor) =>
    level === 'restricted' && minor >= FIELDS && minor < WINDOWS_EXEMPT ? { expected: RULE, severity: 'warning' } : 'pass'),
  ...sweep(RULE, 'Windows pod Unconfined', { windows: true, ...profile('Unconfined') }, (level, minor) => {
    if (minor < FIELDS || (level === 'restricted' && minor >= WINDOWS_EXEMPT)) return 'pass';
    return { expected: RULE, severity: 'error' };
  }),
  at(RULE, 'annotation for a container the pod does not have', 'baseline', 'v1.18', { annotations: { [containerAnnotation('other')]: 'unconfined' } }, 'pass'),
  at(RULE, 'empty pod annotation', 'baseline', 'v1.0', { annotations: { [POD_ANNOTATION]: '' } }, RULE, 'error'),
  at(RULE, 'annotation on a Deployment pod template', 'restricted', 'v1.18', { kind: 'Deployment', annotations: { [POD_ANNOTATION]: 'unconfined' } }, RULE, 'error'),
  at(RULE, 'Unconfined field before v1.19 is not judged', 'baseline', 'v1.18', profile('Unconfined'), 'pass'),
  at(RULE, 'seccompProfile without a type', 'baseline', 'latest', { container: { securityContext: { seccompProfile: {} } } }, RULE, 'error'),
  at(RULE, 'a container RuntimeDefault does not undo the pod Unconfined', 'restricted', 'latest', { ...profile('Unconfined'), container: profile('RuntimeDefault'), initContainer: profile('RuntimeDefault') }, RULE, 'error'),
  at(RULE, 'ephemeral container Unconfined', 'restricted', 'latest', { ephemeralContainer: profile('Unconfined') }, RULE, 'error'),
  at(RULE, 'ephemeral container unset, pod unset', 'restricted', 'v1.19', { ...podUnset, container: profile('RuntimeDefault'), initContainer: profile('RuntimeDefault'), ephemeralContainer: {} }, RULE, 'warning'),
  at(RULE, 'unset everywhere in a CronJob', 'restricted', 'v1.25', { kind: 'CronJob', ...podUnset }, RULE, 'warning'),
];
