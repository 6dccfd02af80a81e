// A `docker save` tarball of a small Rocky Linux image whose packages are in rpm's SQLite database: the image
// that makes a bundle load sql.js's WebAssembly, so a test of a built or installed CLI can check it finds it.
import { rpmPackageHeader, rpmSqliteDatabase } from './rpm-header';
import { buildImage, writeDockerArchive } from './test-image';

export const RPM_IMAGE_PACKAGES = [
  { name: 'bash', version: '5.1.8', release: '9.el9' },
  { name: 'openssl-libs', version: '3.0.7', release: '27.el9' },
] as const;

export async function writeRpmImageArchive(file: string): Promise<void> {
  const database = await rpmSqliteDatabase(RPM_IMAGE_PACKAGES.map((pkg) => rpmPackageHeader({ ...pkg, arch: 'x86_64' })));
  const image = buildImage({
    layers: [
      [
        { path: 'etc/os-release', content: 'NAME="Rocky Linux"\nID="rocky"\nID_LIKE="rhel centos fedora"\nVERSION_ID="9.3"\n' },
        { path: 'var/lib/rpm/rpmdb.sqlite', content: database },
      ],
    ],
  });
  writeDockerArchive([{ image, repoTags: ['rocky-app:1'] }], file);
}
