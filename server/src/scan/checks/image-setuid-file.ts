// Programs with the setuid or setgid bit, which run with their owner's or group's privileges whoever starts
// them. Distributions install a well-known handful that way (passwd, su, mount, …): those are summed up in
// one informational finding, and every other one is reported on its own.
import type { ReportFinding } from '../../protocol';
import type { ImageFile } from '../types';
import { byPath, capFindings, displayPath, type ImageCheck } from './image-check';
import { baseName } from './image-paths';
import { octalMode, SETGID, SETUID } from './file-mode';

const ID = 'image-setuid-file';
const TITLE = 'Setuid or setgid file in the image';
const MAX_FINDINGS = 50;
/** How many of the usual programs the summary names. */
const MAX_NAMED_USUAL = 30;
const NO_NEW_PRIVILEGES =
  'Run containers with no-new-privileges (`allowPrivilegeEscalation: false`, `docker run --security-opt no-new-privileges`), which makes the kernel ignore these bits.';

/** Programs that Debian, Ubuntu, Alpine, RHEL and their relatives install setuid or setgid in the system's bin folders. */
const USUAL_PROGRAMS = new Set([
  'passwd', 'su', 'mount', 'umount', 'newgrp', 'chsh', 'chfn', 'gpasswd', 'sudo', 'sudoedit', 'ping', 'ping6',
  'unix_chkpwd', 'pam_extrausers_chkpwd', 'pam_timestamp_check', 'expiry', 'chage', 'wall', 'write', 'bsd-write',
  'ssh-agent', 'crontab', 'at', 'pkexec', 'fusermount', 'fusermount3', 'newuidmap', 'newgidmap', 'bbsuid',
  'dotlockfile', 'mlocate', 'plocate', 'locate', 'userhelper', 'arping', 'traceroute6.iputils', 'postdrop',
  'postqueue', 'mount.nfs', 'mount.cifs', 'exim4', 'sendmail', 'screen', 'Xorg.wrap',
]);
const SYSTEM_BIN_FOLDERS = new Set(['bin', 'sbin', 'usr/bin', 'usr/sbin']);

/** Helpers that packages install setuid or setgid in their library folders. */
const USUAL_HELPERS = new Set([
  'ssh-keysign', 'dbus-daemon-launch-helper', 'polkit-agent-helper-1', 'Xorg.wrap', 'utempter', 'pt_chown',
  'dmcrypt-get-device', 'snap-confine',
]);
const SYSTEM_LIBRARY_FOLDERS = ['usr/lib/', 'usr/libexec/', 'lib/'];

export function isUsualSetuidProgram(path: string): boolean {
  const name = baseName(path);
  const folder = path.slice(0, Math.max(0, path.length - name.length - 1));
  if (SYSTEM_BIN_FOLDERS.has(folder)) return USUAL_PROGRAMS.has(name);
  return SYSTEM_LIBRARY_FOLDERS.some((prefix) => path.startsWith(prefix)) && USUAL_HELPERS.has(name);
}

function privileges(file: ImageFile): string {
  const parts: string[] = [];
  if (file.mode & SETUID) parts.push(file.uid === 0 ? 'root (its owner, uid 0)' : `its owner (uid ${file.uid})`);
  if (file.mode & SETGID) parts.push(`its group (gid ${file.gid})`);
  return parts.join(' and of ');
}

function bits(file: ImageFile): string {
  return [file.mode & SETUID ? 'setuid' : '', file.mode & SETGID ? 'setgid' : ''].filter((bit) => bit !== '').join(' and ');
}

export const imageSetuidFile: ImageCheck = {
  id: ID,
  run(input) {
    const name = input.image.name;
    const special = [...input.files.files.values()]
      .filter((file) => file.type === 'file' && (file.mode & (SETUID | SETGID)) !== 0)
      .sort(byPath);
    const usual = special.filter((file) => isUsualSetuidProgram(file.path));
    const unusual = special.filter((file) => !isUsualSetuidProgram(file.path));

    const findings: ReportFinding[] = unusual.map((file) => ({
      id: ID,
      title: TITLE,
      severity: 'medium',
      path: file.path,
      layerIndex: file.layerIndex,
      message: `File ${displayPath(file.path)} (layer ${file.layerIndex}) of image "${name}" is ${bits(file)} (mode ${octalMode(file.mode)}): it runs with the privileges of ${privileges(file)} whoever starts it, so a flaw in it gives any user of the container those privileges. Remove the bit (\`chmod u-s,g-s\`) unless the program needs it. ${NO_NEW_PRIVILEGES}`,
    }));
    const capped = capFindings(findings, MAX_FINDINGS, (count) => ({
      id: ID,
      title: TITLE,
      severity: 'medium',
      message: `${count} more setuid or setgid files of image "${name}" are not listed here; only the first ${MAX_FINDINGS} are. List them all with \`find / -xdev -perm /6000 -type f\` in the image.`,
    }));

    if (usual.length > 0) {
      const named = usual.slice(0, MAX_NAMED_USUAL).map((file) => displayPath(file.path));
      const more = usual.length > MAX_NAMED_USUAL ? `, and ${usual.length - MAX_NAMED_USUAL} more` : '';
      capped.push({
        id: ID,
        title: TITLE,
        severity: 'info',
        message: `Image "${name}" has ${usual.length} setuid or setgid program${usual.length === 1 ? '' : 's'} that Linux distributions install that way: ${named.join(', ')}${more}. They matter when a process in the container can run them; remove the packages that bring those the image does not need. ${NO_NEW_PRIVILEGES}`,
      });
    }
    return capped;
  },
};
