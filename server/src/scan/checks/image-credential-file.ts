// Credential files left in the image: tool configurations and project files that hold a usable credential
// (a registry login, an npm token, a cloud key). Files that are empty, hold only placeholders or variable
// references, or delegate to a credential helper are not reported.
import type { ReportFinding } from '../../protocol';
import { byPath, capFindings, displayPath, type ImageCheck } from './image-check';
import { credentialFileFormat, credentialsInFile } from './credential-file-formats';

const ID = 'image-credential-file';
const TITLE = 'Credential file in the image';
const MAX_FINDINGS = 50;
/** How many of a file's credentials the message names; the rest are counted. */
const NAMED_PER_FILE = 3;

export const imageCredentialFile: ImageCheck = {
  id: ID,
  run(input) {
    const findings: ReportFinding[] = [];
    const files = [...input.files.files.values()].filter((file) => file.type === 'file' && file.content !== undefined).sort(byPath);
    for (const file of files) {
      const format = credentialFileFormat(file.path);
      if (!format || file.content === undefined) continue;
      const evidence = credentialsInFile(format, file.content.toString('utf8'));
      if (evidence.length === 0) continue;
      const critical = evidence.some((item) => item.severity === 'critical');
      const named = evidence.slice(0, NAMED_PER_FILE).map((item) => item.what).join('; ');
      const more = evidence.length > NAMED_PER_FILE ? `; and ${evidence.length - NAMED_PER_FILE} more` : '';
      findings.push({
        id: ID,
        title: TITLE,
        severity: critical ? 'critical' : 'high',
        path: file.path,
        layerIndex: file.layerIndex,
        message: `File ${displayPath(file.path)} (${format.label}, layer ${file.layerIndex}) of image "${input.image.name}" holds ${named}${more}. Anyone who can pull the image can read it. ${critical ? 'Revoke or rotate these credentials now' : 'If these values are real, rotate them'}; deleting the file in a later step does not remove it from the layer that added it, so keep it out of the build (.dockerignore) and pass credentials as build secrets (\`RUN --mount=type=secret\`) or at run time.`,
      });
    }
    return capFindings(findings, MAX_FINDINGS, (count) => ({
      id: ID,
      title: TITLE,
      severity: 'high',
      message: `${count} more credential files of image "${input.image.name}" hold credentials; only the first ${MAX_FINDINGS} are listed.`,
    }));
  },
};
