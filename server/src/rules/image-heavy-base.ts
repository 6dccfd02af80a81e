import { referenceOffset, unpinnedRewrite, withoutDigest } from '../engine/image-edits';
import { officialImageName } from '../engine/image-names';
import { DOCKER_HUB, displayName, parseImageReference, referenceParts, type ImageReference } from '../engine/image-reference';
import { endOfLifeComponents } from '../engine/image-lifecycle';
import { defineRule } from '../engine/rule';
import type { Edit, Fix } from '../engine/types';

interface HeavyBase {
  /** Completes "is …": what the image carries that a runtime does not need. */
  what: string;
  /** A lighter sibling of the same image, as an edit inside `reference.original`. */
  lighter?: Edit;
}

const FULL_DISTROS: Record<string, string> = {
  ubuntu: 'Ubuntu',
  debian: 'Debian',
  centos: 'CentOS',
  fedora: 'Fedora',
  amazonlinux: 'Amazon Linux',
  rockylinux: 'Rocky Linux',
  almalinux: 'AlmaLinux',
  oraclelinux: 'Oracle Linux',
  archlinux: 'Arch Linux',
};
const LANGUAGE_IMAGES: Record<string, string> = { python: 'Python', node: 'Node.js', ruby: 'Ruby', perl: 'Perl' };
const BUILD_IMAGES: Record<string, string> = {
  golang: 'the Go toolchain image: compiler, module cache and build tools ship with the application',
  rust: 'the Rust toolchain image: compiler and cargo ship with the application',
  gcc: 'the GCC toolchain image: compilers and headers ship with the application',
  maven: 'a Maven build image: a full JDK and build tool ship with the application',
  gradle: 'a Gradle build image: a full JDK and build tool ship with the application',
  'buildpack-deps': 'buildpack-deps, a Debian image packed with compilers and development headers for building software',
};
const DEBIAN_SUITES = new Set(['stable', 'oldstable', 'testing', 'unstable', 'sid']);
const DEBIAN_CODENAMES = new Set(['jessie', 'stretch', 'buster', 'bullseye', 'bookworm', 'trixie', 'forky']);
const WINDOWS = /windowsservercore|nanoserver/;
const VERSION = /^\d+(\.\d+)*([a-z]+\d*)?$/;

export default defineRule({
  meta: {
    id: 'image-heavy-base',
    title: 'Ship on a slim, alpine or distroless base, not a full OS image',
    appliesTo: ['dockerfile', 'kubernetes', 'compose'],
    category: 'images',
    defaultSeverity: 'info',
    securitySeverity: 'low',
    fix: 'unsafe',
    peers: ['Docker Scout recommended_tag'],
    docs: {
      rationale:
        'What the final image contains is what an attacker who gets code execution can use, and what every vulnerability scan reports on. Full distribution images (`ubuntu`, `debian`, `fedora`) and the default variants of language images (`python:3.12`, `node:22`, which build on `buildpack-deps` with compilers, headers and hundreds of packages) carry shells, package managers and libraries the application never calls; each one adds CVEs to triage and patch. Toolchain images (`golang`, `maven`, a JDK where a JRE would do) ship the whole build environment. Only the base of the final stage (and a Kubernetes container\'s image) is judged: build stages may be as heavy as they need.',
      remediation:
        'Build in an earlier stage and copy only the result onto a small base: the `-slim` variant of the language image, an `-alpine` one (musl instead of glibc: test first), a JRE instead of a JDK, or a distroless image (`gcr.io/distroless/static` for Go, `gcr.io/distroless/python3`, `gcr.io/distroless/nodejs22`). The quick fix switches to the obvious sibling when one exists (`python:3.12` → `python:3.12-slim`, `node:22-bookworm` → `node:22-bookworm-slim`, `debian:bookworm` → `debian:bookworm-slim`, `eclipse-temurin:21-jdk` → `eclipse-temurin:21-jre`); it is unsafe because packages the application relied on may be missing from the smaller image. A pinned reference loses its digest in the fix (the digest is of the full image); pin the lighter image by its own digest afterwards. When the version line itself is past end of life (see image-eol), no variant of it is suggested: move to a supported version first.',
      examples: [
        {
          kind: 'dockerfile',
          bad: 'FROM python:3.13\nCOPY app.py /app/\nUSER 10001\nCMD ["python", "/app/app.py"]',
          good: 'FROM python:3.13-slim\nCOPY app.py /app/\nUSER 10001\nCMD ["python", "/app/app.py"]',
        },
        {
          kind: 'dockerfile',
          bad: 'FROM golang:1.26 AS build\nRUN go build -o /out/app .\nFROM golang:1.26\nCOPY --from=build /out/app /app\nUSER 10001\nENTRYPOINT ["/app"]',
          good: 'FROM golang:1.26 AS build\nRUN go build -o /out/app .\nFROM gcr.io/distroless/static-debian12:nonroot\nCOPY --from=build /out/app /app\nENTRYPOINT ["/app"]',
          note: 'The build stage may use the full toolchain; only the final stage ships.',
        },
      ],
      references: [
        { title: 'Docker: choose the right base image', url: 'https://docs.docker.com/build/building/best-practices/#choose-the-right-base-image' },
        { title: 'Docker: multi-stage builds', url: 'https://docs.docker.com/build/building/multi-stage/' },
        { title: 'Distroless container images', url: 'https://github.com/GoogleContainerTools/distroless' },
      ],
    },
  },
  create(context) {
    let day: string | undefined;
    const today = (): string => (day ??= new Date().toISOString().slice(0, 10));
    return {
      image(use) {
        const reference = use.reference;
        if (!reference || !(use.role === 'container' || use.isFinalBase)) return;
        const heavy = heavyBase(reference);
        if (!heavy) return;
        const name = displayName(reference);
        const fixes: Fix[] = [];
        const variant = heavy.lighter && withoutDigest(reference.original.slice(0, heavy.lighter.start) + heavy.lighter.text + reference.original.slice(heavy.lighter.end));
        // image-eol reports a line past end of life; its lighter sibling of the same line is no advice.
        const variantEnded = variant !== undefined && isPastEndOfLife(variant, today());
        const lighter = variantEnded ? undefined : heavy.lighter;
        const lighterName = variantEnded ? undefined : variant;
        const offset = lighter && referenceOffset(context.file.text, use);
        if (lighter && lighterName && offset !== undefined) {
          const edit = unpinnedRewrite(reference, offset, lighterName) ?? { start: offset + lighter.start, end: offset + lighter.end, text: lighter.text };
          fixes.push({ title: `Use "${lighterName}"`, safety: 'unsafe', edits: [edit] });
        }
        const where = use.isFinalBase ? `${use.where}, the final stage,` : use.where;
        const repin = reference.digest !== undefined ? ' (pinned by its own digest)' : '';
        const advice = lighterName
          ? `Use "${lighterName}"${repin}, or copy the application onto a distroless base.`
          : variantEnded
            ? 'Move to a supported version (this one is past end of life) and use its slim variant, or copy the application onto a distroless base.'
            : use.role === 'container'
            ? 'Build the image on a slim, alpine or distroless base instead.'
            : 'Build in an earlier stage and copy only the result onto a slim, alpine or distroless base.';
        context.report({
          message: `Image "${name}" in ${where} is ${heavy.what}; every extra package is attack surface and more vulnerabilities to patch. ${advice}`,
          range: use.range,
          fixes,
        });
      },
    };
  },
});

function isPastEndOfLife(name: string, today: string): boolean {
  const parsed = parseImageReference(name);
  return parsed.ok && endOfLifeComponents(parsed.reference, today).length > 0;
}

/** Whether an image is heavier than a runtime needs, and its lighter sibling when there is an obvious one. */
function heavyBase(reference: ImageReference): HeavyBase | undefined {
  const tag = reference.tag;
  const tokens = tag?.split('-') ?? [];
  if (WINDOWS.test(tag ?? '')) return undefined;
  const tagEnd = referenceParts(reference).tag?.end;
  const appendToTag = (suffix: string): Edit | undefined => (tagEnd === undefined ? undefined : { start: tagEnd, end: tagEnd, text: suffix });

  const ubi = redHatUbi(reference);
  if (ubi) return ubi;

  const official = officialImageName(reference);
  if (official === undefined) {
    if (reference.registry === 'mcr.microsoft.com' && /^dotnet\/(core\/)?sdk$/.test(reference.repository)) {
      return { what: 'the .NET SDK image: compilers and build tools ship with the application (use dotnet/aspnet or dotnet/runtime)' };
    }
    return undefined;
  }

  const distro = FULL_DISTROS[official];
  if (distro) {
    if (tokens.some((token) => token === 'slim' || token === 'minimal' || token === 'micro')) return undefined;
    const what = `a full ${distro} image with a shell, package manager and many packages the application does not need at run time`;
    if (tag === undefined || tag === 'latest') return { what };
    if (official === 'debian' && /^(\d+(\.\d+)*|[a-z]+)(-\d{8})?$/.test(tag)) {
      const suite = tag.split('-')[0] ?? '';
      if (/^\d/.test(suite) || DEBIAN_SUITES.has(suite) || DEBIAN_CODENAMES.has(suite)) return { what, lighter: appendToTag('-slim') };
    }
    if (official === 'oraclelinux' && /^\d+$/.test(tag)) return { what, lighter: appendToTag('-slim') };
    if ((official === 'rockylinux' || official === 'almalinux') && /^\d+(\.\d+)?$/.test(tag)) return { what, lighter: appendToTag('-minimal') };
    return { what };
  }

  const language = LANGUAGE_IMAGES[official];
  if (language) {
    if (tokens.some((token) => token === 'slim' || token.startsWith('alpine'))) return undefined;
    const what = `the default ${language} image, built on buildpack-deps with compilers, headers and hundreds of packages the application does not need at run time`;
    return { what, lighter: tag === undefined || tag === 'latest' ? undefined : languageSlim(official, tokens, tagEnd) };
  }

  const build = BUILD_IMAGES[official];
  if (build) return { what: build };

  if (official === 'eclipse-temurin' || official === 'openjdk') {
    if (tokens.includes('jre')) return undefined;
    const what = 'a full JDK (compiler and development tools) where a Java runtime (JRE) is enough to run the application';
    if (official === 'openjdk' || tag === undefined || tag === 'latest') return { what };
    return { what, lighter: temurinJre(reference, tokens) };
  }
  return undefined;
}

/** `python:3.12` → `3.12-slim`, `python:3.12-bookworm` → `3.12-slim-bookworm`, `node:22-bookworm` → `22-bookworm-slim`. */
function languageSlim(official: string, tokens: string[], tagEnd: number | undefined): Edit | undefined {
  if (tagEnd === undefined || tokens.length === 0 || tokens.length > 2) return undefined;
  const [first = '', second] = tokens;
  const tagStart = tagEnd - tokens.join('-').length;
  const firstIsSuite = DEBIAN_CODENAMES.has(first);
  if (second !== undefined && (!DEBIAN_CODENAMES.has(second) || firstIsSuite)) return undefined;
  if (official === 'node') {
    // node puts -slim last: 22-slim, 22-bookworm-slim, lts-slim, bookworm-slim.
    if (!VERSION.test(first) && !/^[a-z]+$/.test(first)) return undefined;
    return { start: tagEnd, end: tagEnd, text: '-slim' };
  }
  // python, ruby and perl put slim before the Debian release: 3.12-slim-bookworm, slim-bookworm.
  if (firstIsSuite && second === undefined) return { start: tagStart, end: tagStart, text: 'slim-' };
  if (!VERSION.test(first)) return undefined;
  return { start: tagStart + first.length, end: tagStart + first.length, text: '-slim' };
}

/** `21` → `21-jre`, `21-jdk-jammy` → `21-jre-jammy`, `21-alpine` → `21-jre-alpine`. */
function temurinJre(reference: ImageReference, tokens: string[]): Edit | undefined {
  const tag = referenceParts(reference).tag;
  // Only versioned tags have a -jre sibling: `21-jdk` → `21-jre`.
  if (!tag || !/^\d/.test(tokens[0] ?? '')) return undefined;
  const jdk = tokens.indexOf('jdk');
  const offsetOf = (index: number): number => tag.start + tokens.slice(0, index).reduce((sum, token) => sum + token.length + 1, 0);
  if (jdk !== -1) {
    const start = offsetOf(jdk);
    return { start, end: start + 3, text: 'jre' };
  }
  const end = tag.start + (tokens[0] ?? '').length;
  return { start: end, end, text: '-jre' };
}

/** The standard Red Hat UBI image (`ubi9`, `ubi9/ubi`), whose `-minimal` sibling is much smaller. */
function redHatUbi(reference: ImageReference): HeavyBase | undefined {
  const redHat = reference.registry === 'registry.access.redhat.com' || reference.registry === 'registry.redhat.io' || (reference.registry === DOCKER_HUB && reference.repository.startsWith('redhat/'));
  if (!redHat) return undefined;
  const repository = reference.repository.replace(/^redhat\//, '');
  const match = /^(ubi\d+)(\/ubi)?$/.exec(repository);
  if (!match) return undefined;
  const nameEnd = referenceParts(reference).nameEnd;
  const what = 'the standard Red Hat UBI image with a full package manager and shell tooling';
  return { what, lighter: { start: nameEnd, end: nameEnd, text: '-minimal' } };
}
