// An image reference as the image rules see it, whatever file it stands in.
import type { ImageReference } from './image-reference';
import type { TextRange } from './types';

export type ImageRole = 'stage-base' | 'copy-source' | 'mount-source' | 'container';

/** One place where an external image is referenced. Format-agnostic so image rules serve every file kind. */
export interface ImageUse {
  role: ImageRole;
  /** The text as written (may contain variables). */
  written: string;
  /** Range of the written text. */
  range: TextRange;
  /** The text after variable substitution. */
  resolved: string;
  /** Variables that had no value; when non-empty the image is not judged. */
  unresolvedVariables: string[];
  reference: ImageReference | undefined;
  parseError: string | undefined;
  /** Where the resolved text literally stands (the written text, or an ARG default it came from). */
  literalRange: TextRange | undefined;
  /** For messages: `stage "build"`, `container "api" of Deployment "web"`. */
  where: string;
  /** True for the base image of the final stage (what ships). Containers' images ship too: see `role`. */
  isFinalBase: boolean;
}

