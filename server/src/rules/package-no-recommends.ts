import { instructionFlags, type DockerfileModel, type DockerInstruction, type Stage } from '../engine/languages/dockerfile/model';
import { packageInstall, type PackageInstall } from '../engine/languages/dockerfile/packages';
import { insertWordAfter, instructionPlace, mayMention, shellCommands } from '../engine/languages/dockerfile/shell';
import { defineRule } from '../engine/rule';

const RECOMMENDS_OFF = /^APT::Install-Recommends=["']?(?:false|0|no|off)["']?$/i;
const SIMULATE_OPTIONS = new Set(['--simulate', '--just-print', '--dry-run', '--recon', '--no-act', '--download-only']);
/** Commands this rule checks are `apt-get install`, `apt install` and `apk add`. */
const mentionsAptOrApkInstall = (text: string): boolean => (text.includes('apt') && text.includes('install')) || (text.includes('apk') && text.includes('add'));
/** apt configuration written by an earlier step (`echo 'APT::Install-Recommends "false";' > /etc/apt/apt.conf.d/…`). */
const RECOMMENDS_OFF_CONFIG = /APT::Install-Recommends\s+\\?["']\s*(?:false|0|no|off)\b/i;

export default defineRule({
  meta: {
    id: 'package-no-recommends',
    title: 'Install packages without recommends or a cached package index',
    appliesTo: ['dockerfile'],
    category: 'supply-chain',
    defaultSeverity: 'info',
    securitySeverity: 'low',
    fix: 'mixed',
    peers: ['hadolint DL3015', 'hadolint DL3019', 'Trivy DS-0029', 'Trivy DS-0025'],
    docs: {
      rationale:
        '`apt-get install` also installs every package the named ones *recommend*, which often means compilers, documentation tools, mail agents or X libraries nobody asked for: more code with more vulnerabilities to patch, and a bigger image. `apk add` without `--no-cache` leaves the downloaded package index in `/var/cache/apk` inside the layer.',
      remediation:
        'Add `--no-install-recommends` to `apt-get install` / `apt install` (or set `-o APT::Install-Recommends=false`, or configure it once in `/etc/apt/apt.conf.d/`), and name the few recommended packages you do need. Add `--no-cache` to `apk add` (a `RUN --mount=type=cache` on `/var/cache/apk` is accepted too). The `--no-cache` fix is safe; the `--no-install-recommends` fix is unsafe because it changes what gets installed, and the program may have relied on a recommended package.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y curl && rm -rf /var/lib/apt/lists/*\nUSER 10001',
          good: 'FROM debian:12-slim\nRUN apt-get update && apt-get install -y --no-install-recommends curl && rm -rf /var/lib/apt/lists/*\nUSER 10001',
        },
        {
          kind: 'dockerfile',
          bad: 'FROM alpine:3.20\nRUN apk add --update curl\nUSER 10001',
          good: 'FROM alpine:3.20\nRUN apk add --no-cache curl\nUSER 10001',
        },
      ],
      references: [
        { title: 'Docker: Dockerfile best practices, apt-get', url: 'https://docs.docker.com/build/building/best-practices/#apt-get' },
        { title: 'Alpine Linux: Alpine Package Keeper', url: 'https://wiki.alpinelinux.org/wiki/Alpine_Package_Keeper' },
        { title: 'Docker: Dockerfile reference, RUN --mount=type=cache', url: 'https://docs.docker.com/reference/dockerfile/#run---mounttypecache' },
      ],
    },
  },
  create(context) {
    const model = context.dockerfile;
    return {
      dockerfile: {
        instruction(instruction) {
          if (!model || instruction.keyword !== 'RUN' || !mayMention(model, instruction, mentionsAptOrApkInstall)) return;
          for (const command of shellCommands(model, instruction)) {
            const install = packageInstall(command);
            if (!install || install.packages.length === 0) continue;
            if (install.manager === 'apt-get' || install.manager === 'apt') checkApt(model, instruction, install);
            else if (install.manager === 'apk') checkApk(instruction, install);
          }
        },
      },
    };

    function checkApt(model: DockerfileModel, instruction: DockerInstruction, install: PackageInstall): void {
      // `-s`/`--simulate` and `-d`/`--download-only` install nothing.
      if (install.options.some((option) => SIMULATE_OPTIONS.has(option.text) || /^-[a-zA-Z]*[sd][a-zA-Z]*$/.test(option.text))) return;
      const explicit = install.optionValues.some(({ option, value }) => {
        const text = option.text;
        if (text.startsWith('--no-install-recommends') || text.startsWith('--install-recommends')) return true;
        if ((text === '-o' || text === '--option') && value) return RECOMMENDS_OFF.test(value.text);
        const attached = /^(?:-o|--option=)(.+)$/.exec(text);
        return attached !== null && RECOMMENDS_OFF.test(attached[1] ?? '');
      });
      if (explicit || configuredEarlier(model, instruction, install.command.range.start)) return;
      context.report({
        message: `"${install.manager} install" in ${instructionPlace(instruction)} also installs every recommended package, which adds software (and vulnerabilities) nobody asked for. Add --no-install-recommends and name the recommended packages you really need.`,
        range: { start: install.command.words[0]?.start ?? install.action.start, end: install.action.end },
        fixes: [{ title: 'Add --no-install-recommends', safety: 'unsafe', edits: [insertWordAfter(install.action, '--no-install-recommends')] }],
      });
    }

    function checkApk(instruction: DockerInstruction, install: PackageInstall): void {
      // `--no-network` installs from what is already there and downloads no index.
      if (install.options.some((option) => option.text === '--no-cache' || option.text === '--no-network')) return;
      const cacheMounted = instructionFlags(instruction, 'mount').some((mount) => {
        const type = mount.option('type')?.value;
        const target = mount.option('target')?.value ?? mount.option('dst')?.value ?? mount.option('destination')?.value;
        return (type === 'cache' || type === 'tmpfs') && (target === '/var/cache/apk' || target === '/etc/apk/cache');
      });
      if (cacheMounted) return;
      context.report({
        message: `"apk add" in ${instructionPlace(instruction)} keeps the downloaded package index in /var/cache/apk inside the image layer. Add --no-cache so apk fetches it to a temporary location and nothing is left behind.`,
        range: { start: install.command.words[0]?.start ?? install.action.start, end: install.action.end },
        fixes: [{ title: 'Add --no-cache', safety: 'safe', edits: [insertWordAfter(install.action, '--no-cache')] }],
      });
    }
  },
});

/** Where the first RUN of a stage that turns off recommends starts (Infinity when none does); once per stage. */
const configurationStarts = new WeakMap<Stage, number>();

/**
 * Whether apt was told not to install recommends by an earlier step of the image: a RUN that writes
 * `APT::Install-Recommends "false"` before this command, in this stage or a stage it is built FROM.
 */
function configuredEarlier(model: DockerfileModel, instruction: DockerInstruction, before: number): boolean {
  let stage = instruction.stage;
  let limit = instruction.onbuild ? Number.POSITIVE_INFINITY : instruction.range.start;
  while (stage) {
    let first = configurationStarts.get(stage);
    if (first === undefined) {
      const configuring = stage.instructions.find((run) => run.keyword === 'RUN' && RECOMMENDS_OFF_CONFIG.test(model.text.slice(run.range.start, run.range.end)));
      first = configuring?.range.start ?? Number.POSITIVE_INFINITY;
      configurationStarts.set(stage, first);
    }
    if (first < limit) return true;
    stage = stage.baseStage;
    limit = Number.POSITIVE_INFINITY;
  }
  return configurationEnd(model, instruction) <= before;
}

/** Where the first `APT::Install-Recommends "false"` inside an instruction ends (Infinity when none does). */
const configurationEnds = new WeakMap<DockerInstruction, number>();

/** Found once per instruction: searching up to each apt command again made a long RUN quadratic. */
function configurationEnd(model: DockerfileModel, instruction: DockerInstruction): number {
  let end = configurationEnds.get(instruction);
  if (end === undefined) {
    const match = RECOMMENDS_OFF_CONFIG.exec(model.text.slice(instruction.range.start, instruction.range.end));
    end = match ? instruction.range.start + match.index + match[0].length : Number.POSITIVE_INFINITY;
    configurationEnds.set(instruction, end);
  }
  return end;
}
