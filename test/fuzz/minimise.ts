// Shrinks a failing input while it keeps failing the same property: whole lines first, then ever smaller
// character spans (delta debugging, one chunk size at a time).
import type { SourceFile } from '../../server/src/engine/types';
import { checkProperties, type Violation } from './properties';

export function minimise(file: SourceFile, violation: Violation, budgetMs = 30_000): SourceFile {
  const deadline = Date.now() + budgetMs;
  const fails = (text: string): boolean => checkProperties({ ...file, text })?.property === violation.property;
  let text = file.text;
  const shrink = (split: (text: string) => string[], join: string): void => {
    let parts = split(text);
    for (let chunk = Math.max(1, Math.floor(parts.length / 2)); chunk >= 1; chunk = Math.floor(chunk / 2)) {
      for (let at = 0; at < parts.length && Date.now() < deadline; ) {
        const candidate = [...parts.slice(0, at), ...parts.slice(at + chunk)];
        if (candidate.length < parts.length && fails(candidate.join(join))) parts = candidate;
        else at += chunk;
      }
      if (chunk === 1 || Date.now() >= deadline) break;
    }
    text = parts.join(join);
  };
  shrink((value) => value.split('\n'), '\n');
  if (text.length <= 4000) shrink((value) => [...value], '');
  return { ...file, text };
}
