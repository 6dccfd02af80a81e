// The Dockerfile model the rules see: stages, ARG scopes, resolved image references, users, ONBUILD
// triggers, all with offsets into the document. Built once per lint from the engine's own split of the text
// (split.ts, arguments.ts), which reads it exactly as dockerfile-ast does; dockerfile-ast's objects for an
// instruction (JSON strings, heredocs, key-value pairs) are created only when a rule asks for them.
import { DockerfileParser, type Dockerfile, type Heredoc, type Instruction } from 'dockerfile-ast';
import { Dockerfile as AstDockerfile } from 'dockerfile-ast/lib/dockerfile';
import { Parser as AstParser } from 'dockerfile-ast/lib/parser';
import { TextDocument } from 'vscode-languageserver-textdocument';
import { Range as AstRangeFactory, type Range as AstRange } from 'vscode-languageserver-types';
import { parseImageReference } from '../../image-reference';
import { LineIndex } from '../../text';
import type { TextRange } from '../../types';
import type { ImageRole, ImageUse } from '../../image-use';
import { scanArguments, type InstructionArgument } from './arguments';
import { scanProperties, type InstructionProperty } from './properties';
import { splitDockerfile, type SplitDirective, type SplitInstruction } from './split';
import { substituteVariables } from './variables';

export type { ImageRole, ImageUse, InstructionArgument, InstructionProperty, SplitDirective as ParserDirective };

export interface DockerInstruction {
  /** Upper-case keyword (`RUN`, `FROM`, …). */
  keyword: string;
  /** dockerfile-ast's object for the instruction, created on first use. */
  readonly node: Instruction;
  range: TextRange;
  keywordRange: TextRange;
  /** Arguments after the flags, or undefined when the instruction has none. */
  argumentsRange: TextRange | undefined;
  stage: Stage | undefined;
  /** Set for an instruction that is the trigger of an ONBUILD. */
  onbuild: DockerInstruction | undefined;
}

export interface ArgDeclaration {
  name: string;
  value: string | undefined;
  nameRange: TextRange;
  valueRange: TextRange | undefined;
  instruction: DockerInstruction;
}

export interface Stage {
  index: number;
  /** Name after `AS`, lower-cased as BuildKit compares it. */
  name: string | undefined;
  from: DockerInstruction;
  /** `FROM <earlier stage>`. */
  baseStage: Stage | undefined;
  /** The external base image, when the base is neither a stage nor `scratch`. */
  baseImage: ImageUse | undefined;
  isScratch: boolean;
  instructions: DockerInstruction[];
  isFinal: boolean;
  /** Some later stage is built `FROM` this one. */
  isBaseOfAnotherStage: boolean;
  /** `stage "build"` or `stage 2`, for messages. */
  label: string;
}

export interface DockerComment {
  range: TextRange;
  /** Text after the `#`, trimmed. */
  content: string;
}

export interface DockerfileModel {
  text: string;
  lines: LineIndex;
  /** dockerfile-ast's parse of the whole file, made on first use (the model does not need it). */
  readonly ast: Dockerfile;
  /** Parser directives at the top of the file (`# syntax=…`, `# escape=…`). */
  directives: SplitDirective[];
  escapeChar: string;
  /** Every top-level instruction in order, ARGs before the first FROM included. */
  instructions: DockerInstruction[];
  /** Instructions inside ONBUILD, which run in images built from this one. */
  onbuildTriggers: DockerInstruction[];
  globalArgs: ArgDeclaration[];
  stages: Stage[];
  finalStage: Stage | undefined;
  images: ImageUse[];
  comments: DockerComment[];
  rangeOf(range: AstRange): TextRange;
}

export function parseDockerfile(text: string): DockerfileModel {
  const lines = new LineIndex(text);
  const split = splitDockerfile(text, (line) => lines.offsetAt({ line, character: 0 }));
  const rangeOf = (range: AstRange): TextRange => ({ start: lines.offsetAt(range.start), end: lines.offsetAt(range.end) });

  const source = new InstructionSource(text, lines, split.escapeChar);
  const wrap = (line: SplitInstruction, stage: Stage | undefined): DockerInstruction =>
    new ModelInstruction(line.instruction.toUpperCase(), { start: line.start, end: line.end }, { start: line.start, end: line.keywordEnd }, stage, undefined, source, line);

  const instructions: DockerInstruction[] = [];
  const onbuildTriggers: DockerInstruction[] = [];
  const globalArgs: ArgDeclaration[] = [];
  const stages: Stage[] = [];
  const images: ImageUse[] = [];
  let current: Stage | undefined;
  // Stage-local variables: ARGs and ENVs declared so far in the current stage.
  let stageVariables = new Map<string, string | undefined>();

  const globalValue = (name: string): string | undefined => {
    let value: string | undefined;
    for (const arg of globalArgs) if (arg.name === name) value = arg.value;
    return value;
  };
  const stageValue = (name: string): string | undefined =>
    stageVariables.has(name) ? stageVariables.get(name) : undefined;

  const escapeChar = split.escapeChar;
  for (const line of split.instructions) {
    const instruction = wrap(line, current);
    const keyword = instruction.keyword;
    if (keyword === 'FROM') {
      const stage = startStage(instruction);
      current = stage;
      stageVariables = new Map();
      if (stage.baseStage) {
        // ENV values carry over to stages built on this one; ARGs do not.
        for (const env of stage.baseStage.instructions) if (env.keyword === 'ENV') recordProperties(env, stageVariables);
      }
      continue;
    }
    instructions.push(instruction);
    if (current) current.instructions.push(instruction);

    if (keyword === 'ARG') {
      for (const declaration of argDeclarations(instruction)) {
        if (!current) globalArgs.push(declaration);
        else stageVariables.set(declaration.name, declaration.value ?? globalValue(declaration.name));
      }
    } else if (keyword === 'ENV' && current) {
      recordProperties(instruction, stageVariables);
    } else if (keyword === 'COPY' || keyword === 'ADD') {
      const from = instructionFlags(instruction, 'from')[0];
      const value = from?.value;
      const valueRange = from?.valueRange;
      if (value && valueRange && current) addImageUseFromText(value, valueRange, 'copy-source', current, stageValue);
    } else if (keyword === 'RUN' && current) {
      for (const mount of instructionFlags(instruction, 'mount')) {
        const option = mount.option('from');
        const value = option?.value;
        const valueRange = option?.valueRange;
        if (value && valueRange) addImageUseFromText(value, valueRange, 'mount-source', current, stageValue);
      }
    } else if (keyword === 'ONBUILD') {
      const trigger = (instruction.node as unknown as { getTriggerInstruction(): Instruction | null }).getTriggerInstruction();
      if (trigger) {
        const range = rangeOf(trigger.getRange());
        onbuildTriggers.push(new ModelInstruction(trigger.getKeyword(), range, rangeOf(trigger.getInstructionRange()), current, instruction, source, trigger));
      }
    }
  }

  const finalStage = stages[stages.length - 1];
  if (finalStage) {
    finalStage.isFinal = true;
    if (finalStage.baseImage) finalStage.baseImage.isFinalBase = true;
  }

  return new ParsedDockerfile(text, lines, split.directives, escapeChar, instructions, onbuildTriggers, globalArgs, stages, finalStage, images, split.comments, rangeOf);

  function startStage(from: DockerInstruction): Stage {
    instructions.push(from);
    const fromArguments = instructionArguments(from);
    const nameArgument = fromArguments[2];
    const alias = fromArguments[1]?.value.toUpperCase() === 'AS' ? nameArgument?.value.toLowerCase() : undefined;
    const stage: Stage = {
      index: stages.length,
      name: alias,
      from,
      baseStage: undefined,
      baseImage: undefined,
      isScratch: false,
      instructions: [],
      isFinal: false,
      isBaseOfAnotherStage: false,
      label: alias !== undefined ? `stage "${alias}"` : `stage ${stages.length}`,
    };
    from.stage = stage;
    stages.push(stage);

    const imageArgument = fromArguments[0];
    if (imageArgument) {
      const written = imageArgument.value;
      const range = imageArgument.range;
      const { value, unresolved } = substituteVariables(written, globalValue, escapeChar);
      const base = findStage(value, stage.index);
      if (base) {
        stage.baseStage = base;
        base.isBaseOfAnotherStage = true;
      } else if (value.toLowerCase() === 'scratch') {
        stage.isScratch = true;
      } else {
        stage.baseImage = makeImageUse('stage-base', written, range, value, unresolved, stage);
        images.push(stage.baseImage);
      }
    }
    return stage;
  }

  function findStage(name: string, before: number): Stage | undefined {
    const lower = name.toLowerCase();
    for (let i = Math.min(before, stages.length) - 1; i >= 0; i--) {
      if (stages[i]?.name === lower) return stages[i];
    }
    return undefined;
  }

  function addImageUseFromText(
    written: string,
    range: TextRange,
    role: ImageRole,
    stage: Stage,
    lookup: (name: string) => string | undefined,
  ): void {
    const { value, unresolved } = substituteVariables(written, (name) => lookup(name) ?? globalValue(name), escapeChar);
    if (/^\d+$/.test(value) || findStage(value, stage.index + 1)) return;
    images.push(makeImageUse(role, written, range, value, unresolved, stage));
  }

  function makeImageUse(role: ImageRole, written: string, range: TextRange, resolved: string, unresolved: string[], stage: Stage): ImageUse {
    const parsed = unresolved.length === 0 ? parseImageReference(resolved) : undefined;
    const use: ImageUse = {
      role,
      written,
      range,
      resolved,
      unresolvedVariables: unresolved,
      reference: parsed?.ok ? parsed.reference : undefined,
      parseError: parsed && !parsed.ok ? parsed.error : undefined,
      literalRange: literalRangeFor(written, range),
      where: role === 'stage-base' ? `${stage.label}` : `${role === 'copy-source' ? 'COPY --from' : 'RUN --mount from'} in ${stage.label}`,
      isFinalBase: false,
    };
    return use;
  }

  /** Where the resolved text can be edited: the written text itself, or a global ARG's default value when
   * the reference is exactly `$NAME` / `${NAME}`. */
  function literalRangeFor(written: string, range: TextRange): TextRange | undefined {
    if (!written.includes('$')) return range;
    const whole = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/.exec(written);
    const name = whole?.[1] ?? whole?.[2];
    if (!name) return undefined;
    let declaration: ArgDeclaration | undefined;
    for (const arg of globalArgs) if (arg.name === name && arg.value !== undefined) declaration = arg;
    return declaration?.valueRange;
  }

  function argDeclarations(instruction: DockerInstruction): ArgDeclaration[] {
    return propertiesOf(instruction).map((property) => ({
      name: property.name,
      value: property.value,
      nameRange: property.nameRange,
      valueRange: property.valueRange,
      instruction,
    }));
  }

  function recordProperties(instruction: DockerInstruction, into: Map<string, string | undefined>): void {
    for (const property of propertiesOf(instruction)) into.set(property.name, property.value ?? '');
  }
}

/**
 * The model as a class: its lazy parts are getters on the prototype, so every model has the same shape and the
 * rules' accesses to it stay fast (an object literal with getters gets a shape of its own each time).
 */
class ParsedDockerfile implements DockerfileModel {
  private wholeAst: Dockerfile | undefined;
  private allComments: DockerComment[] | undefined;

  constructor(
    readonly text: string,
    readonly lines: LineIndex,
    readonly directives: SplitDirective[],
    readonly escapeChar: string,
    readonly instructions: DockerInstruction[],
    readonly onbuildTriggers: DockerInstruction[],
    readonly globalArgs: ArgDeclaration[],
    readonly stages: Stage[],
    readonly finalStage: Stage | undefined,
    readonly images: ImageUse[],
    private readonly commentRanges: TextRange[],
    readonly rangeOf: (range: AstRange) => TextRange,
  ) {}

  get ast(): Dockerfile {
    this.wholeAst ??= DockerfileParser.parse(this.text);
    return this.wholeAst;
  }

  /** Only suppression comments are read, and only files that mention them have any: worked out on first use. */
  get comments(): DockerComment[] {
    // dockerfile-ast's comment content is the text after `#` without surrounding blanks.
    this.allComments ??= this.commentRanges.map((range) => ({ range, content: this.text.slice(range.start + 1, range.end).trim() }));
    return this.allComments;
  }
}

/** What an instruction needs from its document to compute its parts on first use. */
class InstructionSource {
  private document: TextDocument | undefined;
  private dockerfile: AstDockerfile | undefined;

  constructor(
    readonly text: string,
    readonly lines: LineIndex,
    readonly escapeChar: string,
  ) {}

  /** dockerfile-ast's object for a split instruction, built as its parser builds it. */
  node(line: SplitInstruction): Instruction {
    this.document ??= TextDocument.create('', '', 0, this.text);
    // Instructions only consult their Dockerfile to resolve variables, which the engine does itself.
    this.dockerfile ??= new AstDockerfile(this.document);
    const document = this.document;
    const start = document.positionAt(line.start);
    const lineRange = AstRangeFactory.create(start, document.positionAt(line.end));
    const keywordRange = AstRangeFactory.create(start, document.positionAt(line.keywordEnd));
    return AstParser.createInstruction(document, this.dockerfile, this.escapeChar, lineRange, line.instruction, keywordRange);
  }
}

/**
 * An instruction of the model. dockerfile-ast recomputes arguments, flags and ranges on every call, so the
 * parts rules ask for are computed here once, on first use, from the document text.
 */
class ModelInstruction implements DockerInstruction {
  /** dockerfile-ast's split of everything after the keyword, flags included. */
  rawArguments: InstructionArgument[] | undefined;
  arguments: InstructionArgument[] | undefined;
  flags: InstructionFlag[] | undefined;
  properties: InstructionProperty[] | undefined;
  commandText: string | undefined;
  private foundArgumentsRange: TextRange | undefined | null = null;
  private astNode: Instruction | undefined;

  constructor(
    readonly keyword: string,
    readonly range: TextRange,
    readonly keywordRange: TextRange,
    public stage: Stage | undefined,
    readonly onbuild: DockerInstruction | undefined,
    readonly source: InstructionSource,
    /** Where the instruction came from: a line of the split, or (for ONBUILD triggers) dockerfile-ast's object. */
    private readonly origin: SplitInstruction | Instruction,
  ) {}

  get node(): Instruction {
    if (!this.astNode) this.astNode = 'keywordEnd' in this.origin ? this.source.node(this.origin) : this.origin;
    return this.astNode;
  }

  get argumentsRange(): TextRange | undefined {
    if (this.foundArgumentsRange === null) {
      const args = instructionArguments(this);
      const first = args[0];
      const last = args[args.length - 1];
      this.foundArgumentsRange = first && last ? { start: first.range.start, end: last.range.end } : undefined;
    }
    return this.foundArgumentsRange;
  }
}

function internals(instruction: DockerInstruction): ModelInstruction {
  return instruction as ModelInstruction;
}

/** Every argument after the keyword, flags included, as dockerfile-ast's getRawArguments() splits them. */
function rawArgumentsOf(instruction: DockerInstruction): InstructionArgument[] {
  const self = internals(instruction);
  self.rawArguments ??= scanArguments(self.source.text, instruction.keywordRange.end, instruction.range.end, self.source.escapeChar);
  return self.rawArguments;
}

/** Instructions whose leading `--name=value` arguments are flags, and where dockerfile-ast stops looking. */
const FLAG_RULES: Record<string, 'leading' | 'healthcheck' | 'none'> = {
  RUN: 'leading',
  COPY: 'leading',
  ADD: 'leading',
  FROM: 'leading',
  HEALTHCHECK: 'healthcheck',
  CMD: 'none',
  ENTRYPOINT: 'none',
  SHELL: 'none',
  VOLUME: 'none',
};

function isHealthcheckCommand(value: string): boolean {
  const upper = value.toUpperCase();
  return upper === 'CMD' || upper === 'NONE';
}

/**
 * The flag arguments, as dockerfile-ast's ModifiableInstruction.getFlags() picks them: RUN, COPY, ADD and FROM
 * stop at the first argument without `--`, HEALTHCHECK at `CMD`/`NONE`, the other JSON-form instructions have
 * none; arguments with `--` elsewhere than at their start are skipped.
 */
function flagArguments(instruction: DockerInstruction): InstructionArgument[] {
  const rule = FLAG_RULES[instruction.keyword];
  if (rule === undefined || rule === 'none') return [];
  const flags: InstructionArgument[] = [];
  for (const argument of rawArgumentsOf(instruction)) {
    const at = argument.value.indexOf('--');
    if (rule === 'leading' ? at === -1 : isHealthcheckCommand(argument.value)) break;
    if (at === 0) flags.push(argument);
  }
  return flags;
}

/** Flags of an instruction (`--mount`, `--network`, `--from`, …); empty for instructions without flags. */
export function instructionFlags(instruction: DockerInstruction, name?: string): InstructionFlag[] {
  const self = internals(instruction);
  if (!self.flags) {
    const text = self.source.text;
    self.flags = flagArguments(instruction).map((argument) => new InstructionFlag(text, argument));
  }
  const all = self.flags;
  if (name === undefined || all.length === 0) return all;
  return all.filter((f) => f.name.toLowerCase() === name);
}

/** The instruction's arguments after its flags (what dockerfile-ast's getArguments() returns), computed once. */
export function instructionArguments(instruction: DockerInstruction): InstructionArgument[] {
  const self = internals(instruction);
  if (!self.arguments) {
    const raw = rawArgumentsOf(instruction);
    // dockerfile-ast drops as many leading arguments as it found flags.
    const flags = flagArguments(instruction).length;
    self.arguments = flags === 0 ? raw : raw.slice(flags);
  }
  return self.arguments;
}

/**
 * dockerfile-ast's JSON strings of an exec-form instruction (`RUN ["a", "b"]`); it finds them only when the
 * arguments start with `[`, so other instructions are not asked.
 */
export function instructionJsonStrings<T>(instruction: DockerInstruction): T[] {
  const first = instructionArguments(instruction)[0];
  if (!first || internals(instruction).source.text[first.range.start] !== '[') return [];
  return (instruction.node as unknown as { getJSONStrings?: () => T[] }).getJSONStrings?.() ?? [];
}

/** One option of a flag's value: `type=cache` in `--mount=type=cache,target=/root/.cache`. */
export interface FlagOption {
  name: string;
  value: string | null;
  range: TextRange;
  nameRange: TextRange;
  valueRange: TextRange | null;
}

/** A flag as dockerfile-ast's Flag describes it (name without `--`, value after `=`, options of the value). */
export class InstructionFlag {
  readonly name: string;
  /** Null when the flag has no `=`; empty for `--name=`. */
  readonly value: string | null;
  readonly range: TextRange;
  readonly nameRange: TextRange;
  readonly valueRange: TextRange | null;
  readonly options: FlagOption[] = [];

  constructor(text: string, argument: InstructionArgument) {
    const { value: written, range } = argument;
    const raw = text.substring(range.start, range.end);
    const nameIndex = written.indexOf('=');
    const index = raw.indexOf('=');
    // The name starts after the two dashes, skipping escaped line breaks.
    let startIndex = -1;
    let dashes = 0;
    for (let i = 0; i < raw.length; i++) {
      const char = raw[i];
      if (char === '\\' || char === ' ' || char === '\t' || char === '\r' || char === '\n') continue;
      if (char === '-' && dashes < 2) {
        dashes++;
        continue;
      }
      startIndex = i;
      break;
    }
    const nameStart = range.start + startIndex;
    this.range = range;
    if (index === -1) {
      this.name = written.substring(2);
      this.nameRange = { start: nameStart, end: range.end };
      this.value = null;
      this.valueRange = null;
    } else if (index === written.length - 1) {
      this.name = written.substring(2, index);
      this.nameRange = { start: nameStart, end: range.start + index };
      this.value = '';
      this.valueRange = { start: range.end, end: range.end };
    } else {
      this.name = written.substring(2, nameIndex);
      this.nameRange = { start: nameStart, end: range.start + index };
      this.value = written.substring(nameIndex + 1);
      this.valueRange = { start: range.start + index + 1, end: range.end };
    }
    if (this.value !== null && this.valueRange) this.readOptions(this.value, this.valueRange.start);
  }

  /** The first option with this name, as Flag.getOption finds it. */
  option(name: string): FlagOption | undefined {
    return this.options.find((option) => option.name === name);
  }

  private readOptions(value: string, offset: number): void {
    let nameStart = -1;
    let valueStart = -1;
    let hasOptions = false;
    for (let i = 0; i < value.length; i++) {
      const char = value[i];
      if (char === '=') {
        hasOptions = true;
        if (valueStart === -1) valueStart = i + 1;
      } else if (char === ',') {
        this.options.push(flagOption(value, offset, nameStart, valueStart, i));
        nameStart = -1;
        valueStart = -1;
      } else if (nameStart === -1) {
        nameStart = i;
      }
    }
    if (hasOptions && nameStart !== -1) this.options.push(flagOption(value, offset, nameStart, valueStart, value.length));
  }
}

function flagOption(content: string, offset: number, nameStart: number, valueStart: number, valueEnd: number): FlagOption {
  const range = { start: offset + nameStart, end: offset + valueEnd };
  if (valueStart === -1) return { name: content.substring(nameStart, valueEnd), value: null, range, nameRange: range, valueRange: null };
  return {
    name: content.substring(nameStart, valueStart - 1),
    value: content.substring(valueStart, valueEnd),
    range,
    nameRange: { start: offset + nameStart, end: offset + valueStart - 1 },
    valueRange: { start: offset + valueStart, end: offset + valueEnd },
  };
}

/**
 * dockerfile-ast's heredocs of an instruction (`RUN <<EOF`, `COPY <<EOF /file`). Asking dockerfile-ast re-splits
 * the instruction, so it is asked only when the answer can be something other than none: when an argument
 * starts with `<<`, or when its own scan would meet a line break that no escape continues (on such text it
 * throws, and that must stay so).
 */
export function instructionHeredocs(instruction: DockerInstruction): Heredoc[] {
  const args = instructionArguments(instruction);
  const first = args[0];
  if (!first) return [];
  if (args.some((argument) => argument.value.startsWith('<<')) || hasBareLineBreak(instruction, first.range.start)) {
    const node = instruction.node as unknown as { getHeredocs?: () => Heredoc[] };
    try {
      return node.getHeredocs?.() ?? [];
    } catch {
      // dockerfile-ast's heredoc scan throws on some line-break sequences (a line continuation followed by a
      // lone carriage return and `<<`); the instruction is then read as one without heredocs.
      return [];
    }
  }
  return [];
}

/**
 * Whether dockerfile-ast's getHeredocs() scan of `text[from, instruction end)` reaches a line break outside an
 * escape sequence (the same loop, reduced to what decides that).
 */
function hasBareLineBreak(instruction: DockerInstruction, from: number): boolean {
  const text = internals(instruction).source.text;
  const to = instruction.range.end;
  const escape = internals(instruction).source.escapeChar;
  let escaping = false;
  contentLoop: for (let i = from; i < to; i++) {
    const char = text[i];
    if (char === escape) {
      escaping = true;
      for (let j = i + 1; j < to; j++) {
        const next = text[j];
        if (next === ' ' || next === '\t') continue;
        if (next === '\r') j++;
        i = j;
        continue contentLoop;
      }
    } else if (char === '\r') {
      continue;
    } else if (char === '\n') {
      if (!escaping) return true;
    } else if (escaping && (char === ' ' || char === '\t')) {
      continue;
    } else if (escaping && char === '#') {
      const lineEnd = text.indexOf('\n', i + 1);
      if (lineEnd !== -1 && lineEnd < to) {
        i = lineEnd;
        continue;
      }
      escaping = false;
    } else {
      escaping = false;
    }
  }
  return false;
}

/** ARG/ENV/LABEL key-value pairs with offsets. */
export function instructionProperties(_model: DockerfileModel, instruction: DockerInstruction): InstructionProperty[] {
  return propertiesOf(instruction);
}

/** The instructions dockerfile-ast reads as key-value pairs (its PropertyInstruction classes). */
const PROPERTY_KEYWORDS = new Set(['ARG', 'ENV', 'LABEL']);

function propertiesOf(instruction: DockerInstruction): InstructionProperty[] {
  const self = internals(instruction);
  if (self.properties) return self.properties;
  if (!PROPERTY_KEYWORDS.has(instruction.keyword)) {
    self.properties = [];
    return self.properties;
  }
  const range = instruction.argumentsRange;
  self.properties = range ? scanProperties(self.source.text, range.start, range.end, self.source.escapeChar) : [];
  return self.properties;
}

/**
 * The shell command of a RUN (or any instruction's arguments) with the same length as the source text, so an
 * index into it is an offset from `argumentsRange.start`: escaped line breaks and comment lines inside
 * continuations are blanked out with spaces.
 */
export function commandText(model: DockerfileModel, instruction: DockerInstruction): string {
  const self = internals(instruction);
  self.commandText ??= computeCommandText(model, instruction);
  return self.commandText;
}

function computeCommandText(model: DockerfileModel, instruction: DockerInstruction): string {
  const range = instruction.argumentsRange;
  if (!range) return '';
  const raw = model.text.slice(range.start, range.end);
  const escape = model.escapeChar;
  const continuation = new RegExp(`${escapeRegExp(escape)}[ \\t]*\\r?$`);
  const lines = raw.split('\n');
  let continued = false;
  const blanked = lines.map((line, index) => {
    if (index > 0 && continued && /^[ \t]*#/.test(line)) return ' '.repeat(line.length);
    const match = continuation.exec(line);
    continued = match !== null;
    return match ? line.slice(0, match.index) + ' '.repeat(line.length - match.index) : line;
  });
  // Escaped line breaks join lines into one command: blank the break too, keeping the length.
  let text = '';
  blanked.forEach((line, index) => {
    if (index > 0) text += continuedBefore(lines, index, continuation) ? ' ' : '\n';
    text += line;
  });
  return text;
}

/** Whether the line before `index` (skipping comment lines inside the continuation) ended with the escape. */
function continuedBefore(lines: string[], index: number, continuation: RegExp): boolean {
  for (let i = index - 1; i >= 0; i--) {
    const line = lines[i] ?? '';
    if (i > 0 && /^[ \t]*#/.test(line) && continuedBefore(lines, i, continuation)) return true;
    return continuation.test(line);
  }
  return false;
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
