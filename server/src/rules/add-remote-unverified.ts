import { instructionFlags } from '../engine/languages/dockerfile/model';
import { gitSourcePinned, transferSources } from '../engine/languages/dockerfile/sources';
import { defineRule } from '../engine/rule';

export default defineRule({
  meta: {
    id: 'add-remote-unverified',
    title: 'Verify what ADD downloads with a checksum or a commit',
    appliesTo: ['dockerfile'],
    category: 'supply-chain',
    defaultSeverity: 'warning',
    securitySeverity: 'medium',
    cwe: ['CWE-494', 'CWE-829'],
    peers: ['Checkov CKV_DOCKER_4'],
    docs: {
      rationale:
        '`ADD https://…` puts whatever the server returns at build time into the image: a compromised server, a hijacked domain, a moved release asset or a man in the middle (plain `http://`) changes the image without any change to the Dockerfile, and nothing fails. `ADD --checksum=sha256:…` makes BuildKit verify the download. A Git source (`https://host/repo.git#ref`, `git@host:repo.git`) is just as mutable when it names a branch or tag, or nothing: only a full commit SHA (after `#`, or `commit=` in the `##ref=…,commit=…` form, or `--checksum=<commit>`) pins the content.',
      remediation:
        'Add `--checksum=sha256:<digest of the file>` to `ADD <url>` (dockerfile syntax 1.6 or later), or download with `curl -fsSL` in a `RUN` and check the hash with `sha256sum -c`. For Git sources, pin the commit: `ADD https://github.com/org/repo.git#<40-hex commit> /src` (a tag can stay for readability with `##ref=v1.2.3,commit=<sha>`).',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM alpine:3.20\nADD https://example.com/releases/v1.4.2/tool-linux-amd64 /usr/local/bin/tool',
          good: 'FROM alpine:3.20\nADD --checksum=sha256:24454f830cdb571e2c4ad15481119c43b3cafd48dd869a9b2945d1036d1dc68d https://example.com/releases/v1.4.2/tool-linux-amd64 /usr/local/bin/tool',
        },
        {
          kind: 'dockerfile',
          bad: 'FROM alpine:3.20\nADD https://github.com/example/tool.git#v1.4.2 /src',
          good: 'FROM alpine:3.20\nADD https://github.com/example/tool.git#9f1c0e5b2a7d4c3e8b6a1f0d2c4e6a8b0d1f3e5a /src',
        },
      ],
      references: [
        { title: 'Dockerfile reference: ADD --checksum', url: 'https://docs.docker.com/reference/dockerfile/#add---checksum' },
        { title: 'Dockerfile reference: adding files from a Git repository', url: 'https://docs.docker.com/reference/dockerfile/#adding-files-from-a-git-repository' },
        { title: 'OWASP Software Supply Chain Security Cheat Sheet', url: 'https://cheatsheetseries.owasp.org/cheatsheets/Software_Supply_Chain_Security_Cheat_Sheet.html' },
      ],
    },
  },
  create(context) {
    return {
      dockerfile: {
        instruction(instruction) {
          const model = context.dockerfile;
          if (!model || instruction.keyword !== 'ADD') return;
          const checksum = instructionFlags(instruction, 'checksum').some((flag) => (flag.value ?? '') !== '');
          for (const source of transferSources(model, instruction)) {
            const url = source.resolved ?? source.written;
            if (source.kind === 'http' && !checksum) {
              const plain = /^http:/i.test(url) ? ' over plain HTTP' : '';
              context.report({
                message: `ADD downloads "${url}"${plain} without --checksum, so whatever the server returns at build time goes into the image unverified. Add --checksum=sha256:<digest>, or fetch it in RUN and check the hash.`,
                range: source.range,
              });
            } else if (source.kind === 'git' && !checksum && !gitSourcePinned(url)) {
              const ref = gitRef(url);
              const what = ref ? `names "${ref}", a branch or tag that can move,` : 'names no ref, so it follows the default branch,';
              context.report({
                message: `ADD of Git repository "${url}" ${what} and the content can change without the Dockerfile changing. Pin the full commit SHA (#<commit>) or add --checksum=<commit>.`,
                range: source.range,
              });
            }
          }
        },
      },
    };
  },
});

/** The branch, tag or commit a Git source names (`repo.git#ref:subdir` or `repo.git##ref=…,subdir=…`). */
function gitRef(url: string): string | undefined {
  const hash = url.indexOf('#');
  if (hash === -1) return undefined;
  const fragment = url.slice(hash + 1);
  if (fragment.startsWith('#')) return /(?:^#|,)\s*ref=([^,]*)/i.exec(fragment)?.[1]?.trim() || undefined;
  return fragment.split(':')[0] || undefined;
}
