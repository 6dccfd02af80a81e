// The image's operating system release (from os-release, through the inventory) against the end-of-life table.
import type { EolProductId } from '../../engine/eol-data';
import type { OsIdentity } from '../types';
import { pastEndOfLife } from './end-of-life';
import { displayPath, type ImageCheck } from './image-check';

const NUMERIC_VERSION = /^\d+(\.\d+)*$/;

/** The table's product for an os-release ID, and the version to look up; undefined for systems it does not list. */
export function osProduct(os: OsIdentity): { id: EolProductId; version: string } | undefined {
  // Pre-releases (`3.21_alpha20240807` on Alpine edge, Debian testing without VERSION_ID) have no end of life yet.
  const version = os.versionId !== undefined && NUMERIC_VERSION.test(os.versionId) ? os.versionId : undefined;
  switch (os.id) {
    case 'debian':
    case 'ubuntu': {
      const named = version ?? os.versionCodename;
      return named !== undefined ? { id: os.id, version: named } : undefined;
    }
    case 'alpine':
      return version !== undefined ? { id: 'alpine', version } : undefined;
    case 'centos':
      // CentOS Stream's os-release says ID=centos too; only its name tells them apart.
      if (version === undefined) return undefined;
      return { id: /stream/i.test(os.prettyName ?? '') ? 'centos-stream' : 'centos', version };
    case 'rhel':
      return version !== undefined ? { id: 'rhel', version } : undefined;
    case 'amzn':
      return os.versionId !== undefined ? { id: 'amazonlinux', version: os.versionId } : undefined;
    default:
      return undefined;
  }
}

export const imageOsEol: ImageCheck = {
  id: 'image-os-eol',
  run(input) {
    const os = input.inventory.os;
    const product = os ? osProduct(os) : undefined;
    if (!os || !product) return [];
    const ended = pastEndOfLife(product.id, product.version, input.today);
    if (!ended) return [];
    const layerIndex = input.files.files.get(os.path)?.layerIndex;
    return [
      {
        id: 'image-os-eol',
        title: 'Operating system past end of life',
        severity: 'high',
        path: os.path,
        ...(layerIndex !== undefined ? { layerIndex } : {}),
        message: `Image "${input.image.name}" is built on ${ended.label} (${displayPath(os.path)}), which ${ended.ended}, so its packages get no more security fixes and new vulnerabilities stay open. ${ended.advice} Rebuild on a supported base image.`,
      },
    ];
  },
};
