import { EOL_DATA_COMPILED } from '../engine/eol-data';
import { referenceOffset, unpinnedRewrite, withoutDigest } from '../engine/image-edits';
import { displayName, type ImageReference } from '../engine/image-reference';
import { endOfLifeComponents, type EndOfLife } from '../engine/image-lifecycle';
import { defineRule } from '../engine/rule';
import type { Edit, Fix } from '../engine/types';

export default defineRule({
  meta: {
    id: 'image-eol',
    title: 'Do not use images whose OS or runtime is past end of life',
    appliesTo: ['dockerfile', 'kubernetes', 'compose'],
    category: 'images',
    defaultSeverity: 'warning',
    securitySeverity: 'high',
    fix: 'unsafe',
    cwe: ['CWE-1104'],
    docs: {
      rationale:
        'Once a distribution or language runtime reaches end of life, its maintainers stop publishing security fixes, and the image tags built on it stop being rebuilt. Every vulnerability found afterwards stays open for good, scanners report it with no fixed version to move to, and the gap grows every month. This rule reads the version lines an image names — in its tag (`node:16-alpine`, `python:3.12-alpine3.17`, `golang:1.22-bullseye`) or its repository (`gcr.io/distroless/base-debian11`, `registry.access.redhat.com/ubi7`) — and compares them with a bundled end-of-life table (compiled ' +
        EOL_DATA_COMPILED +
        ' from endoflife.date) for Alpine, Debian, Ubuntu, CentOS, Red Hat UBI, Amazon Linux, Node.js, Python, Go, Eclipse Temurin, Amazon Corretto, the deprecated `openjdk` image, Ruby, PHP, nginx, PostgreSQL, Redis, MySQL and .NET. For Debian the end of Debian LTS counts, for Ubuntu the end of standard support.',
      remediation:
        'Move to a supported line: the quick fix replaces the version in the tag with the oldest line that is still supported (the smallest upgrade), keeping the rest of the tag (`node:16-alpine` → `node:22-alpine`, `node:22-bullseye` → `node:22-bookworm`); a versioned Alpine suffix becomes the plain `-alpine` variant, which follows the newest Alpine release. It is unsafe: a new major version of a runtime or distribution can break the build or the application, so test before merging. Images with no supported successor (CentOS Linux, the `openjdk` image) need a different base, such as `rockylinux`/`almalinux` or `eclipse-temurin`. When the image is pinned by digest, the suggested tag and the fix drop the old digest (it names the ended image); pin the new image by its own digest afterwards.',
      examples: [
        { kind: 'dockerfile', bad: 'FROM node:16-alpine\nUSER node', good: 'FROM node:26-alpine\nUSER node' },
        {
          kind: 'dockerfile',
          bad: 'FROM python:3.13-slim-buster\nUSER 10001',
          good: 'FROM python:3.13-slim-trixie\nUSER 10001',
          note: 'The Debian release in the tag counts too: buster left Debian LTS in 2024.',
        },
      ],
      references: [
        { title: 'endoflife.date: end-of-life dates and support lifecycles', url: 'https://endoflife.date/' },
        { title: 'Docker: keep base images up to date (rebuild often)', url: 'https://docs.docker.com/build/building/best-practices/#rebuild-your-images-often' },
        { title: 'OWASP Top 10: A06 Vulnerable and Outdated Components', url: 'https://owasp.org/Top10/A06_2021-Vulnerable_and_Outdated_Components/' },
      ],
    },
  },
  create(context) {
    // Dates in the table are compared with the day the lint runs, so findings appear as lines reach their end.
    let day: string | undefined;
    const today = (): string => (day ??= new Date().toISOString().slice(0, 10));
    return {
      image(use) {
        const reference = use.reference;
        if (!reference) return;
        const ended = endedComponents(reference, today());
        if (ended.length === 0) return;
        const fixes: Fix[] = [];
        // Only a fix that ends every listed problem is offered; a partial one would leave the finding behind.
        const upgraded = ended.every((entry) => entry.replacement !== undefined) ? withoutDigest(applyToReference(use.resolved, ended)) : undefined;
        const start = upgraded !== undefined ? referenceOffset(context.file.text, use) : undefined;
        if (upgraded !== undefined && start !== undefined) {
          const unpinned = unpinnedRewrite(reference, start, upgraded);
          const edits: Edit[] = unpinned
            ? [unpinned]
            : ended.flatMap((entry) =>
                entry.replacement ? [{ start: start + entry.replacement.range.start, end: start + entry.replacement.range.end, text: entry.replacement.text }] : [],
              );
          fixes.push({ title: `Upgrade to "${upgraded}"`, safety: 'unsafe', edits });
        }
        const what = ended.map(describe).join(' and ');
        const repin = reference.digest !== undefined ? ' (and pin its own digest again: the current one is of the old image)' : '';
        const advice = upgraded ? `Move to "${upgraded}" or newer${repin}.` : `Move to ${ended.map(alternative).join(', and ')}.`;
        context.report({
          message: `Image "${displayName(reference)}" in ${use.where} is past end of life: ${what}, so it gets no more security fixes. ${advice}`,
          range: use.range,
          fixes,
        });
      },
    };

    /** Where to go from one ended line when the reference cannot simply be rewritten. */
    function alternative(entry: EndOfLife): string {
      const product = entry.component.product;
      if (product.discontinued) return product.discontinued.instead;
      if (entry.target) return `${product.title} ${entry.target.cycle} or newer`;
      return product.successor ?? `a supported ${product.title} version`;
    }

    function describe(entry: EndOfLife): string {
      const discontinued = entry.component.product.discontinued;
      if (discontinued) return `${discontinued.reason} (since ${discontinued.since.slice(0, 7)})`;
      const meaning = entry.component.product.eolMeaning;
      return `${entry.label} reached end of life ${entry.onOrBefore ? 'on or before' : 'on'} ${entry.date}${meaning ? ` (${meaning})` : ''}`;
    }
  },
});

/**
 * The same images recur across the files of a project and the rule only reads the answer, so it is kept per
 * reference and day (a bounded cache, emptied when full).
 */
const endedCache = new Map<string, EndOfLife[]>();
const ENDED_CACHE_LIMIT = 2000;

function endedComponents(reference: ImageReference, today: string): EndOfLife[] {
  const key = JSON.stringify([today, reference.original, reference.registry, reference.repository, reference.tag ?? null, reference.digest ?? null, reference.explicitRegistry]);
  let ended = endedCache.get(key);
  if (!ended) {
    if (endedCache.size >= ENDED_CACHE_LIMIT) endedCache.clear();
    ended = endOfLifeComponents(reference, today);
    endedCache.set(key, ended);
  }
  return ended;
}

/** The reference with every replacement applied, for the message and the fix title. */
function applyToReference(reference: string, ended: EndOfLife[]): string {
  const replacements = ended.flatMap((entry) => (entry.replacement ? [entry.replacement] : [])).sort((a, b) => b.range.start - a.range.start);
  let text = reference;
  for (const { range, text: replacement } of replacements) text = text.slice(0, range.start) + replacement + text.slice(range.end);
  return text;
}

