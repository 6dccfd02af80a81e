// Credential files left in the image: tool configurations and project files that hold a usable credential
// (a registry login, an npm token, a cloud key). Files that are empty, hold only placeholders or variable
// references, or delegate to a credential helper are not reported. Credential files that a later layer
// deleted or overwrote are reported too, because the layer that added them still holds them.
import type { ReportFinding } from '../../protocol';
import type { ImageFile, ImageFiles, RemovedFile } from '../types';
import { byPath, capFindings, displayPath, type ImageCheck } from './image-check';
import { credentialFileFormat, credentialsInFile, type CredentialEvidence, type CredentialFileFormat } from './credential-file-formats';
import { currentVersion, firstTimeSeen, REBUILD_WITHOUT_THE_FILE, removedFileStory, removedRegularFiles } from './removed-files';

const ID = 'image-credential-file';
const TITLE = 'Credential file in the image';
const MAX_FINDINGS = 50;
/** How many of a file's credentials the message names; the rest are counted. */
const NAMED_PER_FILE = 3;

interface FileCredentials {
  format: CredentialFileFormat;
  evidence: CredentialEvidence[];
}

function credentialsOf(file: ImageFile): FileCredentials | undefined {
  const format = credentialFileFormat(file.path);
  if (!format || file.content === undefined) return undefined;
  const evidence = credentialsInFile(format, file.content.toString('utf8'));
  return evidence.length > 0 ? { format, evidence } : undefined;
}

/** Severity, the credentials named (masked), and what to do first. */
function summarise(evidence: CredentialEvidence[]): { critical: boolean; named: string; rotate: string } {
  const critical = evidence.some((item) => item.severity === 'critical');
  const more = evidence.length > NAMED_PER_FILE ? `; and ${evidence.length - NAMED_PER_FILE} more` : '';
  return {
    critical,
    named: evidence.slice(0, NAMED_PER_FILE).map((item) => item.what).join('; ') + more,
    rotate: critical ? 'Revoke or rotate these credentials now' : 'If these values are real, rotate them',
  };
}

/** A finding for a credential file: in the final file system, or removed by a later layer. */
function credentialFinding(file: ImageFile | RemovedFile, imageName: string, { format, evidence }: FileCredentials): ReportFinding {
  const { critical, named, rotate } = summarise(evidence);
  const message = 'removedInLayer' in file
    ? `${removedFileStory(file, imageName, format.label)} It holds ${named}. ${rotate}, then ${REBUILD_WITHOUT_THE_FILE}`
    : `File ${displayPath(file.path)} (${format.label}, layer ${file.layerIndex}) of image "${imageName}" holds ${named}. Anyone who can pull the image can read it. ${rotate}; deleting the file in a later step does not remove it from the layer that added it, so keep it out of the build (.dockerignore) and pass credentials as build secrets (\`RUN --mount=type=secret\`) or at run time.`;
  return { id: ID, title: TITLE, severity: critical ? 'critical' : 'high', path: file.path, layerIndex: file.layerIndex, message };
}

/** A file overwritten by a version that still holds every one of its credentials is reported once, for that version. */
function stillHeld(files: ImageFiles, file: RemovedFile, found: FileCredentials): boolean {
  const current = currentVersion(files, file);
  const now = current ? credentialsOf(current) : undefined;
  if (!now) return false;
  const secrets = new Set(now.evidence.map((item) => item.secret));
  return found.evidence.every((item) => secrets.has(item.secret));
}

export const imageCredentialFile: ImageCheck = {
  id: ID,
  run(input) {
    const findings: ReportFinding[] = [];
    const seen = new Set<string>();
    const files = [...input.files.files.values()].filter((file) => file.type === 'file' && file.content !== undefined).sort(byPath);
    for (const file of files) {
      const found = credentialsOf(file);
      if (found && firstTimeSeen(seen, file)) findings.push(credentialFinding(file, input.image.name, found));
    }
    for (const file of removedRegularFiles(input.files)) {
      const found = credentialsOf(file);
      if (found && !stillHeld(input.files, file, found) && firstTimeSeen(seen, file)) {
        findings.push(credentialFinding(file, input.image.name, found));
      }
    }
    return capFindings(findings, MAX_FINDINGS, (count) => ({
      id: ID,
      title: TITLE,
      severity: 'high',
      message: `${count} more credential files of image "${input.image.name}" hold credentials; only the first ${MAX_FINDINGS} are listed.`,
    }));
  },
};
