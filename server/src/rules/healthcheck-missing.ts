import { instructionArguments } from '../engine/languages/dockerfile/model';
import { displayName } from '../engine/image-reference';
import { rootStage, stageChain } from '../engine/languages/dockerfile/users';
import { defineRule } from '../engine/rule';

export default defineRule({
  meta: {
    id: 'healthcheck-missing',
    title: 'Declare a HEALTHCHECK for the image that ships',
    appliesTo: ['dockerfile'],
    category: 'hardening',
    defaultSeverity: 'off',
    strictSeverity: 'info',
    securitySeverity: 'low',
    peers: ['hadolint DL3057', 'Trivy DS-0026', 'Checkov CKV_DOCKER_2'],
    docs: {
      rationale:
        'A `HEALTHCHECK` lets Docker, Compose and Swarm notice a container that is running but no longer working (hung, deadlocked, out of connections) and restart or replace it, instead of routing traffic to it. Only the final stage is checked, and a `HEALTHCHECK` in a stage it is built on counts. `HEALTHCHECK NONE` counts too: it is an explicit decision (for example because Kubernetes probes do the job, and Kubernetes ignores `HEALTHCHECK`). A health check that the external base image declares cannot be seen here, so the rule is off by default and `info` in the `strict` preset.',
      remediation:
        'Add a cheap check of the service itself: `HEALTHCHECK --interval=30s --timeout=3s CMD ["/app", "healthcheck"]` or `HEALTHCHECK CMD curl -fsS http://localhost:8080/healthz || exit 1` (the tool must exist in the image). When the image runs on Kubernetes, define liveness and readiness probes there and write `HEALTHCHECK NONE` to record the choice.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/',
          good: 'FROM nginx:1.27\nCOPY site/ /usr/share/nginx/html/\nHEALTHCHECK --interval=30s --timeout=3s CMD curl -fsS http://localhost/ || exit 1',
        },
      ],
      references: [
        { title: 'Dockerfile reference: HEALTHCHECK', url: 'https://docs.docker.com/reference/dockerfile/#healthcheck' },
        { title: 'Kubernetes: configure liveness, readiness and startup probes', url: 'https://kubernetes.io/docs/tasks/configure-pod-container/configure-liveness-readiness-startup-probes/' },
      ],
    },
  },
  create(context) {
    return {
      dockerfile: {
        end() {
          const model = context.dockerfile;
          const stage = model?.finalStage;
          if (!model || !stage || stage.isBaseOfAnotherStage) return;
          const declared = stageChain(stage).some((current) => current.instructions.some((instruction) => instruction.keyword === 'HEALTHCHECK'));
          if (declared) return;
          const root = rootStage(stage);
          const base = root.isScratch ? 'scratch' : root.baseImage?.reference ? displayName(root.baseImage.reference) : (root.baseImage?.written ?? 'its base');
          const argument = instructionArguments(stage.from)[0];
          const subject = model.stages.length === 1 ? 'This Dockerfile' : `The final stage (${stage.label})`;
          context.report({
            message: `${subject} declares no HEALTHCHECK, so Docker cannot tell a hung container built FROM ${base} from a healthy one unless the base image declares one. Add HEALTHCHECK CMD … that checks the service, or HEALTHCHECK NONE to record that probes elsewhere do it.`,
            range: argument ? argument.range : stage.from.keywordRange,
          });
        },
      },
    };
  },
});
