import {
  instructionPlace,
  isShell,
  mayMention,
  programName,
  scriptSource,
  shellCommands,
  type ShellCommand,
  type ShellWord,
} from '../engine/languages/dockerfile/shell';
import { defineRule } from '../engine/rule';

const DOWNLOADERS = new Set(['curl', 'wget', 'fetch']);

/** Programs that run the code they are given: shells and script interpreters. */
function isInterpreter(name: string): boolean {
  return isShell(name) || /^(?:python[0-9.]*|pypy[0-9.]*|perl[0-9.]*|ruby[0-9.]*|node|nodejs|deno|bun|php[0-9.]*|pwsh|fish|tclsh|lua[0-9.]*)$/.test(name);
}

const isDownloader = (command: ShellCommand): boolean => DOWNLOADERS.has(programName(command));
/** Every finding involves a downloader command (one of DOWNLOADERS). */
const mentionsDownloader = (text: string): boolean => text.includes('curl') || text.includes('wget') || text.includes('fetch');

/** The download a command writes to its output: the downloader itself, or `echo "$(curl …)"` / `cat <(curl …)`. */
function emittedDownload(command: ShellCommand): ShellCommand | undefined {
  if (isDownloader(command)) return command;
  if (!['echo', 'printf', 'cat'].includes(programName(command))) return undefined;
  for (const word of command.words.slice(1)) {
    const download = downloadIn(word);
    if (download) return download;
  }
  return undefined;
}

/** The words an interpreter takes its program from: `sh -c <script>`, `bash <file>`, `python3 -c <code>`,
 * `eval <words>`, `source <file>`. */
function programWords(command: ShellCommand): ShellWord[] {
  const name = programName(command);
  const words = command.words;
  if (name === 'eval') return words.slice(1);
  if (name === 'source' || name === '.') return words.slice(1, 2);
  if (!isInterpreter(name)) return [];
  if (command.script) return [command.script];
  for (let i = 1; i < words.length; i++) {
    const text = words[i]?.text ?? '';
    if (/^-[a-zA-Z]*[ce]$/.test(text) || text === '--eval' || text === '--command') return words.slice(i + 1, i + 2);
    if (text === '-o' || text === '+o' || text === '-W' || text === '-X') {
      i++;
      continue;
    }
    if (!text.startsWith('-') && !text.startsWith('+')) return [words[i] as ShellWord];
  }
  return [];
}

/** A word that is nothing but a substitution running a download (`"$(curl …)"`, `<(wget -O- …)`). */
function downloadIn(word: ShellWord | undefined): ShellCommand | undefined {
  for (const substitution of word?.substitutions ?? []) {
    if (!substitution.whole) continue;
    const download = substitution.commands.find(isDownloader);
    if (download) return download;
  }
  return undefined;
}

export default defineRule({
  meta: {
    id: 'curl-pipe-shell',
    title: 'Do not pipe downloaded scripts into a shell or interpreter',
    appliesTo: ['dockerfile'],
    category: 'supply-chain',
    defaultSeverity: 'warning',
    securitySeverity: 'high',
    cwe: ['CWE-494'],
    docs: {
      rationale:
        '`curl … | sh` runs whatever the server sends at that moment, as root, with nothing checking that it is the script you reviewed. A compromised download site, a hijacked domain or a man-in-the-middle on a mirror owns the image, and since the script changes over time the build is not reproducible either. A partial download can also execute a truncated script.',
      remediation:
        'Download the script or binary to a file, verify it against a pinned checksum or signature, then run it: `ADD --checksum=sha256:… https://… /tmp/install.sh` or `curl -fsSLo /tmp/install.sh … && echo "<sha256>  /tmp/install.sh" | sha256sum -c - && sh /tmp/install.sh`. Better still, install from the distribution\'s package manager or copy the tool from a pinned image (`COPY --from=image@sha256:… /bin/tool /bin/`). The rule also catches `sh -c "$(curl …)"`, `bash <(curl …)` and `python3 <(wget -O- …)`, in `RUN`, heredocs and ONBUILD triggers.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM debian:12-slim\nRUN curl -fsSL https://deb.nodesource.com/setup_22.x | bash -\nUSER 10001',
          good: 'FROM debian:12-slim\nCOPY --from=node:22.11-bookworm-slim /usr/local/bin/node /usr/local/bin/node\nUSER 10001',
          note: 'Copy the runtime from a pinned official image instead of running a setup script from the network.',
        },
        {
          kind: 'dockerfile',
          bad: 'FROM alpine:3.20\nRUN sh -c "$(wget -qO- https://example.com/install.sh)"\nUSER 10001',
          good: 'FROM alpine:3.20\nRUN apk add --no-cache example-tool\nUSER 10001',
        },
      ],
      references: [
        { title: 'Docker: Dockerfile reference, ADD --checksum', url: 'https://docs.docker.com/reference/dockerfile/#add---checksum' },
        { title: 'CWE-494: Download of Code Without Integrity Check', url: 'https://cwe.mitre.org/data/definitions/494.html' },
        { title: 'OWASP Docker Security Cheat Sheet', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Docker_Security_Cheat_Sheet.html' },
      ],
    },
  },
  create(context) {
    const model = context.dockerfile;
    return {
      dockerfile: {
        instruction(instruction) {
          if (!model || instruction.keyword !== 'RUN' || !mayMention(model, instruction, mentionsDownloader)) return;
          const place = instructionPlace(instruction);
          const report = (download: ShellCommand, runner: ShellCommand, end: number, how: string): void => {
            const start = Math.min(download.words[0]?.start ?? end, runner.words[0]?.start ?? end);
            context.report({
              message: `${how} in ${place} executes whatever the server sends at build time, unverified: a compromised or spoofed download owns the image. Save the download to a file, check a pinned checksum or signature, then run it.`,
              range: { start, end },
            });
          };
          for (const command of shellCommands(model, instruction)) {
            const emitted = emittedDownload(command);
            if (emitted) {
              for (let reader = command.pipedTo; reader; reader = reader.pipedTo) {
                const name = programName(reader);
                if (!isInterpreter(name) || scriptSource(reader) !== 'stdin') continue;
                report(command, reader, reader.words[0]?.end ?? command.range.end, `Piping "${programName(emitted)}" output into "${name}"`);
                break;
              }
              continue;
            }
            for (const word of programWords(command)) {
              const download = downloadIn(word);
              if (download) report(download, command, word.end, `Running "${programName(download)}" output with "${programName(command)}"`);
            }
            if (!isInterpreter(programName(command)) || scriptSource(command) !== 'stdin') continue;
            const stdin = command.redirects.filter((r) => r.operator === '<' || r.operator === '<<<');
            const last = stdin[stdin.length - 1];
            const download = downloadIn(last?.target);
            if (last && download) report(download, command, last.range.end, `Feeding "${programName(download)}" output to "${programName(command)}"`);
          }
        },
      },
    };
  },
});
