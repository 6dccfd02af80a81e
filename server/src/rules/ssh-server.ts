import { instructionArguments, type DockerInstruction } from '../engine/languages/dockerfile/model';
import { packageInstall, packageNameIs, type PackageManager } from '../engine/languages/dockerfile/packages';
import { instructionPlace, mayMention, shellCommands } from '../engine/languages/dockerfile/shell';
import { defineRule } from '../engine/rule';

/** Packages that install an SSH daemon, per package manager (`ssh` on Debian and `openssh` on Alpine and
 * openSUSE are metapackages that include the server). */
const SERVER_PACKAGES: Record<PackageManager, string[]> = {
  'apt-get': ['openssh-server', 'dropbear', 'dropbear-bin', 'ssh'],
  apt: ['openssh-server', 'dropbear', 'dropbear-bin', 'ssh'],
  aptitude: ['openssh-server', 'dropbear', 'dropbear-bin', 'ssh'],
  apk: ['openssh-server', 'openssh-server-pam', 'openssh', 'dropbear'],
  yum: ['openssh-server', 'dropbear'],
  dnf: ['openssh-server', 'dropbear'],
  microdnf: ['openssh-server', 'dropbear'],
  tdnf: ['openssh-server', 'dropbear'],
  zypper: ['openssh-server', 'openssh', 'dropbear'],
};

export default defineRule({
  meta: {
    id: 'ssh-server',
    title: 'Do not run an SSH server in a container',
    appliesTo: ['dockerfile'],
    category: 'user-and-privileges',
    defaultSeverity: 'warning',
    securitySeverity: 'medium',
    peers: ['Trivy DS-0004', 'Checkov CKV_DOCKER_1', 'kube-linter ssh-port'],
    docs: {
      rationale:
        'An SSH daemon in a container is one more long-lived, network-facing service with its own keys, users and CVEs, and usually it ships host keys baked into the image and passwords or authorized keys that every copy of the image shares. It also runs as root beside the application. Containers are reached with `docker exec` or `kubectl exec`, which use the platform\'s authentication and audit trail instead.',
      remediation:
        'Remove the SSH server package and `EXPOSE 22`. Use `docker exec` / `kubectl exec` (or `kubectl debug` with an ephemeral container) for interactive access, and copy files with `docker cp` / `kubectl cp`. If a tool really needs SSH (for example a CI runner image), keep it in an image that is not deployed as a service.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends openssh-server\nUSER 10001',
          good: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nUSER 10001',
        },
        {
          kind: 'dockerfile',
          bad: 'FROM nginx:1.27\nEXPOSE 80 22\nUSER 10001',
          good: 'FROM nginx:1.27\nEXPOSE 80\nUSER 10001',
        },
      ],
      references: [
        { title: 'Docker: docker container exec', url: 'https://docs.docker.com/reference/cli/docker/container/exec/' },
        { title: 'Kubernetes: get a shell to a running container', url: 'https://kubernetes.io/docs/tasks/debug/debug-application/get-shell-running-container/' },
        { title: 'Docker: Dockerfile reference, EXPOSE', url: 'https://docs.docker.com/reference/dockerfile/#expose' },
      ],
    },
  },
  create(context) {
    const model = context.dockerfile;
    return {
      dockerfile: {
        instruction(instruction) {
          if (!model) return;
          if (instruction.keyword === 'EXPOSE') checkExpose(instruction);
          // Every server package's name contains one of these.
          if (instruction.keyword !== 'RUN' || !mayMention(model, instruction, (text) => text.includes('ssh') || text.includes('dropbear'))) return;
          for (const command of shellCommands(model, instruction)) {
            const install = packageInstall(command);
            if (!install) continue;
            for (const word of install.packages) {
              const name = SERVER_PACKAGES[install.manager].find((candidate) => packageNameIs(word.text, candidate));
              if (!name) continue;
              context.report({
                message: `Installing "${name}" in ${instructionPlace(instruction)} puts an SSH daemon in the image: another root service with shared keys or passwords on the network. Use docker exec / kubectl exec for access instead.`,
                range: { start: word.start, end: word.end },
              });
            }
          }
        },
      },
    };

    function checkExpose(instruction: DockerInstruction): void {
      if (!model) return;
      for (const argument of instructionArguments(instruction)) {
        const value = argument.value;
        const match = /^(\d+)(?:-(\d+))?(?:\/([a-zA-Z]+))?$/.exec(value);
        if (!match) continue;
        const low = Number(match[1]);
        const high = match[2] !== undefined ? Number(match[2]) : low;
        const protocol = (match[3] ?? 'tcp').toLowerCase();
        if (protocol !== 'tcp' || low > 22 || high < 22) continue;
        const what = high === low ? 'port 22' : `port range ${value} (it includes 22)`;
        context.report({
          message: `EXPOSE of ${what} in ${instructionPlace(instruction)} advertises an SSH server, which should not run in a container. Remove it and use docker exec / kubectl exec for access.`,
          range: argument.range,
        });
      }
    }
  },
});
