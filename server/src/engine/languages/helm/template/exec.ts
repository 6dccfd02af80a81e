// Executor for parsed Go templates, following Go's text/template/exec.go: evaluation of pipelines, fields,
// variables and functions with Go's dynamic type rules, and an output that records, for every span it
// writes, the template text or action that produced it.
import { formatValue, goTypeName, isTrue, kindOf, sortedKeys, TemplateError, type GoMap, type GoObject, type GoValue } from './go-values';
import { lineColumn, type ActionNode, type ArgNode, type BranchParts, type CommandNode, type Node, type ParsedTemplate, type PipeNode, type RangeNode, type TemplateNode } from './parse';

/** Where a span of output came from: a template's text node or action. */
export interface OutputOrigin {
  template: ParsedTemplate;
  start: number;
  end: number;
  /** Text nodes map byte for byte; actions map their whole output to the action. */
  kind: 'text' | 'action';
  /** For an action that printed a value read from the chart's values: that value's key path. */
  valuePath?: readonly string[] | undefined;
  /** The text was re-indented on its way out (`include … | nindent`): output columns differ from the template's. */
  reindented?: boolean;
}

export interface OutputSegment {
  start: number;
  end: number;
  origin: OutputOrigin;
}

export class Output {
  private readonly parts: string[] = [];
  length = 0;
  readonly segments: OutputSegment[] = [];

  /** Writes text whose parts already have origins (an `include` printed by an action). */
  writeMapped(text: string, parts: readonly OutputSegment[], fallback: OutputOrigin): void {
    const base = this.length;
    let cursor = 0;
    for (const part of parts) {
      if (part.start > cursor) this.segments.push({ start: base + cursor, end: base + part.start, origin: fallback });
      this.segments.push({ start: base + part.start, end: base + part.end, origin: part.origin });
      cursor = part.end;
    }
    if (cursor < text.length) this.segments.push({ start: base + cursor, end: base + text.length, origin: fallback });
    this.parts.push(text);
    this.length += text.length;
    if (this.length > MAX_OUTPUT) throw new TemplateError(`template output exceeds ${MAX_OUTPUT / 1e6} MB; is a loop unbounded?`);
  }

  write(text: string, origin: OutputOrigin | undefined): void {
    if (text.length === 0) return;
    this.parts.push(text);
    if (origin) this.segments.push({ start: this.length, end: this.length + text.length, origin });
    this.length += text.length;
    if (this.length > MAX_OUTPUT) throw new TemplateError(`template output exceeds ${MAX_OUTPUT / 1e6} MB; is a loop unbounded?`);
  }

  toString(): string {
    return this.parts.join('');
  }
}

const MAX_OUTPUT = 64_000_000;
/** Go allows 100000 nested template calls; JavaScript's stack does not, so calls nest at most this deep. */
export const MAX_TEMPLATE_DEPTH = 1500;

/** A function callable from templates. Go builtins `and`/`or` are evaluated lazily by the executor. */
export type TemplateFunction = (args: GoValue[], call: CallContext) => GoValue;

/** What a function learns about its call site (Helm's include/tpl/fail need it). */
export interface CallContext {
  executor: Executor;
  template: ParsedTemplate;
  node: CommandNode;
  /** The value path of the last argument when it was read from values (for `default`, `quote`…). */
  argPaths: ReadonlyArray<readonly string[] | undefined>;
}

/** A function's own error, reported as Go's `error calling NAME: …`, or verbatim when `verbatim`. */
export class FunctionError extends Error {
  constructor(message: string, readonly verbatim = false) {
    super(message);
  }
}

/** An execution error, located at the node that failed. */
export class ExecError extends TemplateError {
  constructor(message: string, readonly templateName: string, readonly offset: number, readonly templateText: string) {
    super(message, 'exec');
  }
}

/** Marks values read from the chart's values (maps and lists by identity). */
export type ValuePaths = WeakMap<object, readonly string[]>;

interface Variable {
  name: string;
  value: GoValue;
  path: readonly string[] | undefined;
}

class BreakSignal {}
class ContinueSignal {}
const BREAK = new BreakSignal();
const CONTINUE = new ContinueSignal();
const NO_FINAL = Symbol('no final value');
type Final = GoValue | typeof NO_FINAL;

export interface ExecutorOptions {
  functions: ReadonlyMap<string, TemplateFunction>;
  templates: Map<string, ParsedTemplate>;
  valuePaths?: ValuePaths;
  /** Sees every function call's arguments and result (the renderer tracks values derived from stand-ins). */
  observeCall?: (args: readonly GoValue[], result: GoValue) => void;
}

/** Evaluated value plus, when it was read from the values, its key path. */
interface Traced {
  value: GoValue;
  path: readonly string[] | undefined;
}

export class Executor {
  readonly functions: ReadonlyMap<string, TemplateFunction>;
  readonly templates: Map<string, ParsedTemplate>;
  readonly valuePaths: ValuePaths;
  private readonly observeCall: ExecutorOptions['observeCall'];
  depth = 0;
  private vars: Variable[] = [];
  private output: Output = new Output();
  private template!: ParsedTemplate;

  constructor(options: ExecutorOptions) {
    this.functions = options.functions;
    this.templates = options.templates;
    this.valuePaths = options.valuePaths ?? new WeakMap();
    this.observeCall = options.observeCall;
  }

  /** Runs `template` with `data` as dot and `$`, writing into `output`. */
  execute(template: ParsedTemplate, data: GoValue, output: Output): void {
    const saved = { vars: this.vars, output: this.output, template: this.template };
    if (++this.depth > MAX_TEMPLATE_DEPTH) {
      this.depth--;
      throw new TemplateError(`exceeded maximum template depth (${MAX_TEMPLATE_DEPTH})`);
    }
    this.vars = [{ name: '$', value: data, path: this.pathOf(data) }];
    this.output = output;
    this.template = template;
    try {
      this.walkList(data, template.root);
    } catch (error) {
      if (error instanceof RangeError && /call stack/.test(error.message)) {
        throw new TemplateError(`exceeded maximum template depth: template calls nest too deep`);
      }
      throw error;
    } finally {
      this.depth--;
      this.vars = saved.vars;
      this.output = saved.output;
      this.template = saved.template;
    }
  }

  /** Runs a template and returns what it printed (Helm's `include`). */
  executeToString(template: ParsedTemplate, data: GoValue): string {
    const output = new Output();
    this.execute(template, data, output);
    const text = output.toString();
    this.lastInclude = { text, segments: output.segments };
    return text;
  }

  /** What the last `include` printed, with its origins, so the action printing it can keep them. */
  private lastInclude: { text: string; segments: OutputSegment[] } | undefined;

  get currentTemplate(): ParsedTemplate {
    return this.template;
  }

  private pathOf(value: GoValue): readonly string[] | undefined {
    return value !== null && typeof value === 'object' ? this.valuePaths.get(value) : undefined;
  }

  private error(offset: number, message: string): never {
    const { line, column } = lineColumn(this.template.text, offset);
    throw new ExecError(`template: ${this.template.name}:${line}:${column}: ${message}`, this.template.name, offset, this.template.text);
  }

  private errorAt(node: { start: number; end: number }, message: string): never {
    const { line, column } = lineColumn(this.template.text, node.start);
    const text = this.template.text.slice(node.start, node.end);
    throw new ExecError(
      `template: ${this.template.name}:${line}:${column}: executing "${this.template.name}" at <${text}>: ${message}`,
      this.template.name,
      node.start,
      this.template.text,
    );
  }

  private walkList(dot: GoValue, list: readonly Node[]): void {
    for (const node of list) this.walk(dot, node);
  }

  private walk(dot: GoValue, node: Node): void {
    switch (node.type) {
      case 'text':
        this.output.write(node.text, { template: this.template, start: node.start, end: node.end, kind: 'text' });
        return;
      case 'action':
        this.walkAction(dot, node);
        return;
      case 'if':
      case 'with':
        this.walkIfOrWith(dot, node);
        return;
      case 'range':
        this.walkRange(dot, node);
        return;
      case 'template':
        this.walkTemplate(dot, node);
        return;
      case 'break':
        throw BREAK;
      case 'continue':
        throw CONTINUE;
    }
  }

  private walkAction(dot: GoValue, node: ActionNode): void {
    const mark = this.vars.length;
    this.lastInclude = undefined;
    const traced = this.evalPipeline(dot, node.pipe);
    if (node.pipe.decl.length === 0) {
      const text = traced.value === null ? '<no value>' : formatValue(traced.value);
      const origin: OutputOrigin = { template: this.template, start: node.start, end: node.end, kind: 'action', valuePath: traced.path };
      const included = this.lastInclude as { text: string; segments: OutputSegment[] } | undefined;
      const parts = included && included.segments.length > 0 ? alignIncluded(included.text, included.segments, text) : undefined;
      if (parts) this.output.writeMapped(text, text === included!.text ? parts : parts.map((part) => ({ ...part, origin: { ...part.origin, reindented: true } })), origin);
      else this.output.write(text, origin);
    } else if (mark === this.vars.length) {
      return;
    }
  }

  private walkIfOrWith(dot: GoValue, node: BranchParts & { type: 'if' | 'with' }): void {
    const mark = this.vars.length;
    try {
      const { value } = this.evalPipeline(dot, node.pipe);
      if (isTrue(value)) this.walkList(node.type === 'with' ? value : dot, node.list);
      else if (node.elseList) this.walkList(dot, node.elseList);
    } finally {
      this.vars.length = mark;
    }
  }

  private walkRange(dot: GoValue, node: RangeNode): void {
    const outer = this.vars.length;
    try {
      const traced = this.evalPipeline(dot, node.pipe);
      const value = traced.value;
      const mark = this.vars.length;
      const declCount = node.pipe.decl.length;
      const iterate = (index: GoValue, element: GoValue, path: readonly string[] | undefined): boolean => {
        if (declCount > 0) {
          if (node.pipe.isAssign) {
            this.setVar(node.pipe.decl[0]!.names[0]!, declCount > 1 ? index : element, declCount > 1 ? undefined : path);
            if (declCount > 1) this.setVar(node.pipe.decl[1]!.names[0]!, element, path);
          } else {
            this.vars[this.vars.length - 1] = { ...this.vars[this.vars.length - 1]!, value: element, path };
            if (declCount > 1) this.vars[this.vars.length - 2] = { ...this.vars[this.vars.length - 2]!, value: index, path: undefined };
          }
        }
        try {
          this.walkList(element, node.list);
        } catch (signal) {
          if (signal === BREAK) return false;
          if (signal !== CONTINUE) throw signal;
        } finally {
          this.vars.length = mark;
        }
        return true;
      };
      const kind = kindOf(value);
      if (kind === 'slice') {
        const list = value as GoValue[];
        if (list.length === 0) return this.walkElse(dot, node);
        for (let index = 0; index < list.length; index++) {
          const element = list[index]!;
          if (!iterate(BigInt(index), element, this.pathOf(element) ?? (traced.path ? [...traced.path, String(index)] : undefined))) break;
        }
        return;
      }
      if (kind === 'map') {
        const map = value as GoMap;
        if (map.size === 0) return this.walkElse(dot, node);
        for (const key of sortedKeys(map)) {
          const element = map.get(key)!;
          if (!iterate(key, element, this.pathOf(element) ?? (traced.path ? [...traced.path, key] : undefined))) break;
        }
        return;
      }
      if (kind === 'int') {
        const count = value as bigint;
        if (declCount > 1) this.errorAt(node.pipe, `can't use ${count} to iterate over more than one variable`);
        if (count <= 0n) return this.walkElse(dot, node);
        if (count > 10_000_000n) this.errorAt(node.pipe, `range over ${count} is too large`);
        for (let index = 0n; index < count; index++) if (!iterate(index, index, undefined)) break;
        return;
      }
      if (kind === 'invalid') return this.walkElse(dot, node);
      const entries = kind === 'struct' ? (value as GoObject).rangeEntries() : undefined;
      if (entries) {
        if (entries.length === 0) return this.walkElse(dot, node);
        for (const [key, element] of entries) if (!iterate(key, element, undefined)) break;
        return;
      }
      this.errorAt(node.pipe, `range can't iterate over ${formatValue(value)}`);
    } finally {
      this.vars.length = outer;
    }
  }

  private walkElse(dot: GoValue, node: RangeNode): void {
    if (node.elseList) this.walkList(dot, node.elseList);
  }

  private walkTemplate(dot: GoValue, node: TemplateNode): void {
    const template = this.templates.get(node.name);
    if (!template) this.errorAt(node, `no such template "${node.name}"`);
    const data = node.pipe ? this.evalPipeline(dot, node.pipe).value : null;
    this.execute(template, data, this.output);
  }

  private setVar(name: string, value: GoValue, path: readonly string[] | undefined): void {
    for (let index = this.vars.length - 1; index >= 0; index--) {
      if (this.vars[index]!.name === name) {
        this.vars[index] = { name, value, path };
        return;
      }
    }
    this.error(0, `undefined variable: ${name}`);
  }

  private varValue(name: string, node: ArgNode): Traced {
    for (let index = this.vars.length - 1; index >= 0; index--) {
      const variable = this.vars[index]!;
      if (variable.name === name) return { value: variable.value, path: variable.path };
    }
    return this.errorAt(node, `undefined variable: ${name}`);
  }

  evalPipeline(dot: GoValue, pipe: PipeNode): Traced {
    let traced: Traced = { value: null, path: undefined };
    let final: Final = NO_FINAL;
    for (const command of pipe.cmds) {
      traced = this.evalCommand(dot, command, final, final === NO_FINAL ? undefined : traced.path);
      final = traced.value;
    }
    for (const variable of pipe.decl) {
      const name = variable.names[0]!;
      if (pipe.isAssign) this.setVar(name, traced.value, traced.path);
      else this.vars.push({ name, value: traced.value, path: traced.path });
    }
    return traced;
  }

  private evalCommand(dot: GoValue, command: CommandNode, final: Final, finalPath: readonly string[] | undefined): Traced {
    const first = command.args[0]!;
    switch (first.type) {
      case 'field':
        return this.evalFieldChain(dot, { value: dot, path: this.pathOf(dot) }, first, first.names, command.args, final, finalPath);
      case 'chain': {
        const receiver = this.evalArg(dot, first.node);
        return this.evalFieldChain(dot, receiver, first, first.names, command.args, final, finalPath);
      }
      case 'variable': {
        const receiver = this.varValue(first.names[0]!, first);
        if (first.names.length === 1) {
          this.notAFunction(command, final);
          return receiver;
        }
        return this.evalFieldChain(dot, receiver, first, first.names.slice(1), command.args, final, finalPath);
      }
      case 'identifier':
        return this.evalFunction(dot, first.name, command, command.args.slice(1), final, finalPath);
      case 'pipe':
        this.notAFunction(command, final);
        return this.evalPipeline(dot, first.pipe);
      default:
        this.notAFunction(command, final);
        return { value: this.literal(first, dot), path: first.type === 'dot' ? this.pathOf(dot) : undefined };
    }
  }

  private notAFunction(command: CommandNode, final: Final): void {
    if (command.args.length > 1 || final !== NO_FINAL) {
      this.errorAt(command.args[0]!, `can't give argument to non-function ${this.template.text.slice(command.args[0]!.start, command.args[0]!.end)}`);
    }
  }

  private literal(node: ArgNode, dot: GoValue): GoValue {
    switch (node.type) {
      case 'dot':
        return dot;
      case 'nil':
        return this.errorAt(node, 'nil is not a command');
      case 'bool':
        return node.value;
      case 'number':
        return node.value;
      case 'string':
        return node.value;
      default:
        return this.errorAt(node, `can't evaluate ${node.type}`);
    }
  }

  /** An argument of a function or method (no piped value). */
  private evalArg(dot: GoValue, node: ArgNode): Traced {
    switch (node.type) {
      case 'dot':
        return { value: dot, path: this.pathOf(dot) };
      case 'nil':
        return { value: null, path: undefined };
      case 'field':
        return this.evalFieldChain(dot, { value: dot, path: this.pathOf(dot) }, node, node.names, [node], NO_FINAL, undefined);
      case 'variable': {
        const receiver = this.varValue(node.names[0]!, node);
        if (node.names.length === 1) return receiver;
        return this.evalFieldChain(dot, receiver, node, node.names.slice(1), [node], NO_FINAL, undefined);
      }
      case 'chain':
        return this.evalFieldChain(dot, this.evalArg(dot, node.node), node, node.names, [node], NO_FINAL, undefined);
      case 'pipe':
        return this.evalPipeline(dot, node.pipe);
      case 'identifier':
        return this.evalFunction(dot, node.name, { args: [node], start: node.start, end: node.end }, [], NO_FINAL, undefined);
      default:
        return { value: this.literal(node, dot), path: undefined };
    }
  }

  private evalFieldChain(
    dot: GoValue,
    receiver: Traced,
    node: ArgNode,
    names: readonly string[],
    args: readonly ArgNode[],
    final: Final,
    finalPath: readonly string[] | undefined,
  ): Traced {
    // A nil that comes out of a pipeline, variable or dot is Go's invalid value: fields of it are silently
    // empty. A nil met inside the chain (a missing or null map entry) is an error, as in Go.
    if (receiver.value === null) return { value: null, path: undefined };
    let current = receiver;
    for (let index = 0; index < names.length - 1; index++) current = this.evalField(dot, names[index]!, node, [], NO_FINAL, current, finalPath);
    return this.evalField(dot, names[names.length - 1]!, node, args, final, current, finalPath);
  }

  private evalField(dot: GoValue, name: string, node: ArgNode, args: readonly ArgNode[], final: Final, receiver: Traced, finalPath: readonly string[] | undefined): Traced {
    const value = receiver.value;
    const hasArgs = args.length > 1 || final !== NO_FINAL;
    if (value instanceof Map) {
      if (hasArgs) this.errorAt(node, `${name} is not a method but has arguments`);
      const found = value.has(name) ? value.get(name)! : null;
      const path = this.pathOf(found) ?? (receiver.path ? [...receiver.path, name] : undefined);
      return { value: found, path: value.has(name) ? path : undefined };
    }
    if (value === null) this.errorAt(node, `nil pointer evaluating interface {}.${name}`);
    if (typeof value === 'object' && !Array.isArray(value)) {
      const method = value.method(name);
      if (method) {
        const values = args.slice(1).map((arg) => this.evalArg(dot, arg).value);
        if (final !== NO_FINAL) values.push(final);
        try {
          return { value: method(...values), path: undefined };
        } catch (error) {
          if (error instanceof FunctionError) this.errorAt(node, `error calling ${name}: ${error.message}`);
          throw error;
        }
      }
      const field = value.field(name);
      if (field !== undefined) {
        if (hasArgs) this.errorAt(node, `${name} has arguments but cannot be invoked as function`);
        return { value: field, path: undefined };
      }
    }
    void finalPath;
    return this.errorAt(node, `can't evaluate field ${name} in type ${goTypeName(value)}`);
  }

  private evalFunction(dot: GoValue, name: string, command: CommandNode, argNodes: readonly ArgNode[], final: Final, finalPath: readonly string[] | undefined): Traced {
    const nameNode = command.args[0]!;
    if (name === 'and' || name === 'or') return this.evalAndOr(dot, name, nameNode, argNodes, final);
    const fn = this.functions.get(name);
    if (!fn) this.errorAt(nameNode, `"${name}" is not a defined function`);
    const traced = argNodes.map((arg) => this.evalArg(dot, arg));
    if (final !== NO_FINAL) traced.push({ value: final, path: finalPath });
    const args = traced.map((entry) => entry.value);
    try {
      const value = fn(args, { executor: this, template: this.template, node: command, argPaths: traced.map((entry) => entry.path) });
      this.observeCall?.(args, value);
      return { value, path: passesPathThrough(name, args, value, traced) };
    } catch (error) {
      if (error instanceof FunctionError) {
        if (error.verbatim) throw new ExecError(error.message, this.template.name, nameNode.start, this.template.text);
        this.errorAt(nameNode, `error calling ${name}: ${error.message}`);
      }
      throw error;
    }
  }

  /** `and`/`or` return the first operand that decides, and do not evaluate the rest. */
  private evalAndOr(dot: GoValue, name: 'and' | 'or', node: ArgNode, argNodes: readonly ArgNode[], final: Final): Traced {
    const count = argNodes.length + (final === NO_FINAL ? 0 : 1);
    if (count === 0) this.errorAt(node, `wrong number of args for ${name}: want at least 1 got 0`);
    let last: Traced = { value: null, path: undefined };
    for (let index = 0; index < count; index++) {
      last = index < argNodes.length ? this.evalArg(dot, argNodes[index]!) : { value: final as GoValue, path: undefined };
      if (isTrue(last.value) !== (name === 'and')) return last;
    }
    return last;
  }
}

/**
 * Where the parts of an included text ended up in what the action printed, when the action only added
 * indentation (`include … | nindent 4`, `indent`, `trim`): characters are matched in order, and the
 * printed text may only add spaces and newlines. Undefined when the texts do not align that way.
 */
function alignIncluded(included: string, segments: readonly OutputSegment[], printed: string): OutputSegment[] | undefined {
  if (printed.length > included.length * 4 + 1000) return undefined;
  const positions = new Int32Array(included.length + 1);
  let j = 0;
  let i = 0;
  // `trim`/`trimSuffix` may drop leading whitespace of the included text.
  while (i < included.length && printed[0] !== included[i] && /\s/.test(included[i]!)) positions[i++] = 0;
  for (; i < included.length; i++) {
    while (j < printed.length && printed[j] !== included[i] && (printed[j] === ' ' || printed[j] === '\n')) j++;
    if (j >= printed.length) {
      if (included.slice(i).trim() !== '') return undefined;
      for (; i < included.length; i++) positions[i] = printed.length;
      break;
    }
    if (printed[j] !== included[i]) return undefined;
    positions[i] = j++;
  }
  positions[included.length] = printed.length;
  const out: OutputSegment[] = [];
  for (const segment of segments) {
    const start = positions[segment.start]!;
    const end = segment.end >= included.length ? printed.length : positions[segment.end]!;
    if (end > start) out.push({ start, end, origin: segment.origin });
  }
  return out;
}

/** Functions whose result still shows the value they were given, so a finding on it belongs to that values key. */
function passesPathThrough(name: string, args: GoValue[], result: GoValue, traced: Traced[]): readonly string[] | undefined {
  switch (name) {
    case 'quote':
    case 'squote':
    case 'toString':
    case 'toYaml':
    case 'toJson':
    case 'nindent':
    case 'indent':
    case 'int':
    case 'int64':
    case 'trim':
    case 'toStrings':
      return traced[traced.length - 1]?.path;
    case 'default': {
      // `default D V` yields V when V is set.
      const chosen = traced[traced.length - 1];
      return chosen && chosen.value === result && args.length > 1 ? chosen.path : traced[0]?.path;
    }
    case 'coalesce':
      return traced.find((entry) => entry.value === result)?.path;
    default:
      return undefined;
  }
}
