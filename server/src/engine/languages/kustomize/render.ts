// The printed build: each object through the yaml.v2 emitter, joined by `---` lines, as `kubectl kustomize`
// prints it, plus where each object's text starts so findings on the output can be mapped back to sources.
import { buildKustomization, type BuildOptions, type BuildResult, type KustomizeFileSystem } from './build';
import type { Resource } from './resource';
import { emitYamlV2, type EmittedSpan } from './yaml-v2-emitter';

export interface RenderedObject {
  resource: Resource;
  /** Offset of the object's first character in the whole output. */
  offset: number;
  text: string;
  spans: EmittedSpan[];
}

export interface RenderResult {
  text: string;
  objects: RenderedObject[];
  build: BuildResult;
}

export function renderBuild(build: BuildResult): RenderResult {
  const objects: RenderedObject[] = [];
  let text = '';
  for (const resource of build.resources) {
    if (objects.length > 0) text += '---\n';
    const emitted = emitYamlV2(resource.node);
    objects.push({ resource, offset: text.length, text: emitted.text, spans: emitted.spans });
    text += emitted.text;
  }
  return { text, objects, build };
}

/** `kubectl kustomize dir`: the build printed. Throws KustomizeError when the build fails. */
export function renderKustomization(fs: KustomizeFileSystem, dir: string, options: BuildOptions = {}): RenderResult {
  return renderBuild(buildKustomization(fs, dir, options));
}
