import { instructionArguments, type DockerfileModel, type DockerInstruction, type Stage } from '../engine/languages/dockerfile/model';
import { instructionPlace, mayMention, programName, removeWords, shellCommands, type ShellCommand, type ShellWord, type ShellWrapper } from '../engine/languages/dockerfile/shell';
import { isRootUser, resolveText, variablesAt } from '../engine/languages/dockerfile/users';
import { defineRule } from '../engine/rule';
import type { Fix } from '../engine/types';

/** sudo options that neither change the target user nor need a value; removing them with sudo is harmless. */
const HARMLESS_OPTIONS = new Set(['-E', '-H', '-n', '-S', '-k', '--preserve-env', '--set-home', '--non-interactive', '--stdin', '--reset-timestamp']);

/** Docker Official Images that start as a non-root user, where a Dockerfile without USER is not root. */
const NON_ROOT_OFFICIAL_IMAGES = new Set(['elasticsearch', 'groovy', 'jenkins', 'jetty', 'kibana', 'kong', 'logstash', 'odoo', 'solr', 'sonarqube']);

type UserInEffect =
  | { kind: 'root'; user: string }
  | { kind: 'other'; user: string }
  /** No USER anywhere in the stage's chain: the base image decides. */
  | { kind: 'unset'; baseStartsAsRoot: boolean; baseImage: string | undefined };

export default defineRule({
  meta: {
    id: 'sudo',
    title: 'Do not use sudo in RUN',
    appliesTo: ['dockerfile'],
    category: 'user-and-privileges',
    defaultSeverity: 'warning',
    securitySeverity: 'medium',
    fix: 'mixed',
    cwe: ['CWE-250'],
    peers: ['hadolint DL3004', 'Trivy DS-0010', 'Checkov CKV2_DOCKER_1'],
    docs: {
      rationale:
        'Build steps already run as root unless a `USER` says otherwise, so `sudo` adds nothing there but a setuid binary with unpredictable TTY, environment and signal handling. When it is needed because an earlier `USER` dropped privileges, the image ships with a way back to root: anyone who gets a shell in the container as that user can become root, which defeats the point of running as non-root.',
      remediation:
        'Remove `sudo`. Run the privileged steps before switching with `USER`, or switch with `USER root` around them and back to the runtime user afterwards. To drop privileges in an entrypoint script, use `gosu` or `su-exec` instead. The fix removes a bare `sudo` word; it is marked safe when the step already runs as root (an explicit `USER root`, or no `USER` on a Docker Official Image or `scratch`), and unsafe otherwise, because without root the command may then fail.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM debian:12-slim\nRUN sudo apt-get update && sudo apt-get install -y --no-install-recommends curl\nUSER 10001',
          good: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl\nUSER 10001',
        },
        {
          kind: 'dockerfile',
          bad: 'FROM node:22-slim\nUSER node\nRUN sudo npm install -g pnpm',
          good: 'FROM node:22-slim\nRUN npm install -g pnpm\nUSER node',
          note: 'Install as root first, then switch to the runtime user.',
        },
      ],
      references: [
        { title: 'Docker: Dockerfile best practices, USER', url: 'https://docs.docker.com/build/building/best-practices/#user' },
        { title: 'Docker: Dockerfile reference, USER', url: 'https://docs.docker.com/reference/dockerfile/#user' },
        { title: 'OWASP Docker Security Cheat Sheet', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      ],
    },
  },
  create(context) {
    const model = context.dockerfile;
    return {
      dockerfile: {
        instruction(instruction) {
          if (!model || instruction.keyword !== 'RUN' || !mayMention(model, instruction, (text) => text.includes('sudo'))) return;
          for (const command of shellCommands(model, instruction)) {
            for (const wrapper of command.wrappers) {
              if (wrapper.name === 'sudo') reportSudo(instruction, command, wrapper);
            }
            // `sudo -i`, `sudo -s` or a lone `sudo`: sudo is the program itself.
            if (programName(command) === 'sudo' && command.words[0]) reportSudo(instruction, command, undefined);
          }
        },
      },
    };

    function reportSudo(instruction: DockerInstruction, command: ShellCommand, wrapper: ShellWrapper | undefined): void {
      if (!model) return;
      const word = wrapper?.words[0] ?? (command.words[0] as ShellWord);
      const user = userAt(model, instruction);
      const place = instructionPlace(instruction);
      const dropsToUser = wrapper?.words.some((w) => w.text === '-u' || w.text.startsWith('--user')) ?? false;
      let message: string;
      if (dropsToUser) {
        message = `"sudo" in ${place} switches user for one command, with unpredictable TTY and signal handling and a setuid binary left in the image. Use USER, or gosu/su-exec in an entrypoint script, and remove sudo.`;
      } else if (user.kind === 'other') {
        message = `"sudo" in ${place} runs this step as root while USER "${user.user}" is in effect, so the image keeps a way back to root for anyone with a shell in it. Do the privileged step before the USER switch (or under a temporary USER root) and remove sudo.`;
      } else if (user.kind === 'unset' && !user.baseStartsAsRoot) {
        const base = user.baseImage ? `base image "${user.baseImage}"` : 'the base image';
        message = `"sudo" in ${place} leaves a setuid way to root in the image. Build steps run as root unless ${base} starts as another user; if it does, switch with USER root for this step (and back afterwards) instead of using sudo.`;
      } else {
        message = `"sudo" in ${place} is not needed: the build step already runs as root, and sudo only adds a setuid binary and unpredictable TTY and signal handling. Remove it.`;
      }
      context.report({ message, range: { start: word.start, end: word.end }, fixes: wrapper ? removalFix(command, wrapper, user) : [] });
    }

    function removalFix(command: ShellCommand, wrapper: ShellWrapper, user: UserInEffect): Fix[] {
      if (!model || !wrapper.words.slice(1).every((w) => HARMLESS_OPTIONS.has(w.text))) return [];
      const first = wrapper.words[0] as ShellWord;
      const last = wrapper.words[wrapper.words.length - 1] as ShellWord;
      const next = [...command.assignments, ...command.wrappers.flatMap((w) => w.words), ...command.words]
        .filter((w) => w.start >= last.end)
        .sort((a, b) => a.start - b.start)[0];
      // In exec form the word after sudo becomes the program; an assignment cannot be one.
      if (first.json && (next === undefined || command.assignments.includes(next))) return [];
      const safe = user.kind === 'root' || (user.kind === 'unset' && user.baseStartsAsRoot);
      return [{ title: 'Remove sudo', safety: safe ? 'safe' : 'unsafe', edits: [removeWords(model, first, last, next)] }];
    }
  },
});

/** USER instructions of a stage, in order; computed once per stage. */
const stageUsers = new WeakMap<Stage, DockerInstruction[]>();
/** What a USER instruction sets, resolved once. */
const userValues = new WeakMap<DockerInstruction, UserInEffect>();

/**
 * The user a RUN runs as: the last USER before it in its stage, else in the stages it is built FROM. An ONBUILD
 * trigger runs in a child image, after everything here, so the stage's last USER counts for it.
 */
function userAt(model: DockerfileModel, instruction: DockerInstruction): UserInEffect {
  let stage = instruction.stage;
  let limit = instruction.onbuild ? Number.POSITIVE_INFINITY : instruction.range.start;
  while (stage) {
    let users = stageUsers.get(stage);
    if (!users) {
      users = stage.instructions.filter((i) => i.keyword === 'USER');
      stageUsers.set(stage, users);
    }
    let last: DockerInstruction | undefined;
    for (let i = users.length - 1; i >= 0 && !last; i--) if ((users[i]?.range.start ?? limit) < limit) last = users[i];
    if (last) return userValue(model, stage, last);
    if (!stage.baseStage) {
      const reference = stage.baseImage?.reference;
      const official = reference?.registry === 'docker.io' && reference.repository.startsWith('library/');
      const name = reference?.repository.slice('library/'.length) ?? '';
      return {
        kind: 'unset',
        baseStartsAsRoot: stage.isScratch || (official && !NON_ROOT_OFFICIAL_IMAGES.has(name)),
        baseImage: stage.baseImage?.resolved,
      };
    }
    stage = stage.baseStage;
    limit = Number.POSITIVE_INFINITY;
  }
  return { kind: 'unset', baseStartsAsRoot: false, baseImage: undefined };
}

function userValue(model: DockerfileModel, stage: Stage, instruction: DockerInstruction): UserInEffect {
  const known = userValues.get(instruction);
  if (known) return known;
  const written = instructionArguments(instruction)[0]?.value ?? '';
  const resolved = resolveText(model, written, variablesAt(model, stage, instruction.range.start));
  const user = (resolved ?? written).replace(/^["']|["']$/g, '').split(':')[0] ?? '';
  const value: UserInEffect = resolved !== undefined && isRootUser(user) ? { kind: 'root', user } : { kind: 'other', user: resolved === undefined ? written : user };
  userValues.set(instruction, value);
  return value;
}
