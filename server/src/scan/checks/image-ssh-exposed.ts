// Port 22 in the image's ExposedPorts: an SSH server inside a container.
import { imageLabel, type ImageCheck } from './image-check';
import { exposedPorts } from './image-config';

export const imageSshExposed: ImageCheck = {
  id: 'image-ssh-exposed',
  run(input) {
    const ports = exposedPorts(input.image.config);
    const ssh = ports.find((port) => port === '22' || port === '22/tcp');
    if (ssh === undefined) return [];
    return [
      {
        id: 'image-ssh-exposed',
        title: 'Image exposes SSH (port 22)',
        severity: 'medium',
        message: `The configuration of ${imageLabel(input)} exposes port ${ssh}, which usually means an SSH server runs in the container: one more service to attack and more keys to manage, and a way in that bypasses the orchestrator's access control and audit log. Remove the SSH server and use \`docker exec\` or \`kubectl exec\` (or \`kubectl debug\`) to get a shell.`,
      },
    ];
  },
};
