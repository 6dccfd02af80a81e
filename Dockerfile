# syntax=docker/dockerfile:1
# The Shipshape CLI as a container image, for CI systems that run their tools as images:
#
#   docker build --tag shipshape .
#   docker run --rm --volume "$PWD:/work" shipshape lint .
#   docker run --rm --volume "$PWD:/work" shipshape lint . --format sarif --output shipshape.sarif
#
# The build stage packs the npm package (scripts/pack-npm.ts) and installs it from its tarball, as a user would;
# the image that ships is distroless: Node and the package, no shell, no package manager, a non-root user.
# Both bases are pinned by digest; to move to newer ones, `docker buildx imagetools inspect <image:tag>` prints
# the current digest of a tag.

FROM node:24-trixie-slim@sha256:50c3b2f6988dfc307b86e5301d69611af31f4789bdf232863b07d3b02fe55ae0 AS build
WORKDIR /src
COPY package.json package-lock.json ./
# --ignore-scripts: the `prepare` build is not needed here, pack:npm makes its own production build.
RUN npm ci --ignore-scripts --no-audit --no-fund
COPY . .
RUN npm run pack:npm \
 && npm install --global --prefix /opt/shipshape --offline --no-audit --no-fund build/shipshape-*.tgz

FROM gcr.io/distroless/nodejs24-debian13:nonroot@sha256:af85d11ce7ef10172855a6e3649e3e8125b1b9e3ca41849ec2918036f05cb212
COPY --from=build /opt/shipshape/lib/node_modules/shipshape /opt/shipshape
WORKDIR /work
USER 65532:65532
# A linter runs once and exits; there is no long-running service to probe.
HEALTHCHECK NONE
ENTRYPOINT ["/nodejs/bin/node", "/opt/shipshape/dist/cli.js"]
CMD ["lint", "."]
