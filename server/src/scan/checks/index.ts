// The image checks of the scan: pure functions of the resolved image, its files and its inventory. Each runs
// inside a guard, so one check's bug costs its own findings and nothing else.
import type { ReportFinding } from '../../protocol';
import { SEVERITY_ORDER, type ImageCheck, type ImageCheckInput } from './image-check';
import { imageCredentialFile } from './image-credential-file';
import { imageEnvSecret } from './image-env-secret';
import { imageHealthcheckMissing } from './image-healthcheck-missing';
import { imageHistorySecret } from './image-history-secret';
import { imageOsEol } from './image-os-eol';
import { imagePrivateKey } from './image-private-key';
import { imageRuntimeEol } from './image-runtime-eol';
import { imageSetuidFile } from './image-setuid-file';
import { imageSshExposed } from './image-ssh-exposed';
import { imageUserRoot } from './image-user-root';
import { imageWorldWritable } from './image-world-writable';

export type { ImageCheck, ImageCheckInput } from './image-check';
export { IMAGE_CHECK_FILES, MAX_CHECKED_FILE_BYTES } from './wanted-files';

/** Every check, sorted by id. */
export const IMAGE_CHECKS: readonly ImageCheck[] = [
  imageCredentialFile,
  imageEnvSecret,
  imageHealthcheckMissing,
  imageHistorySecret,
  imageOsEol,
  imagePrivateKey,
  imageRuntimeEol,
  imageSetuidFile,
  imageSshExposed,
  imageUserRoot,
  imageWorldWritable,
];

function severityRank(finding: ReportFinding): number {
  return SEVERITY_ORDER.indexOf(finding.severity);
}

/** The findings of every check, most severe first, then by check id (each check's own order kept within). */
export function checkImage(input: ImageCheckInput): ReportFinding[] {
  const findings: ReportFinding[] = [];
  for (const check of IMAGE_CHECKS) {
    try {
      findings.push(...check.run(input));
    } catch (error) {
      try {
        input.onCheckError?.(check.id, error);
      } catch {
        // A failing listener must not cost the other checks their findings either.
      }
    }
  }
  return findings.sort((a, b) => severityRank(a) - severityRank(b) || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
