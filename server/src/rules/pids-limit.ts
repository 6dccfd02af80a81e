import { ensureInService, setValueEdits } from '../engine/languages/compose/edits';
import { placeService, placeValue, settingAt, textSetting } from '../engine/languages/compose/model';
import { defineRule } from '../engine/rule';

const PIDS_LIMIT = 200;

export default defineRule({
  meta: {
    id: 'pids-limit',
    title: 'Limit the number of processes a service can start',
    appliesTo: ['compose'],
    category: 'hardening',
    defaultSeverity: 'off',
    strictSeverity: 'info',
    securitySeverity: 'low',
    fix: 'unsafe',
    cwe: ['CWE-770'],
    peers: ['Docker Bench 5.29'],
    docs: {
      rationale:
        'Without a PID limit a container can start processes until the host runs out of process IDs: a fork bomb, or a leak of threads in a busy service, then stops every other container and the host itself from starting anything. `pids_limit: -1` or `0` means unlimited. The rule is off by default (most services never approach the limit) and `info` in the `strict` preset.',
      remediation:
        'Set `pids_limit` (or `deploy.resources.limits.pids`) a comfortable margin above what the service uses — `docker stats` shows the PIDS column. The quick fix sets 200, which suits most single-process services; raise it for thread-heavy ones (JVMs, databases).',
      examples: [
        {
          kind: 'compose',
          bad: 'services:\n  api:\n    image: node:22-alpine\n',
          good: 'services:\n  api:\n    image: node:22-alpine\n    pids_limit: 200\n',
        },
      ],
      references: [
        { title: 'Compose file reference: pids_limit', url: 'https://docs.docker.com/reference/compose-file/services/#pids_limit' },
        { title: 'CIS Docker Benchmark 5.29: ensure that the PIDs cgroup limit is used', url: 'https://www.cisecurity.org/benchmark/docker' },
      ],
    },
  },
  create(context) {
    return {
      compose: {
        service(service) {
          const model = context.compose;
          if (!model) return;
          const value = settingAt(service.settings, ['pids_limit']) ?? settingAt(service.settings, ['deploy', 'resources', 'limits', 'pids']);
          if (value) {
            const text = textSetting(model, value)?.trim();
            if (text === undefined || !/^(-1|0)$/.test(text)) return;
            const place = placeValue(model, value.at);
            if (!place) return;
            const edits = place.editable ? setValueEdits(model, value.at, PIDS_LIMIT) : [];
            context.report({
              message: `${service.label} sets its PID limit to ${text}, which means unlimited: a fork bomb or a thread leak in it can exhaust the host's process IDs. Set a limit such as ${PIDS_LIMIT}.`,
              range: place.range,
              related: place.related,
              fixes: edits.length > 0 ? [{ title: `Set the PID limit to ${PIDS_LIMIT}`, safety: 'unsafe', edits }] : [],
            });
            return;
          }
          const range = placeService(service);
          if (!range) return;
          const edits = ensureInService(model, service, { pids_limit: PIDS_LIMIT });
          context.report({
            message: `${service.label} has no PID limit, so a fork bomb or a thread leak in it can exhaust the host's process IDs and stop every other container. Set pids_limit (for example ${PIDS_LIMIT}).`,
            range,
            fixes: edits.length > 0 ? [{ title: `Set pids_limit: ${PIDS_LIMIT}`, safety: 'unsafe', edits }] : [],
          });
        },
      },
    };
  },
});
