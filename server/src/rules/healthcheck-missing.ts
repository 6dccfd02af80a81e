import { instructionArguments } from '../engine/languages/dockerfile/model';
import { displayName } from '../engine/image-reference';
import { rootStage, stageChain } from '../engine/languages/dockerfile/users';
import { defineRule } from '../engine/rule';
import { booleanSetting, itemsOf, placeValue, settingAt, type ComposeModel, type ComposeService } from '../engine/languages/compose/model';
import type { RuleContext } from '../engine/rule';

export default defineRule({
  meta: {
    id: 'healthcheck-missing',
    title: 'Declare a HEALTHCHECK for the image that ships',
    appliesTo: ['dockerfile', 'compose'],
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
        {
          kind: 'compose',
          bad: 'services:\n  api:\n    image: node:22-alpine\n    healthcheck:\n      disable: true\n',
          good: 'services:\n  api:\n    image: node:22-alpine\n    healthcheck:\n      test: ["CMD", "node", "healthcheck.js"]\n',
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
      compose: {
        service(service) {
          if (context.compose) checkComposeHealthcheck(context, context.compose, service);
        },
      },
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

function checkComposeHealthcheck(context: RuleContext, model: ComposeModel, service: ComposeService): void {
  const disable = settingAt(service.settings, ['healthcheck', 'disable']);
  const test = settingAt(service.settings, ['healthcheck', 'test']);
  const first = itemsOf(test)[0];
  const at = booleanSetting(model, disable) === true ? disable?.at : first && model.resolve(first).value?.trim().toUpperCase() === 'NONE' ? test?.at : undefined;
  const place = at ? placeValue(model, at) : undefined;
  if (!place) return;
  context.report({
    message: `${service.label} turns off the image's health check, so Docker (and depends_on: condition: service_healthy) cannot tell a hung container from a healthy one. Remove it and let the image's HEALTHCHECK run, or define a test that checks the service.`,
    range: place.range,
    related: place.related,
  });
}
