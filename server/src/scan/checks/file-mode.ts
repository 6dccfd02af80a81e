// Permission bits of files in the image, as `ls -l` and `chmod` write them.

export const SETUID = 0o4000;
export const SETGID = 0o2000;
export const STICKY = 0o1000;
export const OTHERS_WRITE = 0o002;

/** "4755": the permission and special bits in octal, as chmod takes them. */
export function octalMode(mode: number): string {
  return (mode & 0o7777).toString(8).padStart(4, '0');
}
