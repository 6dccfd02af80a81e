// The user the image's containers start as, from its configuration: unset and root are uid 0, and so is a
// named user that /etc/passwd gives uid 0.
import type { ReportFinding } from '../../protocol';
import { displayPath, type ImageCheck, type ImageCheckInput } from './image-check';
import { configUser } from './image-config';
import { PASSWD_PATH } from './wanted-files';

const ID = 'image-user-root';
const TITLE = 'Image runs as root';
const ADVICE =
  'A process that is broken into then owns every file of the container and has the best chance of escaping to the host. Create an unprivileged user and make it the last USER of the Dockerfile (`USER 10001`), or override it with runAsUser/runAsNonRoot when you deploy.';

/** The uid /etc/passwd gives a user name, if it lists the name. */
export function passwdUid(passwd: string, name: string): number | undefined {
  for (const line of passwd.split(/\r?\n/)) {
    const [entryName, , uid] = line.split(':');
    if (entryName === name && uid !== undefined && /^\d+$/.test(uid)) return Number(uid);
  }
  return undefined;
}

function finding(input: ImageCheckInput, why: string, extra: Partial<ReportFinding> = {}): ReportFinding {
  return { id: ID, title: TITLE, severity: 'high', message: `Image "${input.image.name}" runs as root: ${why}. ${ADVICE}`, ...extra };
}

export const imageUserRoot: ImageCheck = {
  id: ID,
  run(input) {
    const { image } = input;
    // Windows containers have no uid 0; their users (ContainerUser, ContainerAdministrator) are another matter.
    if ((image.config.os ?? image.platform.os) === 'windows') return [];
    const user = configUser(image.config);
    if (user === '') return [finding(input, 'its configuration sets no user, so containers start as uid 0 unless the runtime says otherwise')];
    const name = user.split(':')[0] ?? '';
    if (name === 'root' || name === '0' || name === '') return [finding(input, `its configuration sets user "${user}"`)];
    if (/^\d+$/.test(name)) return [];
    const passwd = input.files.files.get(PASSWD_PATH);
    if (passwd?.content === undefined) return [];
    if (passwdUid(passwd.content.toString('utf8'), name) !== 0) return [];
    const where = `${displayPath(PASSWD_PATH)} (layer ${passwd.layerIndex})`;
    return [finding(input, `its user "${name}" has uid 0 in ${where}, so it is root under another name`, { path: PASSWD_PATH, layerIndex: passwd.layerIndex })];
  },
};
