import { instructionFlags } from '../engine/languages/dockerfile/model';
import { instructionPlace } from '../engine/languages/dockerfile/shell';
import { defineRule } from '../engine/rule';

export default defineRule({
  meta: {
    id: 'privileged-build',
    title: 'Do not run build steps with host network or without the sandbox',
    appliesTo: ['dockerfile'],
    category: 'user-and-privileges',
    defaultSeverity: 'warning',
    securitySeverity: 'high',
    fix: 'unsafe',
    cwe: ['CWE-250'],
    docs: {
      rationale:
        '`RUN --security=insecure` runs the step without the build sandbox, much like a privileged container: it can reach the build host\'s devices and kernel interfaces. `RUN --network=host` gives the step the build host\'s network namespace, so it can reach whatever listens there (local daemons, cloud metadata endpoints, internal services). Both need an entitlement granted to the whole build (`--allow security.insecure` / `network.host`), so a step that a base image, a dependency\'s install script or an ONBUILD trigger controls can take over the build machine and what it can reach.',
      remediation:
        'Remove the flag. Fetch what the step needs from the default build network, pass credentials with `RUN --mount=type=secret` or `--mount=type=ssh`, and move work that really needs privileges (loop devices, kernel modules) out of the image build. The fix removes the flag; it is unsafe because a step that relied on it may then fail.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM debian:12-slim\nRUN --network=host apt-get update\nUSER 10001',
          good: 'FROM debian:12-slim\nRUN apt-get update\nUSER 10001',
        },
        {
          kind: 'dockerfile',
          bad: '# syntax=docker/dockerfile:1-labs\nFROM alpine:3.20\nRUN --security=insecure mount -t tmpfs none /mnt\nUSER 10001',
          good: '# syntax=docker/dockerfile:1-labs\nFROM alpine:3.20\nRUN mkdir -p /mnt/data\nUSER 10001',
        },
      ],
      references: [
        { title: 'Docker: Dockerfile reference, RUN --network', url: 'https://docs.docker.com/reference/dockerfile/#run---network' },
        { title: 'Docker: Dockerfile reference, RUN --security', url: 'https://docs.docker.com/reference/dockerfile/#run---security' },
        { title: 'Docker: docker buildx build --allow', url: 'https://docs.docker.com/reference/cli/docker/buildx/build/#allow' },
      ],
    },
  },
  create(context) {
    const model = context.dockerfile;
    return {
      dockerfile: {
        instruction(instruction) {
          if (!model || instruction.keyword !== 'RUN') return;
          const place = instructionPlace(instruction);
          for (const flag of instructionFlags(instruction)) {
            const name = flag.name.toLowerCase();
            const value = (flag.value ?? '').toLowerCase();
            const range = flag.range;
            const written = model.text.slice(range.start, range.end);
            let message: string | undefined;
            if (name === 'network' && value === 'host') {
              message = `RUN ${written} in ${place} gives this step the build host's network, so it can reach local daemons, cloud metadata endpoints and internal services. Remove the flag and fetch what the step needs over the default build network.`;
            } else if (name === 'security' && value === 'insecure') {
              message = `RUN ${written} in ${place} runs this step outside the build sandbox, like a privileged container with access to the build host's devices and kernel. Remove the flag and move work that needs privileges out of the image build.`;
            }
            if (!message) continue;
            let end = range.end;
            while (model.text[end] === ' ' || model.text[end] === '\t') end++;
            context.report({
              message,
              range,
              fixes: [{ title: `Remove ${written}`, safety: 'unsafe', edits: [{ start: range.start, end, text: '' }] }],
            });
          }
        },
      },
    };
  },
});
