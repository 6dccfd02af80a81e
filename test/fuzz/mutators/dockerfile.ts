// Dockerfiles: line continuations, heredocs, parser directives, instruction keywords and their flags.
import type { Random } from '../random';
import { insertAt, lines, randomOffset, TEXT_MUTATIONS } from './text';
import type { Mutator } from './types';

const INSTRUCTIONS = [
  'FROM alpine:3.20 AS build',
  'FROM --platform=$BUILDPLATFORM node:${NODE_VERSION:-20} AS x',
  'FROM build',
  'ARG VERSION=1.0',
  'ARG TOKEN',
  'ENV PATH=/app:$PATH API_KEY="abc def"',
  'ENV DB_PASSWORD hunter2',
  'LABEL "a b"="c d" e=f',
  'RUN apt-get update && apt-get install -y curl',
  'RUN apk add --update curl',
  'RUN curl -fsSL https://x.sh | sh',
  'RUN --mount=type=cache,target=/root/.cache --mount=from=build,target=/b pip install x',
  'RUN <<EOF\nset -e\nchmod 777 /x\nEOF',
  'COPY --from=build --chown=1000:1000 /a /b',
  'COPY <<EOF /etc/x\nhello\nEOF',
  'ADD https://example.com/x.tar.gz /x',
  'USER root',
  'USER 10001',
  'HEALTHCHECK CMD curl -f http://localhost/ || exit 1',
  'HEALTHCHECK NONE',
  'ONBUILD RUN echo hi',
  'CMD ["node", "server.js"]',
  'ENTRYPOINT ["/bin/sh", "-c"]',
  'EXPOSE 22',
  'SHELL ["/bin/bash", "-c"]',
  '# shipshape-ignore user-root -- reason',
  '# shipshape-ignore-file image-digest, sudo',
  '# escape=`',
  '# syntax=docker/dockerfile:1',
];

const DOCKERFILE_MUTATIONS: Array<(text: string, random: Random) => string> = [
  // add an instruction somewhere
  (text, random) => {
    const all = lines(text);
    all.splice(random.below(all.length + 1), 0, random.pick(INSTRUCTIONS));
    return all.join('\n');
  },
  // continue a line (sometimes with blanks or a carriage return after the escape)
  (text, random) => {
    const all = lines(text);
    const at = random.below(all.length);
    all[at] = `${all[at] ?? ''}${random.pick([' \\', '\\', ' \\ \t', '\\\r', ' `'])}`;
    return all.join('\n');
  },
  // a comment line inside a continuation
  (text, random) => {
    const all = lines(text);
    const at = random.below(all.length);
    all.splice(at, 0, `${all[at] ?? ''} \\`, '# inside');
    return all.join('\n');
  },
  // a heredoc marker in the middle of a line
  (text, random) => insertAt(text, randomOffset(text, random), random.pick([' <<EOF', ' <<-"END"', ' <<EOF\n', '\nEOF\n'])),
];

export const dockerfileMutator: Mutator = {
  kind: 'dockerfile',
  corpusFolders: ['dockerfiles'],
  accepts: (name) => /dockerfile|containerfile/i.test(name),
  lintName: 'Dockerfile',
  mutate: (text, random) => random.pick(random.chance(0.5) ? DOCKERFILE_MUTATIONS : TEXT_MUTATIONS)(text, random),
};
