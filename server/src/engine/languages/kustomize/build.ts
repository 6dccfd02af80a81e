// `kustomize build` in TypeScript, following kustomize v5.7.1 (what `kubectl kustomize` runs): resources and
// bases recursively, generators, components, then the built-in transformers in kustomize's fixed order, and at
// the top the hash suffixes, name references and the legacy kind order. All reading goes through a small file
// system interface, so the engine stays pure and hosts (CLI, language server, tests) pass their own reader.
import { posix } from 'node:path';
import { COMMON_ANNOTATION_SPECS, COMMON_LABEL_SPECS, METADATA_LABEL_SPECS, REPLICA_SPECS, setMapFields, specApplies, TEMPLATE_LABEL_SPECS, visitField, type FieldSpec } from './field-specs';
import { contentHash, generatedObject, mergeGenerated, readGenerators } from './generators';
import { applyJsonPatch, readJsonPatch } from './json-patch';
import { fixNameReferences } from './name-references';
import { applyReplacements } from './replacements';
import {
  allIds,
  annotationsOf,
  apiVersionOf,
  currentId,
  describeId,
  effectiveNamespace,
  isClusterScoped,
  kindOf,
  nameOf,
  setName,
  storePreviousId,
  type Resource,
} from './resource';
import { readSelector, selectResources } from './selector';
import { sortLegacy } from './sort';
import { strategicMerge } from './strategic-merge';
import { entryOf, KustomizeError, parseYamlDocument, parseYamlDocuments, scalarText, stringValueAt, valueAt, type KMap, type KNode, type Origin } from './values';

/** What the build reads through. Paths use `/` separators (hosts convert Windows paths). */
export interface KustomizeFileSystem {
  /** The file's text, or undefined when there is no file at `path`. */
  readFile(path: string): string | undefined;
  isDirectory(path: string): boolean;
}

/** The same reads answered once: one build, or one round of builds, reads the same files many times. */
export function cachingFileSystem(fs: KustomizeFileSystem): KustomizeFileSystem {
  const texts = new Map<string, string | undefined>();
  const directories = new Map<string, boolean>();
  return {
    readFile(path) {
      if (!texts.has(path)) texts.set(path, fs.readFile(path));
      return texts.get(path);
    },
    isDirectory(path) {
      let known = directories.get(path);
      if (known === undefined) directories.set(path, (known = fs.isDirectory(path)));
      return known;
    },
  };
}

export const KUSTOMIZATION_FILE_NAMES = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'] as const;

export type FileRole = 'kustomization' | 'resource' | 'patch' | 'generator' | 'component';

export interface BuildWarning {
  message: string;
  origin?: Origin;
}

export interface BuildResult {
  /** The built objects, in output order. */
  resources: Resource[];
  warnings: BuildWarning[];
  /** Every file the build read, with what it was used as. */
  files: Map<string, Set<FileRole>>;
  /** The kustomization folders each object passed through, innermost first. */
  lineage: Map<Resource, string[]>;
}

export interface BuildOptions {
  /** Stop after this many objects (huge generated inputs). */
  maxResources?: number;
  /** Refuse generator and resource files larger than this many characters. */
  maxFileSize?: number;
}

const DEFAULT_MAX_FILE_SIZE = 8 * 1024 * 1024;
/** Kubernetes refuses ConfigMaps and Secrets whose data is larger than this. */
const MAX_OBJECT_DATA = 1024 * 1024;

const DEPRECATED = ['commonLabels', 'patchesStrategicMerge', 'patchesJson6902', 'bases', 'vars'];
const UNSUPPORTED = ['helmCharts', 'helmChartInflationGenerator', 'transformers', 'generators', 'validators', 'vars'];

/** The kustomization file in `dir`, or undefined when there is none; two of them is an error. */
export function findKustomizationFile(fs: KustomizeFileSystem, dir: string): string | undefined {
  const found = KUSTOMIZATION_FILE_NAMES.map((name) => posix.join(dir, name)).filter((path) => fs.readFile(path) !== undefined);
  if (found.length > 1) throw new KustomizeError(`Found multiple kustomization files in ${dir}: ${found.map((path) => posix.basename(path)).join(', ')}.`);
  return found[0];
}

export function isRemoteResource(entry: string): boolean {
  return /^[a-z][a-z0-9+.-]*:\/\//i.test(entry) || /^git@/.test(entry) || /^(github\.com|gitlab\.com|bitbucket\.org)\//.test(entry);
}

class Builder {
  readonly warnings: BuildWarning[] = [];
  readonly files = new Map<string, Set<FileRole>>();
  readonly lineage = new Map<Resource, string[]>();
  private readonly maxFileSize: number;

  constructor(
    private readonly fs: KustomizeFileSystem,
    private readonly options: BuildOptions,
  ) {
    this.maxFileSize = options.maxFileSize ?? DEFAULT_MAX_FILE_SIZE;
  }

  note(path: string, role: FileRole): void {
    let roles = this.files.get(path);
    if (!roles) this.files.set(path, (roles = new Set()));
    roles.add(role);
  }

  /** Reads a file the kustomization in `root` names; refuses paths outside it (kustomize's load restrictor). */
  readWithin(root: string, relative: string, origin: Origin | undefined, what: string): { path: string; text: string } {
    const path = posix.normalize(posix.join(root, relative));
    if (!isWithin(root, path)) {
      throw new KustomizeError(`${what} "${relative}" is outside the kustomization folder ${root}; kustomize's load restrictor refuses files that are not in or below it.`, origin);
    }
    const text = this.fs.readFile(path);
    if (text === undefined) {
      if (this.fs.isDirectory(path)) throw new KustomizeError(`${what} "${relative}" is a folder, not a file.`, origin);
      throw new KustomizeError(`${what} "${relative}" does not exist (${path}).`, origin);
    }
    if (text.length > this.maxFileSize) throw new KustomizeError(`${what} "${relative}" is ${text.length} characters, more than the ${this.maxFileSize} a build reads.`, origin);
    return { path, text };
  }

  /** Builds the kustomization in `dir`; `stack` holds the folders being built (for cycles). */
  build(dir: string, stack: string[], origin: Origin | undefined, into?: Resource[]): Resource[] {
    if (stack.includes(dir)) {
      throw new KustomizeError(`Cycle: ${[...stack.slice(stack.indexOf(dir)), dir].join(' -> ')} includes itself.`, origin);
    }
    if (stack.length > 50) throw new KustomizeError('Kustomizations nest more than 50 levels deep.', origin);
    let file: string | undefined;
    try {
      file = findKustomizationFile(this.fs, dir);
    } catch (error) {
      throw error instanceof KustomizeError ? new KustomizeError(error.message, origin) : error;
    }
    if (!file) throw new KustomizeError(`${dir} has no kustomization.yaml, kustomization.yml or Kustomization.`, origin);
    this.note(file, into ? 'component' : 'kustomization');
    const text = this.fs.readFile(file) ?? '';
    const kustomization = parseYamlDocument(text, file);
    if (kustomization === undefined) throw new KustomizeError(`${file} is empty.`, origin ?? { file, range: { start: 0, end: 0 } });
    if (kustomization.kind !== 'map') throw new KustomizeError(`${file} is not a mapping.`, kustomization.origin);
    const kind = stringValueAt(kustomization, 'kind') ?? 'Kustomization';
    if (into && kind !== 'Component') throw new KustomizeError(`${dir} is used as a component but its kind is ${kind}; components have kind: Component.`, origin);
    if (!into && kind === 'Component') throw new KustomizeError(`${dir} is a Component; list it under components:, not resources:.`, origin);
    for (const field of UNSUPPORTED) {
      const entry = entryOf(kustomization, field);
      if (entry) this.warnings.push({ message: `"${field}" is not applied: Shipshape builds kustomizations without plugins, Helm or vars.`, origin: entry.keyOrigin });
    }
    const inner = [...stack, dir];
    const resources = into ?? [];
    const context: LevelContext = { dir, file, kustomization, stack: inner };

    for (const field of ['resources', 'bases']) {
      for (const entry of listEntries(kustomization, field)) this.addResource(context, entry, resources);
    }
    this.runGenerators(context, resources);
    for (const entry of listEntries(kustomization, 'components')) {
      const path = posix.normalize(posix.join(dir, entry.value));
      if (isRemoteResource(entry.value)) {
        this.warnings.push({ message: `The remote component "${entry.value}" was not fetched; Shipshape does not follow URLs.`, origin: entry.origin });
        continue;
      }
      if (!this.fs.isDirectory(path)) throw new KustomizeError(`The component "${entry.value}" is not a folder with a kustomization (${path}).`, entry.origin);
      this.build(path, inner, entry.origin, resources);
    }
    this.runTransformers(context, resources);
    for (const resource of resources) {
      const path = this.lineage.get(resource);
      if (path) path.push(dir);
      else this.lineage.set(resource, [dir]);
    }
    return resources;
  }

  private addResource(context: LevelContext, entry: ListEntry, into: Resource[]): void {
    if (isRemoteResource(entry.value)) {
      this.warnings.push({ message: `The remote resource "${entry.value}" was not fetched; Shipshape does not follow URLs, so its objects are not in this build.`, origin: entry.origin });
      return;
    }
    const path = posix.normalize(posix.join(context.dir, entry.value));
    let added: Resource[];
    if (this.fs.isDirectory(path)) {
      added = this.build(path, context.stack, entry.origin);
    } else {
      const { text } = this.readWithin(context.dir, entry.value, entry.origin, 'The resource');
      this.note(path, 'resource');
      added = readResources(text, path, entry.origin);
    }
    for (const resource of added) {
      this.checkUnique(into, resource, entry.origin);
      into.push(resource);
      if (this.options.maxResources !== undefined && into.length > this.options.maxResources) {
        throw new KustomizeError(`The build has more than ${this.options.maxResources} objects; Shipshape stops there.`, entry.origin);
      }
    }
  }

  private checkUnique(resources: readonly Resource[], resource: Resource, origin: Origin | undefined): void {
    const id = currentId(resource);
    const clash = resources.find((other) => kindOf(other) === kindOf(resource) && apiVersionOf(other) === apiVersionOf(resource) && nameOf(other) === id.name && effectiveNamespace(kindOf(other), currentId(other).namespace) === effectiveNamespace(kindOf(resource), id.namespace));
    if (clash) throw new KustomizeError(`may not add resource with an already registered id: ${describeId(apiVersionOf(resource), kindOf(resource), id)}`, origin);
  }

  private runGenerators(context: LevelContext, resources: Resource[]): void {
    const specs = readGenerators(context.kustomization, (relative, origin) => {
      const { path, text } = this.readWithin(context.dir, relative, origin, 'The generator file');
      this.note(path, 'generator');
      return text;
    });
    for (const spec of specs) {
      const object = generatedObject(spec);
      const matches = resources.filter((resource) => kindOf(resource) === spec.kind && allIds(resource).some((id) => id.name === spec.name && (spec.namespace === undefined || effectiveNamespace(spec.kind, id.namespace) === effectiveNamespace(spec.kind, spec.namespace))));
      const label = `${spec.kind} "${spec.name}"`;
      const size = spec.data.reduce((total, entry) => total + entry.key.length + entry.value.length, 0);
      if (size > MAX_OBJECT_DATA) {
        this.warnings.push({ message: `The generated ${label} holds ${Math.round(size / 1024)} KiB of data; the API server refuses ConfigMaps and Secrets over 1 MiB.`, origin: spec.origin });
      }
      if (spec.behavior === 'create') {
        if (matches.length > 0) throw new KustomizeError(`${label} already exists; a generator for it needs behavior: merge or replace.`, spec.origin);
        resources.push({ node: object, previous: [], file: context.file, generated: { kind: spec.kind, hashSuffix: !spec.options.disableNameSuffixHash } });
        continue;
      }
      const [existing] = matches;
      if (!existing) throw new KustomizeError(`${label} does not exist here, so behavior: ${spec.behavior} has nothing to ${spec.behavior}.`, spec.origin);
      if (matches.length > 1) throw new KustomizeError(`${label} matches ${matches.length} objects; behavior: ${spec.behavior} needs exactly one.`, spec.origin);
      mergeGenerated(existing, object, spec.behavior === 'replace');
      existing.generated = { kind: spec.kind, hashSuffix: !spec.options.disableNameSuffixHash };
    }
  }

  private runTransformers(context: LevelContext, resources: Resource[]): void {
    const { kustomization } = context;
    // patchesStrategicMerge: files or inline YAML, each document patching the object with its id.
    for (const entry of listEntries(kustomization, 'patchesStrategicMerge')) {
      const { text, file, origin } = this.patchText(context, entry.value, entry.origin);
      for (const document of parseYamlDocuments(text, file)) {
        if (document.node?.kind !== 'map') continue;
        this.applyStrategicMergeById(resources, document.node, origin, via(entry.value, file, text));
      }
    }
    // patches: a file or inline text, strategic merge or JSON 6902, optionally with a target selector.
    const patches = valueAt(kustomization, 'patches');
    if (patches && patches.kind === 'seq') {
      for (const item of patches.items) this.applyPatchEntry(context, resources, item);
    }
    const namespace = scalarText(valueAt(kustomization, 'namespace'));
    if (namespace) applyNamespace(resources, namespace, valueAt(kustomization, 'namespace')?.origin);
    const prefix = scalarText(valueAt(kustomization, 'namePrefix')) ?? '';
    const suffix = scalarText(valueAt(kustomization, 'nameSuffix')) ?? '';
    if (prefix || suffix) {
      const origin = valueAt(kustomization, prefix ? 'namePrefix' : 'nameSuffix')?.origin;
      for (const resource of resources) {
        if (['CustomResourceDefinition', 'APIService', 'Namespace'].includes(kindOf(resource))) continue;
        storePreviousId(resource);
        const nameNode = valueAt(resource.node, 'metadata', 'name');
        setName(resource, `${prefix}${nameOf(resource)}${suffix}`, nameNode?.origin ?? origin);
      }
    }
    this.applyLabels(kustomization, resources);
    const annotations = valueAt(kustomization, 'commonAnnotations');
    if (annotations?.kind === 'map') {
      const pairs = annotations.entries.map((entry) => [entry.key, scalarText(entry.value) ?? '', entry.value.origin && { ...entry.value.origin, via: 'commonAnnotations' }] as [string, string, Origin | undefined]);
      for (const resource of resources) setMapFields(resource, COMMON_ANNOTATION_SPECS, pairs, annotations.origin && { ...annotations.origin, via: 'commonAnnotations' });
    }
    for (const entry of seqItems(kustomization, 'patchesJson6902')) {
      const target = valueAt(entry, 'target');
      const path = stringValueAt(entry, 'path');
      const inline = stringValueAt(entry, 'patch');
      if (!target) throw new KustomizeError('A patchesJson6902 entry needs a target.', entry.origin);
      const { text, file, origin } = path !== undefined ? this.patchText(context, path, valueAt(entry, 'path')?.origin) : inlinePatch(context, inline ?? '', valueAt(entry, 'patch')?.origin);
      const operations = readJsonPatch(parseYamlDocument(text, file), origin);
      const selector = readSelector(target);
      for (const resource of selectResources(resources, selector, target.origin)) applyJsonPatchWithAnnotations(resource, operations, via(path ?? '', file, text));
    }
    for (const entry of seqItems(kustomization, 'replicas')) {
      const name = stringValueAt(entry, 'name');
      const countNode = valueAt(entry, 'count');
      if (!name || countNode?.kind !== 'scalar') throw new KustomizeError('A replicas entry needs a name and a count.', entry.origin);
      const origin = countNode.origin && { ...countNode.origin, via: 'replicas' };
      for (const resource of resources) {
        if (!allIds(resource).some((id) => id.name === name)) continue;
        for (const spec of REPLICA_SPECS) {
          if (!specApplies(spec, resource)) continue;
          visitField(resource.node, spec, (parent, key) => {
            const existing = parent.entries.find((item) => item.key === key);
            const value = { kind: 'scalar' as const, value: typeof countNode.value === 'bigint' ? countNode.value : BigInt(Number(countNode.value)), origin, replaced: existing?.value.origin };
            if (existing) existing.value = value;
            else parent.entries.push({ key, value, keyOrigin: origin });
          }, origin);
        }
      }
    }
    for (const entry of seqItems(kustomization, 'images')) applyImages(resources, entry);
    const replacements = valueAt(kustomization, 'replacements');
    if (replacements?.kind === 'seq') {
      applyReplacements(resources, replacements.items.map((item) => {
        const path = stringValueAt(item, 'path');
        if (path === undefined) return item;
        const { text, file } = this.patchText(context, path, valueAt(item, 'path')?.origin);
        const loaded = parseYamlDocuments(text, file).map((document) => document.node).filter((node): node is KNode => node !== undefined);
        return loaded.length === 1 && loaded[0]?.kind === 'seq' ? loaded[0].items : loaded;
      }).flat());
    }
  }

  private applyLabels(kustomization: KNode, resources: readonly Resource[]): void {
    for (const entry of seqItems(kustomization, 'labels')) {
      const pairsNode = valueAt(entry, 'pairs');
      if (pairsNode?.kind !== 'map') continue;
      const includeSelectors = valueAt(entry, 'includeSelectors');
      const includeTemplates = valueAt(entry, 'includeTemplates');
      const isTrue = (node: KNode | undefined): boolean => node?.kind === 'scalar' && node.value === true;
      const specs: FieldSpec[] = isTrue(includeSelectors) ? [...COMMON_LABEL_SPECS] : isTrue(includeTemplates) ? [...METADATA_LABEL_SPECS, ...TEMPLATE_LABEL_SPECS] : [...METADATA_LABEL_SPECS];
      for (const field of seqItems(entry, 'fields')) {
        const path = stringValueAt(field, 'path');
        if (path) specs.push({ path, kind: stringValueAt(field, 'kind'), group: stringValueAt(field, 'group'), version: stringValueAt(field, 'version'), create: valueAt(field, 'create')?.kind === 'scalar' && (valueAt(field, 'create') as { value: unknown }).value === true });
      }
      const pairs = pairsNode.entries.map((pair) => [pair.key, scalarText(pair.value) ?? '', pair.value.origin && { ...pair.value.origin, via: 'labels' }] as [string, string, Origin | undefined]);
      for (const resource of resources) setMapFields(resource, specs, pairs, pairsNode.origin && { ...pairsNode.origin, via: 'labels' });
    }
    const common = valueAt(kustomization, 'commonLabels');
    if (common?.kind === 'map') {
      const pairs = common.entries.map((pair) => [pair.key, scalarText(pair.value) ?? '', pair.value.origin && { ...pair.value.origin, via: 'commonLabels' }] as [string, string, Origin | undefined]);
      for (const resource of resources) setMapFields(resource, COMMON_LABEL_SPECS, pairs, common.origin && { ...common.origin, via: 'commonLabels' });
    }
  }

  /** The text of a patch given as a path (or, for patchesStrategicMerge, inline YAML). */
  private patchText(context: LevelContext, value: string, origin: Origin | undefined): { text: string; file: string; origin: Origin | undefined } {
    if (value.includes('\n') || (!value.endsWith('.yaml') && !value.endsWith('.yml') && !value.endsWith('.json') && /:\s/.test(value))) {
      return inlinePatch(context, value, origin);
    }
    const { path, text } = this.readWithin(context.dir, value, origin, 'The patch');
    this.note(path, 'patch');
    return { text, file: path, origin };
  }

  private applyPatchEntry(context: LevelContext, resources: Resource[], item: KNode): void {
    const path = stringValueAt(item, 'path');
    const inline = stringValueAt(item, 'patch');
    if (path === undefined && inline === undefined) throw new KustomizeError('A patches entry needs a path or a patch.', item.origin);
    if (path !== undefined && inline !== undefined) throw new KustomizeError('A patches entry has both a path and a patch; give one.', item.origin);
    const { text, file, origin } = path !== undefined ? this.patchText(context, path, valueAt(item, 'path')?.origin) : inlinePatch(context, inline!, valueAt(item, 'patch')?.origin);
    const label = via(path ?? '', file, text);
    const documents = parseYamlDocuments(text, file).map((document) => document.node).filter((node): node is KNode => node !== undefined);
    const targetNode = valueAt(item, 'target');
    const isJson = documents.length === 1 && documents[0]!.kind === 'seq';
    if (isJson) {
      if (!targetNode) throw new KustomizeError('A JSON 6902 patch needs a target: selector.', item.origin);
      const operations = readJsonPatch(documents[0], origin);
      for (const resource of selectResources(resources, readSelector(targetNode), targetNode.origin)) applyJsonPatchWithAnnotations(resource, operations, label);
      return;
    }
    const patches = documents.filter((document): document is KMap => document.kind === 'map');
    if (!targetNode) {
      for (const patch of patches) this.applyStrategicMergeById(resources, patch, origin, label);
      return;
    }
    if (patches.length > 1) throw new KustomizeError('A strategic merge patch with a target: must be a single document.', item.origin);
    const patch = patches[0];
    if (!patch) return;
    for (const resource of selectResources(resources, readSelector(targetNode), targetNode.origin)) {
      const copy = withIdentityOf(patch, resource);
      if (!strategicMerge(resource.node, copy, kindOf(resource), apiVersionOf(resource), label).keep) resources.splice(resources.indexOf(resource), 1);
    }
  }

  private applyStrategicMergeById(resources: Resource[], patch: KMap, origin: Origin | undefined, label: string): void {
    const kind = stringValueAt(patch, 'kind') ?? '';
    const apiVersion = stringValueAt(patch, 'apiVersion') ?? '';
    const name = stringValueAt(patch, 'metadata', 'name') ?? '';
    const namespace = stringValueAt(patch, 'metadata', 'namespace') ?? '';
    const matches = resources.filter(
      (resource) =>
        kindOf(resource) === kind &&
        apiVersionOf(resource) === apiVersion &&
        allIds(resource).some((id) => id.name === name && effectiveNamespace(kind, id.namespace) === effectiveNamespace(kind, namespace)),
    );
    const description = describeId(apiVersion, kind, { name, namespace });
    if (matches.length === 0) throw new KustomizeError(`no resource matches strategic merge patch "${description}": the patch names an object this build does not have.`, origin);
    if (matches.length > 1) throw new KustomizeError(`the strategic merge patch "${description}" matches ${matches.length} objects.`, origin);
    const [target] = matches as [Resource];
    const copy = withIdentityOf(patch, target);
    if (!strategicMerge(target.node, copy, kind, apiVersion, label).keep) resources.splice(resources.indexOf(target), 1);
  }
}

interface LevelContext {
  dir: string;
  file: string;
  kustomization: KNode;
  stack: string[];
}

interface ListEntry {
  value: string;
  origin: Origin | undefined;
}

function listEntries(kustomization: KNode, field: string): ListEntry[] {
  const list = valueAt(kustomization, field);
  if (!list || (list.kind === 'scalar' && list.value === null)) return [];
  if (list.kind !== 'seq') throw new KustomizeError(`"${field}" must be a list.`, list.origin);
  return list.items.map((item) => {
    const value = scalarText(item);
    if (value === undefined) throw new KustomizeError(`Each "${field}" entry must be a string.`, item.origin);
    return { value, origin: item.origin };
  });
}

function seqItems(node: KNode, field: string): KNode[] {
  const list = valueAt(node, field);
  if (!list || (list.kind === 'scalar' && list.value === null)) return [];
  if (list.kind !== 'seq') throw new KustomizeError(`"${field}" must be a list.`, list.origin);
  return list.items;
}

/** An inline patch: its text lives in the kustomization, at the offset of the block scalar's content. */
function inlinePatch(context: LevelContext, text: string, origin: Origin | undefined): { text: string; file: string; origin: Origin | undefined } {
  return { text, file: `${context.file}#inline@${origin?.range.start ?? 0}`, origin };
}

/** How findings name what wrote a value: the patch file's name, or "inline patch". */
function via(path: string, file: string, _text: string): string {
  return file.includes('#inline@') ? 'inline patch' : `patch ${path || posix.basename(file)}`;
}

/** A copy of a patch with the target's kind, apiVersion, name and namespace, so merging never renames. */
function withIdentityOf(patch: KMap, resource: Resource): KMap {
  const copy: KMap = { ...patch, entries: patch.entries.filter((entry) => entry.key !== 'apiVersion' && entry.key !== 'kind') };
  const metadata = entryOf(copy, 'metadata');
  if (metadata?.value.kind === 'map') {
    copy.entries = copy.entries.map((entry) => (entry === metadata ? { ...entry, value: { ...metadata.value, entries: (metadata.value as KMap).entries.filter((item) => item.key !== 'name' && item.key !== 'namespace') } as KMap } : entry));
  }
  void resource;
  return copy;
}

/** kustomize keeps internal annotations during a build, so `/metadata/annotations/...` always has a parent. */
function applyJsonPatchWithAnnotations(resource: Resource, operations: ReturnType<typeof readJsonPatch>, label: string): void {
  const metadata = entryOf(resource.node, 'metadata')?.value;
  let added = false;
  if (metadata?.kind === 'map' && !entryOf(metadata, 'annotations')) {
    metadata.entries.push({ key: 'annotations', value: { kind: 'map', entries: [] } });
    added = true;
  }
  try {
    applyJsonPatch(resource.node, operations, label);
  } finally {
    const after = entryOf(resource.node, 'metadata')?.value;
    const annotations = after?.kind === 'map' ? entryOf(after, 'annotations') : undefined;
    if (added && after?.kind === 'map' && annotations?.value.kind === 'map' && annotations.value.entries.length === 0) {
      after.entries.splice(after.entries.indexOf(annotations), 1);
    }
  }
  if (!stringValueAt(resource.node, 'metadata', 'name')) throw new KustomizeError(`After the ${label}, the ${kindOf(resource)} has no metadata.name.`, operations[0]?.origin);
}

function applyNamespace(resources: readonly Resource[], namespace: string, origin: Origin | undefined): void {
  const stamped = origin && { ...origin, via: 'namespace' };
  for (const resource of resources) {
    const kind = kindOf(resource);
    if (kind === 'Namespace' && apiVersionOf(resource) === 'v1') {
      storePreviousId(resource);
      setName(resource, namespace, stamped);
      continue;
    }
    if (!isClusterScoped(kind)) {
      storePreviousId(resource);
      const metadata = entryOf(resource.node, 'metadata')?.value;
      if (metadata?.kind === 'map') {
        const entry = entryOf(metadata, 'namespace');
        const value = { kind: 'scalar' as const, value: namespace, origin: stamped, replaced: entry?.value.origin };
        if (entry) entry.value = value;
        else metadata.entries.push({ key: 'namespace', value, keyOrigin: stamped });
      }
    }
    if (kind === 'RoleBinding' || kind === 'ClusterRoleBinding') {
      const subjects = valueAt(resource.node, 'subjects');
      if (subjects?.kind === 'seq') {
        for (const subject of subjects.items) {
          if (subject.kind !== 'map' || stringValueAt(subject, 'kind') !== 'ServiceAccount' || stringValueAt(subject, 'name') !== 'default') continue;
          const entry = entryOf(subject, 'namespace');
          const value = { kind: 'scalar' as const, value: namespace, origin: stamped };
          if (entry) entry.value = value;
          else subject.entries.push({ key: 'namespace', value });
        }
      }
    }
    const servicePaths: FieldSpec[] = [
      { path: 'webhooks[]/clientConfig/service/namespace', kind: 'MutatingWebhookConfiguration' },
      { path: 'webhooks[]/clientConfig/service/namespace', kind: 'ValidatingWebhookConfiguration' },
      { path: 'spec/service/namespace', kind: 'APIService' },
      { path: 'spec/conversion/webhook/clientConfig/service/namespace', kind: 'CustomResourceDefinition' },
    ];
    for (const spec of servicePaths) {
      if (!specApplies(spec, resource)) continue;
      visitField(resource.node, spec, (parent, key) => {
        const entry = entryOf(parent, key);
        if (entry) entry.value = { kind: 'scalar', value: namespace, origin: stamped };
      });
    }
  }
}

/** `images:` — every containers[]/initContainers[] image at any depth whose name matches. */
function applyImages(resources: readonly Resource[], entry: KNode): void {
  const name = scalarText(valueAt(entry, 'name'));
  if (!name) throw new KustomizeError('An images entry needs a name.', entry.origin);
  const newName = scalarText(valueAt(entry, 'newName'));
  const newTag = scalarText(valueAt(entry, 'newTag'));
  const digest = scalarText(valueAt(entry, 'digest'));
  const tagSuffix = scalarText(valueAt(entry, 'tagSuffix'));
  let pattern: RegExp;
  try {
    pattern = new RegExp(`^${name}(:[a-zA-Z0-9_.{}-]*)?(@sha256:[a-zA-Z0-9_.{}-]*)?$`);
  } catch {
    throw new KustomizeError(`The image name "${name}" is not usable as a pattern.`, valueAt(entry, 'name')?.origin);
  }
  const writer = valueAt(entry, newTag !== undefined ? 'newTag' : digest !== undefined ? 'digest' : 'newName') ?? entry;
  const origin = writer.origin ?? entry.origin;
  const visit = (node: KNode): void => {
    if (node.kind === 'seq') {
      for (const item of node.items) visit(item);
      return;
    }
    if (node.kind !== 'map') return;
    for (const field of node.entries) {
      if ((field.key === 'containers' || field.key === 'initContainers') && field.value.kind === 'seq') {
        for (const container of field.value.items) {
          const image = entryOf(container, 'image');
          if (!image || image.value.kind !== 'scalar' || typeof image.value.value !== 'string') continue;
          if (!pattern.test(image.value.value)) continue;
          let [imageName, tag, imageDigest] = splitImage(image.value.value);
          if (newName) imageName = newName;
          if (newTag && digest) [tag, imageDigest] = [newTag, digest];
          else if (newTag) [tag, imageDigest] = [newTag, ''];
          else if (digest) [tag, imageDigest] = ['', digest];
          let result = imageName;
          if (tag) result += `:${tag}`;
          if (imageDigest) result += `@${imageDigest}`;
          if (tagSuffix) result = tag ? result.replace(`:${tag}`, `:${tag}${tagSuffix}`) : result;
          image.value = { kind: 'scalar', value: result, origin: origin && { ...origin, via: 'images' }, replaced: image.value.origin };
        }
      }
      visit(field.value);
    }
  };
  for (const resource of resources) visit(resource.node);
}

/** kustomize's image.Split: name, tag and digest, ignoring `:` in the registry host. */
export function splitImage(image: string): [string, string, string] {
  let slash = image.indexOf('/');
  const search = slash > 0 ? image.slice(slash) : image;
  if (slash <= 0) slash = 0;
  let at = search.indexOf('@');
  let colon = search.indexOf(':');
  if (colon < 0 && at < 0) return [image, '', ''];
  if (at >= 0 && (at < colon || colon < 0)) {
    at += slash;
    return [image.slice(0, at), '', image.slice(at + 1)];
  }
  if (at >= 0 && colon >= 0) {
    at += slash;
    colon += slash;
    return [image.slice(0, colon), image.slice(colon + 1, at), image.slice(at + 1)];
  }
  colon += slash;
  return [image.slice(0, colon), image.slice(colon + 1), ''];
}

/** Reads the objects of a resource file: documents, `kind: List` items; comment-only documents skipped. */
export function readResources(text: string, file: string, origin: Origin | undefined): Resource[] {
  const resources: Resource[] = [];
  let documents;
  try {
    documents = parseYamlDocuments(text, file);
  } catch (error) {
    if (error instanceof KustomizeError) throw new KustomizeError(error.message, origin);
    throw error;
  }
  const add = (node: KNode, depth: number): void => {
    if (node.kind !== 'map') throw new KustomizeError(`${file} holds a document that is not a mapping.`, origin);
    const kind = stringValueAt(node, 'kind');
    if (kind === undefined) throw new KustomizeError(`${file} holds an object without a kind.`, origin);
    const items = valueAt(node, 'items');
    if (kind.endsWith('List') && items?.kind === 'seq' && depth < 4) {
      for (const item of items.items) add(item, depth + 1);
      return;
    }
    if (!stringValueAt(node, 'metadata', 'name')) throw new KustomizeError(`The ${kind} in ${file} has no metadata.name.`, origin);
    resources.push({ node, previous: [], file });
  };
  for (const document of documents) if (document.node) add(document.node, 0);
  return resources;
}

function isWithin(root: string, path: string): boolean {
  const base = root.endsWith('/') ? root : `${root}/`;
  return path === root || path.startsWith(base);
}

const LOCAL_CONFIG = 'config.kubernetes.io/local-config';

/** Builds the kustomization in `dir` the way `kubectl kustomize dir` does. Throws KustomizeError. */
export function buildKustomization(fs: KustomizeFileSystem, dir: string, options: BuildOptions = {}): BuildResult {
  const root = posix.normalize(dir.replace(/\\/g, '/')).replace(/(.)\/$/, '$1');
  const builder = new Builder(fs, options);
  const kustomizationFile = findKustomizationFile(fs, root);
  if (kustomizationFile) {
    const parsed = parseYamlDocument(fs.readFile(kustomizationFile) ?? '', kustomizationFile);
    for (const field of DEPRECATED) {
      const entry = entryOf(parsed, field);
      if (entry) builder.warnings.push({ message: `'${field}' is deprecated.`, origin: entry.keyOrigin });
    }
  }
  const built = builder.build(root, [], undefined);
  // At the top only: hash suffixes, then name references follow every rename.
  for (const resource of built) {
    if (!resource.generated?.hashSuffix) continue;
    storePreviousId(resource);
    const nameNode = valueAt(resource.node, 'metadata', 'name');
    setName(resource, `${nameOf(resource)}-${contentHash(resource)}`, nameNode?.origin);
  }
  fixNameReferences(built, builder.lineage);
  const kept = built.filter((resource) => annotationsOf(resource).get(LOCAL_CONFIG) !== 'true');
  const topKustomization = kustomizationFile ? parseYamlDocument(fs.readFile(kustomizationFile) ?? '', kustomizationFile) : undefined;
  return { resources: sortResources(kept, valueAt(topKustomization, 'sortOptions')), warnings: builder.warnings, files: builder.files, lineage: builder.lineage };
}

/** `sortOptions` of the top kustomization: `fifo` keeps the build order; `legacy` (the default) may re-rank kinds. */
function sortResources(resources: Resource[], options: KNode | undefined): Resource[] {
  const order = stringValueAt(options, 'order');
  if (order === 'fifo') return resources;
  if (order !== undefined && order !== 'legacy') throw new KustomizeError(`sortOptions.order must be legacy or fifo, not "${order}".`, valueAt(options, 'order')?.origin);
  const legacy = valueAt(options, 'legacySortOptions');
  if (!legacy) return sortLegacy(resources);
  const kinds = (field: string): string[] => {
    const list = valueAt(legacy, field);
    return list?.kind === 'seq' ? list.items.map((item) => scalarText(item) ?? '') : [];
  };
  return sortLegacy(resources, { orderFirst: kinds('orderFirst'), orderLast: kinds('orderLast') });
}
