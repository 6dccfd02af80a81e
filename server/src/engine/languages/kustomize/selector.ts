// kustomize's target selectors: group, version, kind, name and namespace as anchored Go regular expressions
// (name and namespace match the original or the current value), plus Kubernetes label and annotation selectors.
import { annotationsOf, apiVersionOf, effectiveNamespace, groupOf, kindOf, labelsOf, originalId, currentId, versionOf, type Resource } from './resource';
import { KustomizeError, stringValueAt, type KNode, type Origin } from './values';

export interface Selector {
  group?: string;
  version?: string;
  kind?: string;
  name?: string;
  namespace?: string;
  labelSelector?: string;
  annotationSelector?: string;
}

export function readSelector(node: KNode | undefined): Selector {
  const field = (key: string): string | undefined => stringValueAt(node, key);
  return {
    group: field('group'),
    version: field('version'),
    kind: field('kind'),
    name: field('name'),
    namespace: field('namespace'),
    labelSelector: field('labelSelector'),
    annotationSelector: field('annotationSelector'),
  };
}

function anchored(pattern: string, origin: Origin | undefined): RegExp {
  try {
    return new RegExp(`^(?:${pattern})$`);
  } catch {
    throw new KustomizeError(`The selector pattern "${pattern}" is not a valid regular expression.`, origin);
  }
}

export function selectResources(resources: readonly Resource[], selector: Selector, origin?: Origin): Resource[] {
  const test = (pattern: string | undefined, ...values: string[]): boolean => pattern === undefined || pattern === '' || values.some((value) => anchored(pattern, origin).test(value));
  const labels = selector.labelSelector ? parseLabelSelector(selector.labelSelector, origin) : undefined;
  const annotations = selector.annotationSelector ? parseLabelSelector(selector.annotationSelector, origin) : undefined;
  return resources.filter((resource) => {
    const kind = kindOf(resource);
    const apiVersion = apiVersionOf(resource);
    const original = originalId(resource);
    const current = currentId(resource);
    if (!test(selector.namespace, effectiveNamespace(kind, original.namespace), effectiveNamespace(kind, current.namespace))) return false;
    if (!test(selector.name, original.name, current.name)) return false;
    if (!test(selector.group, groupOf(apiVersion)) || !test(selector.version, versionOf(apiVersion)) || !test(selector.kind, kind)) return false;
    if (labels && !labels(labelsOf(resource))) return false;
    if (annotations && !annotations(annotationsOf(resource))) return false;
    return true;
  });
}

type Requirement = (values: Map<string, string>) => boolean;

/** `a=b,c!=d,e in (x,y),f notin (z),g,!h` — the Kubernetes selector syntax. */
export function parseLabelSelector(text: string, origin?: Origin): (values: Map<string, string>) => boolean {
  const requirements: Requirement[] = [];
  const parts = text.match(/(?:[^,(]|\([^)]*\))+/g) ?? [];
  for (const raw of parts) {
    const part = raw.trim();
    if (part === '') continue;
    let match: RegExpExecArray | null;
    if ((match = /^([^\s!=]+)\s+(in|notin)\s+\(([^)]*)\)$/.exec(part))) {
      const [, key, operator, list] = match as unknown as [string, string, string, string];
      const options = new Set(list.split(',').map((value) => value.trim()));
      requirements.push(operator === 'in' ? (values) => values.has(key) && options.has(values.get(key)!) : (values) => !values.has(key) || !options.has(values.get(key)!));
    } else if ((match = /^([^\s!=]+)\s*(==|=|!=)\s*([^\s]*)$/.exec(part))) {
      const [, key, operator, value] = match as unknown as [string, string, string, string];
      requirements.push(operator === '!=' ? (values) => values.get(key) !== value : (values) => values.get(key) === value);
    } else if ((match = /^!\s*([^\s!=]+)$/.exec(part))) {
      const key = match[1]!;
      requirements.push((values) => !values.has(key));
    } else if ((match = /^([^\s!=()]+)$/.exec(part))) {
      const key = match[1]!;
      requirements.push((values) => values.has(key));
    } else {
      throw new KustomizeError(`"${text}" is not a valid label selector.`, origin);
    }
  }
  return (values) => requirements.every((requirement) => requirement(values));
}
