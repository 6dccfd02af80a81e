// Whether the image tells Docker how to check that its service is healthy.
import { imageLabel, type ImageCheck } from './image-check';
import { healthcheckTest } from './image-config';

export const imageHealthcheckMissing: ImageCheck = {
  id: 'image-healthcheck-missing',
  run(input) {
    const test = healthcheckTest(input.image.config);
    const disabled = test !== undefined && test[0] === 'NONE';
    if (test !== undefined && test.length > 0 && !disabled) return [];
    const what = disabled ? 'disables the health check it inherited (HEALTHCHECK NONE)' : 'has no health check';
    return [
      {
        id: 'image-healthcheck-missing',
        title: 'Image has no health check',
        severity: 'low',
        message: `The configuration of ${imageLabel(input)} ${what}, so Docker and Compose cannot tell a hung service from a working one and will not restart or stop routing to it. Add a HEALTHCHECK that probes the service (Kubernetes ignores it and uses the pod's liveness and readiness probes instead, so define those there).`,
      },
    ];
  },
};
