// `.dockerignore` matching as BuildKit does it (moby/patternmatcher): one pattern per line, `#` comments,
// `!` re-includes, paths relative to the context root with a leading `/` ignored, `*` and `?` within one
// path segment, `**` across segments, and a pattern that matches a folder also excludes everything in it.
// The last pattern that matches decides.

export interface DockerignorePattern {
  /** The pattern as cleaned (`/.git/` → `.git`). */
  pattern: string;
  negated: boolean;
  regex: RegExp;
}

export function parseDockerignore(text: string): DockerignorePattern[] {
  const patterns: DockerignorePattern[] = [];
  for (const rawLine of text.split(/\r?\n/)) {
    let line = rawLine.trim();
    if (line === '' || line.startsWith('#')) continue;
    const negated = line.startsWith('!');
    if (negated) line = line.slice(1).trim();
    const pattern = cleanPath(line);
    if (pattern === '') continue;
    patterns.push({ pattern, negated, regex: compile(pattern) });
  }
  return patterns;
}

/** Whether `path` (relative to the context root, `/`-separated) is left out of the build context. */
export function isExcluded(patterns: readonly DockerignorePattern[], path: string): boolean {
  const target = cleanPath(path);
  const candidates = [target];
  for (let slash = target.lastIndexOf('/'); slash > 0; slash = target.lastIndexOf('/', slash - 1)) candidates.push(target.slice(0, slash));
  let excluded = false;
  for (const pattern of patterns) {
    if (candidates.some((candidate) => pattern.regex.test(candidate))) excluded = !pattern.negated;
  }
  return excluded;
}

/** Like Go's filepath.Clean for `/` paths, relative to the root: `./a//b/../c/` → `a/c`. */
export function cleanPath(path: string): string {
  const parts: string[] = [];
  for (const part of path.split('/')) {
    if (part === '' || part === '.') continue;
    if (part === '..') parts.pop();
    else parts.push(part);
  }
  return parts.join('/');
}

function compile(pattern: string): RegExp {
  let source = '^';
  for (let i = 0; i < pattern.length; i++) {
    const ch = pattern[i] ?? '';
    if (ch === '*') {
      if (pattern[i + 1] === '*') {
        i++;
        if (pattern[i + 1] === '/') i++;
        source += i + 1 >= pattern.length ? '.*' : '(?:.*/)?';
      } else {
        source += '[^/]*';
      }
    } else if (ch === '?') {
      source += '[^/]';
    } else if (ch === '[') {
      const close = pattern.indexOf(']', i + 2);
      if (close === -1) {
        source += '\\[';
      } else {
        const body = pattern.slice(i + 1, close).replace(/^\^/, '!');
        source += `[${body.startsWith('!') ? `^${escapeClass(body.slice(1))}` : escapeClass(body)}]`;
        i = close;
      }
    } else if (ch === '\\' && i + 1 < pattern.length) {
      i++;
      source += escapeRegExp(pattern[i] ?? '');
    } else {
      source += escapeRegExp(ch);
    }
  }
  return new RegExp(`${source}$`);
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
}

function escapeClass(body: string): string {
  return body.replace(/[\\\]^]/g, '\\$&');
}
