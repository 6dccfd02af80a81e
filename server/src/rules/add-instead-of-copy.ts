import { instructionFlags } from '../engine/languages/dockerfile/model';
import { transferSources } from '../engine/languages/dockerfile/sources';
import { defineRule } from '../engine/rule';
import type { Fix } from '../engine/types';

// Flags COPY accepts too; any other flag (--checksum, --keep-git-dir, --unpack) would break the build.
const COPY_FLAGS = new Set(['chown', 'chmod', 'link', 'exclude', 'from', 'parents']);

export default defineRule({
  meta: {
    id: 'add-instead-of-copy',
    title: 'Use COPY, not ADD, for local files and folders',
    appliesTo: ['dockerfile'],
    category: 'supply-chain',
    defaultSeverity: 'warning',
    securitySeverity: 'low',
    fix: 'safe',
    peers: ['hadolint DL3020', 'Trivy DS-0005', 'Checkov CKV_DOCKER_4'],
    docs: {
      rationale:
        '`ADD` does more than copy: it downloads URLs, clones Git repositories and unpacks local tar archives. Used for plain files it hides that power in places where a later edit (a renamed file that happens to be an archive, a source that becomes a URL) silently changes what goes into the image, and reviewers cannot tell the intent. `COPY` does only what it says. `ADD` is not reported when a source is an archive it unpacks, a URL or a Git repository (those are `add-remote-unverified`\'s concern), or a path whose value is a build argument without a default.',
      remediation:
        'Replace `ADD` with `COPY` when every source is a plain local file or folder; keep `ADD` only to unpack a local archive. The quick fix changes the keyword and keeps the flags (`--chown`, `--chmod`, `--link`, `--exclude`), since `COPY` accepts them; it is not offered when an `ADD`-only flag such as `--checksum` or `--keep-git-dir` is present.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM nginx:1.27\nADD nginx.conf /etc/nginx/nginx.conf',
          good: 'FROM nginx:1.27\nCOPY nginx.conf /etc/nginx/nginx.conf',
        },
        {
          kind: 'dockerfile',
          bad: 'FROM alpine:3.20\nADD rootfs.tar.gz /\nADD --chown=10001:10001 app/ /srv/app/',
          good: 'FROM alpine:3.20\nADD rootfs.tar.gz /\nCOPY --chown=10001:10001 app/ /srv/app/',
          note: 'ADD stays right for a local archive it is meant to unpack.',
        },
      ],
      references: [
        { title: 'Docker build best practices: ADD or COPY', url: 'https://docs.docker.com/build/building/best-practices/#add-or-copy' },
        { title: 'Dockerfile reference: ADD', url: 'https://docs.docker.com/reference/dockerfile/#add' },
        { title: 'Dockerfile reference: COPY', url: 'https://docs.docker.com/reference/dockerfile/#copy' },
      ],
    },
  },
  create(context) {
    return {
      dockerfile: {
        instruction(instruction) {
          const model = context.dockerfile;
          if (!model || instruction.keyword !== 'ADD') return;
          const sources = transferSources(model, instruction);
          if (sources.length === 0 || !sources.every((source) => source.kind === 'local' || source.kind === 'heredoc')) return;
          const first = sources[0];
          const describe = first?.kind === 'heredoc' ? `the inline heredoc ${first.written}` : `the local path "${first?.written ?? ''}"${first?.resolved !== undefined && first.resolved !== first.written ? ` (${first.resolved})` : ''}`;
          const named = sources.length === 1 ? describe : `${describe} and ${sources.length - 1} more`;
          const keyword = model.text.slice(instruction.keywordRange.start, instruction.keywordRange.end);
          const fixes: Fix[] = [];
          if (instructionFlags(instruction).every((flag) => COPY_FLAGS.has(flag.name.toLowerCase()))) {
            const copy = keyword === keyword.toLowerCase() ? 'copy' : keyword === 'ADD' ? 'COPY' : 'Copy';
            fixes.push({ title: 'Replace ADD with COPY', safety: 'safe', edits: [{ ...instruction.keywordRange, text: copy }] });
          }
          context.report({
            message: `ADD copies ${named}, which ${sources.length === 1 ? 'is not an archive' : 'are not archives'} to unpack. ADD also fetches URLs and unpacks archives, so its intent is unclear and a later change can slip remote or extracted content in; use COPY.`,
            range: instruction.keywordRange,
            fixes,
          });
        },
      },
    };
  },
});
