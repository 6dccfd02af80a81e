// Secrets in the image configuration's Env, which `docker inspect` shows to anyone who can pull the image.
import type { ReportFinding } from '../../protocol';
import type { ImageCheck } from './image-check';
import { envEntries } from './image-config';
import { maskSecret } from './mask-secret';
import { secretAssignment } from './secret-assignment';

export const imageEnvSecret: ImageCheck = {
  id: 'image-env-secret',
  run(input) {
    const findings: ReportFinding[] = [];
    for (const { name, value } of envEntries(input.image.config)) {
      const secret = secretAssignment(name, value);
      if (!secret) continue;
      const credential = secret.kind === 'credential';
      findings.push({
        id: 'image-env-secret',
        title: 'Secret in the image environment',
        severity: credential ? 'critical' : 'high',
        message: `Environment variable ${name} of image "${input.image.name}" holds ${secret.description} (${maskSecret(secret.secret)}). The image configuration, Env included, is readable by anyone who can pull the image (\`docker inspect\`). ${credential ? 'Revoke or rotate it now, then rebuild' : 'If it is real, rotate it and rebuild'} without it, and give the container the secret at run time from your orchestrator's secret store.`,
      });
    }
    return findings;
  },
};
