// Package installs in shell commands (`apt-get install`, `apk add`, `dnf install`, …): which manager, which
// action word, which options and which packages, for the rules about what gets installed and how.
import { programName, type ShellCommand, type ShellWord } from './shell';

export type PackageManager = 'apt-get' | 'apt' | 'aptitude' | 'apk' | 'yum' | 'dnf' | 'microdnf' | 'tdnf' | 'zypper';

export interface PackageInstall {
  manager: PackageManager;
  command: ShellCommand;
  /** The `install` / `add` / `in` word. */
  action: ShellWord;
  /** Option words, before and after the action (values of options that take one are not listed). */
  options: ShellWord[];
  /** Option words with their values: `-o` → `APT::Install-Recommends=false`. */
  optionValues: Array<{ option: ShellWord; value: ShellWord | undefined }>;
  /** Package arguments as written (`curl`, `curl=8.5.0-r0`, `./app.deb`). */
  packages: ShellWord[];
}

interface ManagerSpec {
  actions: string[];
  /** Options that take the next word as their value. */
  withValue: string[];
}

const APT_OPTIONS = ['-o', '--option', '-c', '--config-file', '-t', '--target-release', '--default-release', '-a', '--host-architecture'];
const RPM_OPTIONS = ['-c', '--config', '--installroot', '--releasever', '-x', '--exclude', '--enablerepo', '--disablerepo', '--repo', '--repoid', '--setopt', '--forcearch', '-d', '--debuglevel', '-e', '--errorlevel'];

const MANAGERS: Record<PackageManager, ManagerSpec> = {
  'apt-get': { actions: ['install'], withValue: APT_OPTIONS },
  apt: { actions: ['install'], withValue: APT_OPTIONS },
  aptitude: { actions: ['install'], withValue: [...APT_OPTIONS, '-F', '--display-format', '-w', '--width'] },
  apk: {
    actions: ['add'],
    withValue: ['-X', '--repository', '-p', '--root', '--arch', '-t', '--virtual', '--keys-dir', '--repositories-file', '--cache-dir', '--cache-max-age', '--progress-fd', '--wait'],
  },
  yum: { actions: ['install', 'localinstall'], withValue: RPM_OPTIONS },
  dnf: { actions: ['install', 'in'], withValue: RPM_OPTIONS },
  microdnf: { actions: ['install'], withValue: RPM_OPTIONS },
  tdnf: { actions: ['install'], withValue: RPM_OPTIONS },
  zypper: { actions: ['install', 'in'], withValue: ['--root', '-R', '-D', '--reposd-dir', '-C', '--cache-dir', '-t', '--type', '-r', '--repo', '--from'] },
};

function isManager(name: string): name is PackageManager {
  return Object.prototype.hasOwnProperty.call(MANAGERS, name);
}

/** The package install a command performs, or undefined when it is not one. */
export function packageInstall(command: ShellCommand): PackageInstall | undefined {
  const manager = programName(command);
  if (!isManager(manager)) return undefined;
  const spec = MANAGERS[manager];
  const withValue = new Set(spec.withValue);
  const words = command.words;
  let action: ShellWord | undefined;
  const options: ShellWord[] = [];
  const optionValues: PackageInstall['optionValues'] = [];
  const packages: ShellWord[] = [];
  let optionsEnded = false;
  for (let i = 1; i < words.length; i++) {
    const word = words[i] as ShellWord;
    if (!optionsEnded && word.text === '--') {
      optionsEnded = true;
      continue;
    }
    if (!optionsEnded && word.text.startsWith('-') && word.text !== '-') {
      options.push(word);
      const value = withValue.has(word.text) ? words[++i] : undefined;
      optionValues.push({ option: word, value });
      continue;
    }
    if (!action) {
      if (!spec.actions.includes(word.text)) return undefined;
      action = word;
      continue;
    }
    packages.push(word);
  }
  return action ? { manager, command, action, options, optionValues, packages } : undefined;
}

/**
 * Whether a package argument names `name`, allowing the version, release and architecture suffixes the
 * managers accept: `name=1.2`, `name/bookworm`, `name:amd64`, `name~1.2`, `name>1.2`, `name-1.2-3`, `name.x86_64`.
 */
export function packageNameIs(argument: string, name: string): boolean {
  if (!argument.startsWith(name)) return false;
  const rest = argument.slice(name.length);
  return rest === '' || /^[=/:~<>]/.test(rest) || /^-\d/.test(rest) || /^\.(?:x86_64|aarch64|noarch|i686|ppc64le|s390x|armv7hl)$/.test(rest);
}
