// The functions Helm adds on top of sprig (pkg/engine/funcs.go and engine.go): include, tpl, required, fail,
// lookup, toYaml/fromYaml/toJson/fromJson/toToml, and the removals (env, expandenv, getHostByName).
import { ExecError, FunctionError, type CallContext, type TemplateFunction } from '../template/exec';
import { strval, type GoMap, type GoValue } from '../template/go-values';
import { lineColumn, parseTemplate, type ParsedTemplate } from '../template/parse';
import { decodeYamlDocuments, fromJson, jsonNormalise, toJson, toYaml, YamlError } from '../yaml-v2';

/** Helm allows `include` of one name to nest this deep. */
const INCLUDE_MAX_NESTING = 1000;

/** A failure raised by the chart itself (`fail`, `required`): its message is for the chart's user. */
export class ChartFailure extends ExecError {}

function location(call: CallContext): string {
  const { line, column } = lineColumn(call.template.text, call.node.start);
  return `${call.template.name}:${line}:${column}`;
}

function chartFailure(call: CallContext, message: string): never {
  throw new ChartFailure(`execution error at (${location(call)}): ${message}`, call.template.name, call.node.start, call.template.text);
}

export interface HelmFunctionOptions {
  /** Every function name (for parsing `tpl` strings). */
  isFunction: (name: string) => boolean;
  /** Cache of parsed `tpl` strings by text and calling template name. */
  tplCache: Map<string, { main: ParsedTemplate; defines: ParsedTemplate[] }>;
}

function fromYamlMap(text: string): GoMap {
  try {
    const [document] = decodeYamlDocuments(text);
    if (document === null || document === undefined) return new Map();
    if (document instanceof Map) return document;
    return new Map([['Error', `error unmarshaling JSON: while decoding JSON: json: cannot unmarshal ${Array.isArray(document) ? 'array' : typeof document === 'string' ? 'string' : 'number'} into Go value of type map[string]interface {}`]]);
  } catch (error) {
    return new Map([['Error', (error as Error).message]]);
  }
}

/** BurntSushi/toml encoding of a map (tables after plain keys, as the encoder orders them). */
export function toToml(value: GoValue): string {
  if (!(value instanceof Map)) return 'toml: top-level values must be Go maps or structs';
  const lines: string[] = [];
  const scalar = (item: GoValue): string => {
    if (typeof item === 'string') return toJson(item);
    if (Array.isArray(item)) return '[' + item.map(scalar).join(', ') + ']';
    if (item === null) return '""';
    return strval(item);
  };
  const table = (map: GoMap, prefix: string) => {
    const keys = [...map.keys()].sort();
    for (const key of keys) {
      const item = map.get(key)!;
      if (!(item instanceof Map) && item !== null) lines.push(`${prefix ? '  '.repeat(prefix.split('.').length) : ''}${/^[A-Za-z0-9_-]+$/.test(key) ? key : toJson(key)} = ${scalar(item)}`);
    }
    for (const key of keys) {
      const item = map.get(key)!;
      if (item instanceof Map) {
        const name = prefix ? `${prefix}.${key}` : key;
        lines.push('', `${'  '.repeat(name.split('.').length - 1)}[${name}]`);
        table(item, name);
      }
    }
  };
  table(value, '');
  return lines.join('\n').replace(/^\n/, '') + '\n';
}

export function helmFunctions(options: HelmFunctionOptions): Map<string, TemplateFunction> {
  const functions = new Map<string, TemplateFunction>();
  const includeDepth = new Map<string, number>();
  const define = (name: string, fn: TemplateFunction) => functions.set(name, fn);

  define('include', ([name, data], call) => {
    const templateName = strval(name ?? null);
    const depth = includeDepth.get(templateName) ?? 0;
    if (depth > INCLUDE_MAX_NESTING) throw new FunctionError(`rendering template has a nested reference name: ${templateName}: unable to execute template`);
    const template = call.executor.templates.get(templateName);
    if (!template) throw new FunctionError(`template: no template "${templateName}" associated with template "gotpl"`);
    includeDepth.set(templateName, depth + 1);
    try {
      return call.executor.executeToString(template, data ?? null);
    } finally {
      includeDepth.set(templateName, depth);
    }
  });

  define('tpl', ([text, data], call) => {
    const source = strval(text ?? null);
    const cacheKey = call.template.name + '\0' + source;
    let parsed = options.tplCache.get(cacheKey);
    if (!parsed) {
      try {
        const result = parseTemplate(call.template.name, source, options.isFunction);
        parsed = { main: { ...result.main, file: undefined }, defines: result.defines.map((definition) => ({ ...definition, file: undefined })) };
      } catch (error) {
        throw new FunctionError(`cannot parse template ${JSON.stringify(source)}: ${(error as Error).message}`);
      }
      if (options.tplCache.size > 5000) options.tplCache.clear();
      options.tplCache.set(cacheKey, parsed);
    }
    const executor = call.executor;
    // `define`s inside the string are visible to that string only (Helm clones the template set).
    const added = parsed.defines.map((definition) => [definition.name, executor.templates.get(definition.name)] as const);
    for (const definition of parsed.defines) executor.templates.set(definition.name, definition);
    try {
      return executor.executeToString(parsed.main, data ?? null).replaceAll('<no value>', '');
    } catch (error) {
      if (error instanceof ChartFailure) throw error;
      if (error instanceof ExecError) throw new FunctionError(`error during tpl function execution for ${JSON.stringify(source)}: ${error.message}`);
      throw error;
    } finally {
      for (const [name, previous] of added) {
        if (previous) executor.templates.set(name, previous);
        else executor.templates.delete(name);
      }
    }
  });

  define('required', ([message, value], call) => {
    if (value === null || value === undefined || value === '') chartFailure(call, strval(message ?? null));
    return value;
  });
  define('fail', ([message], call) => chartFailure(call, strval(message ?? null)));
  define('lookup', () => new Map());
  define('getHostByName', () => '');
  define('toYaml', ([value]) => toYaml(value ?? null));
  define('mustToYaml', ([value]) => toYaml(value ?? null));
  define('toYamlPretty', ([value]) => toYaml(value ?? null));
  define('fromYaml', ([text]) => fromYamlMap(strval(text ?? '')));
  define('mustFromYaml', ([text]) => fromYamlMap(strval(text ?? '')));
  define('fromYamlArray', ([text]) => {
    try {
      const [document] = decodeYamlDocuments(strval(text ?? ''));
      if (Array.isArray(document)) return document;
      if (document === null || document === undefined) return [];
      return [`error unmarshaling JSON: while decoding JSON: json: cannot unmarshal object into Go value of type []interface {}`];
    } catch (error) {
      return [(error as Error).message];
    }
  });
  define('toJson', ([value]) => {
    try {
      return toJson(value ?? null);
    } catch (error) {
      if (error instanceof YamlError) return '';
      throw error;
    }
  });
  define('fromJson', ([text]) => {
    try {
      const value = fromJson(strval(text ?? ''));
      return value instanceof Map ? value : new Map([['Error', 'json: cannot unmarshal into Go value of type map[string]interface {}']]);
    } catch (error) {
      return new Map([['Error', (error as Error).message]]);
    }
  });
  define('fromJsonArray', ([text]) => {
    try {
      const value = fromJson(strval(text ?? ''));
      return Array.isArray(value) ? value : [];
    } catch (error) {
      return [(error as Error).message];
    }
  });
  define('toToml', ([value]) => toToml(jsonNormalise(value ?? null)));
  return functions;
}
