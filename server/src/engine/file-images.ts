// The image references a file names, whatever its kind, from the engine's models: what the hosts look up in
// registries before linting (see SourceFile.registryFacts) and what the editor's image features read.
import { detectFileKind } from './detect';
import type { ImageUse } from './image-use';
import { parseCompose } from './languages/compose/model';
import { parseDockerfile } from './languages/dockerfile/model';
import { looksLikeTemplate, parseKubernetes } from './languages/kubernetes/model';
import type { SourceFile } from './types';

export function imageUsesOfFile(file: Pick<SourceFile, 'path' | 'text' | 'languageId'>): ImageUse[] {
  try {
    const kind = detectFileKind(file);
    if (kind === 'dockerfile') return parseDockerfile(file.text).images;
    if (kind === 'kubernetes' && !looksLikeTemplate(file.text)) return parseKubernetes(file.text).images;
    if (kind === 'compose') return parseCompose(file.path, file.text).images;
  } catch {
    // A file the parsers cannot take (one that overflows the stack) names no images; lint reports why.
  }
  return [];
}
