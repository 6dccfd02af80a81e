// The Dockerfile model the rules see: stages, ARG scopes, resolved image references, users, ONBUILD
// triggers, all with offsets into the document. Built once per lint on top of dockerfile-ast.
import { DockerfileParser, type Argument, type Dockerfile, type Flag, type Instruction } from 'dockerfile-ast';
import type { Range as AstRange } from 'vscode-languageserver-types';
import { parseImageReference } from '../../image-reference';
import { LineIndex } from '../../text';
import type { TextRange } from '../../types';
import type { ImageRole, ImageUse } from '../../image-use';
import { substituteVariables } from './variables';

export type { ImageRole, ImageUse };

export interface DockerInstruction {
  /** Upper-case keyword (`RUN`, `FROM`, …). */
  keyword: string;
  node: Instruction;
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
  ast: Dockerfile;
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
  const ast = DockerfileParser.parse(text);
  const rangeOf = (range: AstRange): TextRange => ({ start: lines.offsetAt(range.start), end: lines.offsetAt(range.end) });

  const wrap = (node: Instruction, stage: Stage | undefined, onbuild: DockerInstruction | undefined): DockerInstruction => {
    // The arguments' range costs dockerfile-ast a re-parse of the instruction, so it is found on first use.
    let argumentsRange: TextRange | undefined | null = null;
    return {
      keyword: node.getKeyword().toUpperCase(),
      node,
      range: rangeOf(node.getRange()),
      keywordRange: rangeOf(node.getInstructionRange()),
      get argumentsRange() {
        if (argumentsRange === null) {
          const found = node.getArgumentsRange();
          argumentsRange = found ? rangeOf(found) : undefined;
        }
        return argumentsRange;
      },
      stage,
      onbuild,
    };
  };

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

  for (const node of ast.getInstructions()) {
    const keyword = node.getKeyword().toUpperCase();
    if (keyword === 'FROM') {
      const stage = startStage(node);
      current = stage;
      stageVariables = new Map();
      if (stage.baseStage) {
        // ENV values carry over to stages built on this one; ARGs do not.
        for (const env of stage.baseStage.instructions.filter((i) => i.keyword === 'ENV')) recordProperties(env, stageVariables);
      }
      continue;
    }
    const instruction = wrap(node, current, undefined);
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
      const value = from?.getValue();
      const valueRange = from?.getValueRange();
      if (value && valueRange && current) addImageUseFromText(value, rangeOf(valueRange), 'copy-source', current, stageValue);
    } else if (keyword === 'RUN' && current) {
      for (const mount of instructionFlags(instruction, 'mount')) {
        const source = mount.getOption('from');
        const value = source?.getValue();
        const valueRange = source?.getValueRange();
        if (value && valueRange) addImageUseFromText(value, rangeOf(valueRange), 'mount-source', current, stageValue);
      }
    } else if (keyword === 'ONBUILD') {
      const trigger = (node as unknown as { getTriggerInstruction(): Instruction | null }).getTriggerInstruction();
      if (trigger) onbuildTriggers.push(wrap(trigger, current, instruction));
    }
  }

  const finalStage = stages[stages.length - 1];
  if (finalStage) {
    finalStage.isFinal = true;
    if (finalStage.baseImage) finalStage.baseImage.isFinalBase = true;
  }

  const comments: DockerComment[] = ast.getComments().map((comment) => ({
    range: rangeOf(comment.getRange()),
    content: comment.getContent().trim(),
  }));

  return {
    text,
    lines,
    ast,
    escapeChar: ast.getEscapeCharacter(),
    instructions,
    onbuildTriggers,
    globalArgs,
    stages,
    finalStage,
    images,
    comments,
    rangeOf,
  };

  function startStage(node: Instruction): Stage {
    const from = wrap(node, undefined, undefined);
    instructions.push(from);
    const fromArguments = instructionArguments(from);
    const nameArgument = fromArguments[2];
    const alias = fromArguments[1]?.getValue().toUpperCase() === 'AS' ? nameArgument?.getValue().toLowerCase() : undefined;
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
      const written = imageArgument.getValue();
      const range = rangeOf(imageArgument.getRange());
      const { value, unresolved } = substituteVariables(written, globalValue, ast.getEscapeCharacter());
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
    const { value, unresolved } = substituteVariables(written, (name) => lookup(name) ?? globalValue(name), ast.getEscapeCharacter());
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
    const properties = (instruction.node as unknown as { getProperties(): PropertyLike[] }).getProperties();
    return properties.map((property) => {
      const valueRange = property.getValueRange();
      return {
        name: property.getName(),
        value: property.getValue() ?? undefined,
        nameRange: rangeOf(property.getNameRange()),
        valueRange: valueRange ? rangeOf(valueRange) : undefined,
        instruction,
      };
    });
  }

  function recordProperties(instruction: DockerInstruction, into: Map<string, string | undefined>): void {
    const properties = (instruction.node as unknown as { getProperties(): PropertyLike[] }).getProperties();
    for (const property of properties) into.set(property.getName(), property.getValue() ?? '');
  }
}

interface PropertyLike {
  getName(): string;
  getValue(): string | null;
  getNameRange(): AstRange;
  getValueRange(): AstRange | null;
}

/** Flags of an instruction (`--mount`, `--network`, `--from`, …); empty for instructions without flags. */
export function instructionFlags(instruction: DockerInstruction, name?: string): Flag[] {
  let all = flagsCache.get(instruction);
  if (!all) {
    const getFlags = (instruction.node as unknown as { getFlags?: () => Flag[] }).getFlags;
    all = getFlags ? getFlags.call(instruction.node) : [];
    flagsCache.set(instruction, all);
  }
  return name === undefined ? all : all.filter((f) => f.getName().toLowerCase() === name);
}

/** The instruction's arguments (after its flags), computed once. */
export function instructionArguments(instruction: DockerInstruction): Argument[] {
  let args = argumentsCache.get(instruction);
  if (!args) {
    args = instruction.node.getArguments();
    argumentsCache.set(instruction, args);
  }
  return args;
}

// dockerfile-ast recomputes arguments, flags and properties on every call; many rules ask for the same
// instruction's, so each is computed once per lint.
const argumentsCache = new WeakMap<DockerInstruction, Argument[]>();
const flagsCache = new WeakMap<DockerInstruction, Flag[]>();
const propertiesCache = new WeakMap<DockerInstruction, InstructionProperty[]>();
const commandTextCache = new WeakMap<DockerInstruction, string>();

export interface InstructionProperty {
  name: string;
  value: string | undefined;
  nameRange: TextRange;
  valueRange: TextRange | undefined;
  range: TextRange;
}

/** ARG/ENV/LABEL key-value pairs with offsets. */
export function instructionProperties(model: DockerfileModel, instruction: DockerInstruction): InstructionProperty[] {
  const cached = propertiesCache.get(instruction);
  if (cached) return cached;
  const getProperties = (instruction.node as unknown as { getProperties?: () => PropertyLike[] }).getProperties;
  const properties = (getProperties ? getProperties.call(instruction.node) : []).map((property) => {
    const nameRange = model.rangeOf(property.getNameRange());
    const valueAstRange = property.getValueRange();
    const valueRange = valueAstRange ? model.rangeOf(valueAstRange) : undefined;
    return {
      name: property.getName(),
      value: property.getValue() ?? undefined,
      nameRange,
      valueRange,
      range: { start: nameRange.start, end: valueRange?.end ?? nameRange.end },
    };
  });
  propertiesCache.set(instruction, properties);
  return properties;
}

/**
 * The shell command of a RUN (or any instruction's arguments) with the same length as the source text, so an
 * index into it is an offset from `argumentsRange.start`: escaped line breaks and comment lines inside
 * continuations are blanked out with spaces.
 */
export function commandText(model: DockerfileModel, instruction: DockerInstruction): string {
  let text = commandTextCache.get(instruction);
  if (text === undefined) {
    text = computeCommandText(model, instruction);
    commandTextCache.set(instruction, text);
  }
  return text;
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
