// Secrets recorded in the build history: build-argument values that RUN steps saw, ARG defaults, ENV values
// that later steps changed, and credentials in command text. `docker history --no-trunc` shows them all.
import type { ReportFinding } from '../../protocol';
import { CREDENTIAL_DESCRIPTIONS, findCredentials } from '../../engine/secrets';
import { capFindings, type ImageCheck } from './image-check';
import { envEntries } from './image-config';
import { historySteps, type HistoryStep } from './history-steps';
import { maskSecret } from './mask-secret';
import { secretAssignment } from './secret-assignment';

const ID = 'image-history-secret';
const TITLE = 'Secret in the image build history';
const MAX_FINDINGS = 50;

interface Exposure {
  /** "build argument NPM_TOKEN holding an npm access token". */
  what: string;
  secret: string;
}

function exposures(step: HistoryStep, currentEnv: ReadonlySet<string>): Exposure[] {
  const found: Exposure[] = [];
  // Values image-env-secret reports, or that are already named here, are not reported again from the text.
  const covered: string[] = [];
  const add = (label: string, name: string, value: string): void => {
    const secret = secretAssignment(name, value);
    if (!secret) return;
    covered.push(value);
    found.push({ what: `${label} ${name} holding ${secret.description}`, secret: secret.secret });
  };
  for (const { name, value } of step.buildArgs) add(step.instruction === 'ARG' ? 'the default of build argument' : 'build argument', name, value);
  for (const { name, value } of step.env) {
    if (!currentEnv.has(`${name}=${value}`)) add('ENV', name, value);
    else if (secretAssignment(name, value)) covered.push(value);
  }
  for (const match of findCredentials(step.createdBy)) {
    const secret = step.createdBy.slice(match.start, match.end);
    if (match.placeholder || covered.some((value) => value.includes(secret))) continue;
    found.push({ what: `the command text holding ${CREDENTIAL_DESCRIPTIONS[match.kind]}`, secret });
  }
  return found;
}

export const imageHistorySecret: ImageCheck = {
  id: ID,
  run(input) {
    const { image } = input;
    const currentEnv = new Set(envEntries(image.config).map(({ name, value }) => `${name}=${value}`));
    const steps = historySteps(image.config, image.layers.length);
    const findings: ReportFinding[] = [];
    for (const step of steps) {
      const found = exposures(step, currentEnv);
      if (found.length === 0) continue;
      const layer = step.layerIndex !== undefined ? `, layer ${step.layerIndex}` : '';
      const list = found.map((exposure) => `${exposure.what} (${maskSecret(exposure.secret)})`).join('; ');
      const changedEnv = step.instruction === 'ENV' ? ' Later steps changed or removed the variable, but the history keeps the old value.' : '';
      findings.push({
        id: ID,
        title: TITLE,
        severity: 'high',
        message: `Build step ${step.index + 1} of ${steps.length} (${step.instruction}${layer}) of image "${image.name}" recorded ${list}. The history is part of the image configuration, readable by anyone who can pull the image (\`docker history --no-trunc\`).${changedEnv} Rotate the secret, then give it to the build as a build secret (\`RUN --mount=type=secret\`) instead of a build argument, ENV or command text.`,
        ...(step.layerIndex !== undefined ? { layerIndex: step.layerIndex } : {}),
      });
    }
    return capFindings(findings, MAX_FINDINGS, (count) => ({
      id: ID,
      title: TITLE,
      severity: 'high',
      message: `${count} more build steps of image "${image.name}" recorded secrets; only the first ${MAX_FINDINGS} are listed. Check the whole history with \`docker history --no-trunc\`.`,
    }));
  },
};
