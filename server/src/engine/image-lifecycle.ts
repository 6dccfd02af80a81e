// Which operating-system and runtime lines an image reference names, found in its repository
// (`node`, `gcr.io/distroless/base-debian11`, `registry.access.redhat.com/ubi8`) and its tag
// (`18-alpine3.19`, `3.11-slim-bookworm`, `17-al2-jdk`), and which of them are past end of life.
// Offsets are into `reference.original`, so a rule can turn them into edits.
import {
  EOL_DATA_COMPILED,
  eolProduct,
  findCycle,
  isPastEol,
  newestCycle,
  oldestSupportedAfter,
  type CycleMatch,
  type EolCycle,
  type EolProduct,
  type EolProductId,
} from './eol-data';
import { DOCKER_HUB, referenceParts, type ImageReference } from './image-reference';
import { officialImageName } from './image-names';
import type { TextRange } from './types';

/** How the text that names a line is written, so a replacement names another line the same way. */
type Naming =
  /** `prefix` + the line's number: `22`, `ubuntu22.04`, `debian12`, `al2023`, `stream9`. */
  | { style: 'number'; prefix: string }
  /** The line's codename (`bookworm`, `jod`), or its number when the newer line has none. */
  | { style: 'codename' }
  /** A fixed text that always follows the newest line: `alpine` for `alpine3.17`. */
  | { style: 'fixed'; text: string };

export interface LifecycleComponent {
  product: EolProduct;
  /** Undefined for a discontinued image line that has no versions of its own. */
  match: CycleMatch | undefined;
  /** The text naming the line in `reference.original`; undefined when nothing names it (no tag). */
  range: TextRange | undefined;
  /** The version as written (`3.2.9`, `bullseye`), when the text names one. */
  version: string | undefined;
  /** How to write a newer line in its place; undefined when the text cannot simply be replaced. */
  naming: Naming | undefined;
}

export interface EndOfLife {
  component: LifecycleComponent;
  /** `Node.js 16`, `Debian 11 (bullseye)`, `the openjdk image`. */
  label: string;
  /** The last day of support (ISO date). */
  date: string;
  /** The version is older than every line the table lists: it ended on or before `date`. */
  onOrBefore: boolean;
  /** The oldest supported line to move to, when the table knows one. */
  target: EolCycle | undefined;
  /** Replacing `range` with `text` names the oldest line newer than this one that is still supported
   * (`target`), or a name that always follows the newest line (`alpine`, no target). */
  replacement: { range: TextRange; text: string; target: EolCycle | undefined } | undefined;
}

interface Token {
  text: string;
  start: number;
  end: number;
}

const OFFICIAL_IMAGES: Record<string, EolProductId> = {
  alpine: 'alpine',
  debian: 'debian',
  ubuntu: 'ubuntu',
  centos: 'centos',
  amazonlinux: 'amazonlinux',
  node: 'node',
  python: 'python',
  golang: 'go',
  'eclipse-temurin': 'eclipse-temurin',
  amazoncorretto: 'amazoncorretto',
  openjdk: 'openjdk',
  adoptopenjdk: 'adoptopenjdk',
  ruby: 'ruby',
  php: 'php',
  nginx: 'nginx',
  postgres: 'postgres',
  redis: 'redis',
  mysql: 'mysql',
};

const RED_HAT_REGISTRIES = new Set(['registry.access.redhat.com', 'registry.redhat.io']);
const DOTNET_IMAGES = /^dotnet\/(core\/)?(aspnet|runtime|runtime-deps|sdk)$/;
const LEADING_VERSION = /^v?(\d+(?:\.\d+)*)(.*)$/;
const FLOATING_TAGS = new Set(['latest']);

/** Tag parts that name the distribution an image is built on: `alpine3.19`, `bookworm`, `ubuntu22.04`. */
const DISTRO_TOKENS: Array<{ pattern: RegExp; product: EolProductId; naming: Naming }> = [
  // Official images publish a plain `-alpine` variant that follows the newest Alpine release, while their
  // `-alpineX.Y` variants exist only for the releases they currently build on.
  { pattern: /^alpine(\d+\.\d+)$/, product: 'alpine', naming: { style: 'fixed', text: 'alpine' } },
  { pattern: /^ubuntu(\d+\.\d+)$/, product: 'ubuntu', naming: { style: 'number', prefix: 'ubuntu' } },
  { pattern: /^debian(\d+)$/, product: 'debian', naming: { style: 'number', prefix: 'debian' } },
  { pattern: /^centos(\d+)$/, product: 'centos', naming: { style: 'number', prefix: 'centos' } },
  { pattern: /^ubi(\d+)$/, product: 'rhel', naming: { style: 'number', prefix: 'ubi' } },
  { pattern: /^al(2|2023)$/, product: 'amazonlinux', naming: { style: 'number', prefix: 'al' } },
];

/** Every line the reference names that the end-of-life table knows, whether or not it has ended. */
export function imageLifecycle(reference: ImageReference): LifecycleComponent[] {
  const parts = referenceParts(reference);
  const tokens = tagTokens(reference.tag, parts.tag?.start ?? 0);
  const found: LifecycleComponent[] = [];
  const add = (component: LifecycleComponent): void => {
    if (!found.some((existing) => existing.product.id === component.product.id)) found.push(component);
  };

  let firstTokenUsed = false;
  const fromRepository = repositoryProduct(reference);
  if (fromRepository) {
    const primary = tagVersion(fromRepository.id, reference, tokens, fromRepository.fixable);
    if (primary) {
      add(primary.component);
      firstTokenUsed = primary.usedFirstToken;
    }
  }
  for (const component of repositoryComponents(reference, parts.nameEnd)) add(component);
  for (const component of distroTokens(tokens, firstTokenUsed ? 1 : 0)) add(component);
  return found;
}

/** The lines the reference names that are past their end of life on `today` (ISO date). */
export function endOfLifeComponents(reference: ImageReference, today: string): EndOfLife[] {
  const ended: EndOfLife[] = [];
  for (const component of imageLifecycle(reference)) {
    const { product, match } = component;
    if (product.discontinued) {
      ended.push({ component, label: `the ${product.id} image`, date: product.discontinued.since, onOrBefore: false, target: undefined, replacement: undefined });
      continue;
    }
    if (!match || !isPastEol(match.cycle, today) || match.cycle.eol === undefined) continue;
    // A floating tag (`alpine:3`, `python:2`) follows its newest line. When that line was still supported
    // when the table was compiled, a newer one has most likely shipped since, so only series that had
    // ended by then are reported.
    if (match.kind === 'floating' && match.cycle.eol >= EOL_DATA_COMPILED) continue;
    // A version older than the table is below its oldest line, so any supported line is an upgrade.
    const target = match.kind === 'older' ? product.cycles.find((cycle) => !isPastEol(cycle, today)) : oldestSupportedAfter(product, match.cycle, today);
    const { range, naming } = component;
    // A fixed name (`alpine`) follows the newest line by itself, whether or not the table knows that line.
    const replacement =
      range && naming && (target || naming.style === 'fixed') ? { range, text: nameLine(naming, target), target } : undefined;
    const label = lineLabel(product, match, component.version);
    ended.push({ component, label, date: match.cycle.eol, onOrBefore: match.kind === 'older', target, replacement });
  }
  return ended;
}

/** `Node.js 16`, `Debian 11 (bullseye)`; a version older than the table is named as written (`Redis 3.2.9`). */
export function lineLabel(product: EolProduct, match: CycleMatch, written?: string): string {
  if (match.kind === 'older') return `${product.title} ${written ?? `before ${match.cycle.cycle}`}`;
  const codename = match.cycle.codename !== undefined ? ` (${match.cycle.codename})` : '';
  return `${product.title} ${match.cycle.cycle}${codename}`;
}

function nameLine(naming: Naming, target: EolCycle | undefined): string {
  if (naming.style === 'fixed') return naming.text;
  if (!target) throw new Error('a numbered or code-named line needs a target');
  if (naming.style === 'codename') return target.codename ?? target.cycle;
  return `${naming.prefix}${target.cycle}`;
}

function tagTokens(tag: string | undefined, tagStart: number): Token[] {
  if (tag === undefined) return [];
  const tokens: Token[] = [];
  let offset = tagStart;
  for (const text of tag.split('-')) {
    tokens.push({ text, start: offset, end: offset + text.length });
    offset += text.length + 1;
  }
  return tokens;
}

/** The product whose version the tag carries, from the repository. */
function repositoryProduct(reference: ImageReference): { id: EolProductId; fixable: boolean } | undefined {
  const official = officialImageName(reference);
  if (official !== undefined && OFFICIAL_IMAGES[official]) return { id: OFFICIAL_IMAGES[official], fixable: true };
  const { registry, repository } = reference;
  if (registry === 'quay.io' && repository === 'centos/centos') {
    return { id: /^stream\d/.test(reference.tag ?? '') ? 'centos-stream' : 'centos', fixable: true };
  }
  if (registry === 'public.ecr.aws' && repository === 'amazonlinux/amazonlinux') return { id: 'amazonlinux', fixable: true };
  if (registry === DOCKER_HUB && repository.startsWith('adoptopenjdk/')) return { id: 'adoptopenjdk', fixable: false };
  const dotnet = registry === 'mcr.microsoft.com' ? DOTNET_IMAGES.exec(repository) : null;
  // The old dotnet/core/* repositories only ever had versions up to 3.1; newer ones live elsewhere.
  if (dotnet) return { id: 'dotnet', fixable: dotnet[1] === undefined };
  return undefined;
}

/** Tag restrictions for fixes: the newer line must exist with the same remaining tag. */
const FIXABLE_TAG_REST: Partial<Record<EolProductId, RegExp>> = {
  // .NET 10 images are built on Ubuntu, Alpine and Azure Linux only, so Debian variants do not carry over.
  dotnet: /^(-alpine)?$/,
};

const TAG_PREFIX: Partial<Record<EolProductId, string>> = { centos: 'centos', 'centos-stream': 'stream' };

function tagVersion(
  id: EolProductId,
  reference: ImageReference,
  tokens: Token[],
  fixable: boolean,
): { component: LifecycleComponent; usedFirstToken: boolean } | undefined {
  const product = eolProduct(id);
  if (product.discontinued) {
    // Early-access tags of the openjdk image are the ones still updated.
    if (id === 'openjdk' && tokens.some((token) => token.text === 'ea')) return undefined;
    return { component: { product, match: undefined, range: undefined, version: undefined, naming: undefined }, usedFirstToken: false };
  }
  const first = tokens[0];
  if (!first || FLOATING_TAGS.has(first.text)) {
    const newest = newestCycle(product);
    if (!newest || reference.digest !== undefined) return undefined;
    const component = { product, match: { cycle: newest, kind: 'floating' as const }, range: undefined, version: undefined, naming: undefined };
    return { component, usedFirstToken: false };
  }
  // `centos7` and `7` are the same image; `stream9` names a CentOS Stream line.
  const tagPrefix = TAG_PREFIX[id];
  const prefix = tagPrefix !== undefined && first.text.startsWith(tagPrefix) ? tagPrefix : '';
  const text = first.text.slice(prefix.length);

  const named = findCycle(product, text);
  if (named && !/^\d/.test(text)) {
    const range = { start: first.start, end: first.end };
    return { component: { product, match: named, range, version: text, naming: { style: 'codename' } }, usedFirstToken: true };
  }
  const version = LEADING_VERSION.exec(text);
  if (!version) return undefined;
  const [, number = '', rest = ''] = version;
  const match = findCycle(product, number);
  if (!match) return undefined;
  const tagRest = (reference.tag ?? '').slice(first.text.length);
  const canRename = fixable && rest === '' && (FIXABLE_TAG_REST[id]?.test(tagRest) ?? true);
  // Past the prefix and a leading `v`, the version itself.
  const start = first.start + prefix.length + (text.length - number.length - rest.length);
  return {
    component: {
      product,
      match,
      range: { start, end: start + number.length + rest.length },
      version: number,
      naming: canRename ? { style: 'number', prefix: '' } : undefined,
    },
    usedFirstToken: true,
  };
}

/** Lines named in the repository itself: distroless `-debian11` / `nodejs18`, Red Hat `ubi8`. */
function repositoryComponents(reference: ImageReference, nameEnd: number): LifecycleComponent[] {
  const found: LifecycleComponent[] = [];
  const name = reference.original.slice(0, nameEnd);
  const lastSlash = name.lastIndexOf('/');
  const last = name.slice(lastSlash + 1);
  const lastStart = lastSlash + 1;

  if (reference.registry === 'gcr.io' && reference.repository.startsWith('distroless/')) {
    const debian = /-debian(\d+)$/.exec(last);
    if (debian?.[1]) {
      const start = lastStart + last.length - debian[1].length;
      found.push(numbered('debian', debian[1], { start, end: start + debian[1].length }));
    }
    const node = /^nodejs(\d+)(?=-|$)/.exec(last);
    if (node?.[1]) found.push(numbered('node', node[1], { start: lastStart + 'nodejs'.length, end: lastStart + node[0].length }));
  }

  const redHat = RED_HAT_REGISTRIES.has(reference.registry) || (reference.registry === DOCKER_HUB && reference.repository.startsWith('redhat/'));
  if (redHat) {
    // `ubi8`, `ubi8-minimal`, `ubi8/ubi-minimal`, `redhat/ubi9`: the RHEL major is in the first path part
    // that starts with `ubi`.
    let offset = name.length - reference.repository.length;
    for (const part of reference.repository.split('/')) {
      const ubi = /^ubi(\d+)(?=-|$)/.exec(part);
      if (ubi?.[1]) {
        const start = offset + 'ubi'.length;
        // A numeric tag (`8.10`) belongs to the old major and would not exist under the new one.
        const component = numbered('rhel', ubi[1], { start, end: start + ubi[1].length });
        if (/^\d/.test(reference.tag ?? '')) component.naming = undefined;
        found.push(component);
        break;
      }
      offset += part.length + 1;
    }
  }
  return found.filter((component) => component.match !== undefined);
}

function numbered(id: EolProductId, version: string, range: TextRange): LifecycleComponent {
  const product = eolProduct(id);
  return { product, match: findCycle(product, version), range, version, naming: { style: 'number', prefix: '' } };
}

function distroTokens(tokens: Token[], from: number): LifecycleComponent[] {
  const found: LifecycleComponent[] = [];
  for (let index = from; index < tokens.length; index++) {
    const token = tokens[index];
    if (!token) continue;
    const next = tokens[index + 1];
    // `debian-12`, `ubuntu-22.04` written as two parts.
    if ((token.text === 'debian' || token.text === 'ubuntu') && next && /^\d+(\.\d+)?$/.test(next.text)) {
      const component = numbered(token.text, next.text, { start: next.start, end: next.end });
      if (component.match) found.push(component);
      index++;
      continue;
    }
    for (const distro of DISTRO_TOKENS) {
      const match = distro.pattern.exec(token.text);
      if (!match?.[1]) continue;
      const product = eolProduct(distro.product);
      const cycle = findCycle(product, match[1]);
      if (cycle) found.push({ product, match: cycle, range: { start: token.start, end: token.end }, version: match[1], naming: distro.naming });
    }
    for (const id of ['debian', 'ubuntu'] as const) {
      const product = eolProduct(id);
      const cycle = product.cycles.find((candidate) => candidate.codename === token.text);
      if (!cycle) continue;
      const range = { start: token.start, end: token.end };
      found.push({ product, match: { cycle, kind: 'exact' }, range, version: token.text, naming: { style: 'codename' } });
    }
  }
  return found;
}
