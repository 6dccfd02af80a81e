// Files every user may change, and directories every user may write without the sticky bit (where anyone
// can delete or replace anyone's files).
import type { ReportFinding } from '../../protocol';
import type { ImageFile } from '../types';
import { byPath, capFindings, displayPath, type ImageCheck } from './image-check';
import { octalMode, OTHERS_WRITE, STICKY } from './file-mode';

const ID = 'image-world-writable';
const TITLE = 'World-writable file or directory in the image';
const MAX_FINDINGS = 50;

/**
 * Scratch directories that every program expects to be writable by all. Base images give them the sticky bit;
 * when an image builder writes them as plain 0777, that is the builder's doing on every image it makes, not
 * a choice of this image's author worth a finding each time.
 */
const SCRATCH_DIRECTORIES = new Set(['tmp', 'var/tmp', 'dev/shm']);

function isLoose(file: ImageFile): boolean {
  if ((file.mode & OTHERS_WRITE) === 0) return false;
  if (file.type === 'file') return true;
  return file.type === 'directory' && (file.mode & STICKY) === 0 && !SCRATCH_DIRECTORIES.has(file.path.replace(/\/+$/, ''));
}

function finding(file: ImageFile, imageName: string): ReportFinding {
  const where = `${displayPath(file.path)} (layer ${file.layerIndex}) of image "${imageName}"`;
  const mode = octalMode(file.mode);
  const message =
    file.type === 'file'
      ? `File ${where} is writable by every user (mode ${mode}): any process in the container, whatever its user, can change it, and take over whatever runs or reads it. Remove write access for others (\`chmod o-w\`) and give the file to the user that needs to write it.`
      : `Directory ${where} is writable by every user and has no sticky bit (mode ${mode}): any process in the container can delete, rename or replace the files others put there. Remove write access for others (\`chmod o-w\`) and give the directory to the user that writes it, or set the sticky bit (\`chmod +t\`) if it is meant to be shared.`;
  return { id: ID, title: TITLE, severity: 'medium', path: file.path, layerIndex: file.layerIndex, message };
}

export const imageWorldWritable: ImageCheck = {
  id: ID,
  run(input) {
    const loose = [...input.files.files.values()].filter(isLoose).sort(byPath);
    return capFindings(
      loose.map((file) => finding(file, input.image.name)),
      MAX_FINDINGS,
      (count) => ({
        id: ID,
        title: TITLE,
        severity: 'medium',
        message: `${count} more world-writable files or directories of image "${input.image.name}" are not listed here; only the first ${MAX_FINDINGS} are. List them all with \`find / -xdev -perm -o+w ! -type l\` in the image.`,
      }),
    );
  },
};
