// Splits a Dockerfile into parser directives, comments and instructions exactly as dockerfile-ast 0.7's
// Parser does, on document offsets. dockerfile-ast's parse builds every RUN, COPY, ADD, CMD… twice, and each
// build splits the instruction's arguments four times to find its JSON form; the engine needs none of that up
// front, so it splits here and asks dockerfile-ast for an instruction object only where a rule needs one.
import { scanArguments } from './arguments';

export interface SplitDirective {
  /** The whole directive line. */
  range: { start: number; end: number };
  name: string;
  value: string;
}

export interface SplitInstruction {
  /** The keyword as dockerfile-ast reads it (escaped line breaks inside it are dropped, other escapes kept). */
  instruction: string;
  start: number;
  /** End of the keyword. */
  keywordEnd: number;
  /** End of the instruction, heredoc bodies included. */
  end: number;
}

export interface SplitDockerfile {
  directives: SplitDirective[];
  /** The escape character the instructions are read with. */
  escapeChar: string;
  instructions: SplitInstruction[];
  /** Every comment (`#` to the end of its line) in document order, those inside line continuations too. */
  comments: Array<{ start: number; end: number }>;
}

const BOM = '\uFEFF';

export function splitDockerfile(text: string, lineStart: (line: number) => number): SplitDockerfile {
  const directives = parserDirectives(text);
  let offset = 0;
  let escapeChar = '\\';
  if (directives.length > 0) {
    escapeChar = escapeCharacter(directives);
    // Parsing starts on the line after the directives.
    offset = lineStart(directives.length);
  } else if (text.startsWith(BOM)) {
    offset = 1;
  }
  const instructions: SplitInstruction[] = [];
  const comments: Array<{ start: number; end: number }> = [];
  const length = text.length;

  for (let i = offset; i < length; i++) {
    const char = text[i] ?? '';
    if (char === ' ' || char === '\t' || char === '\r' || char === '\n') continue;
    if (char === '#') i = processComment(i);
    else i = processInstruction(char, i);
  }
  return { directives, escapeChar, instructions, comments };

  function processComment(start: number): number {
    let end = length;
    for (let i = start + 1; i < length; i++) {
      const char = text[i];
      if (char === '\r' || char === '\n') {
        end = i;
        break;
      }
    }
    comments.push({ start, end });
    return end;
  }

  function processInstruction(first: string, start: number): number {
    let instruction = first;
    let instructionEnd = -1;
    let escapedInstruction = false;
    instructionCheck: for (let i = start + 1; i < length; i++) {
      let char = text[i] ?? '';
      if (char === escapeChar) {
        escapedInstruction = true;
        char = text[i + 1] ?? '';
        if (char === '\r' || char === '\n') {
          if (instructionEnd === -1) instructionEnd = i;
          i++;
        } else if (char === ' ' || char === '\t') {
          for (let j = i + 2; j < length; j++) {
            const next = text[j];
            if (next === ' ' || next === '\t') continue;
            if (next === '\r' || next === '\n') {
              i = j;
              continue instructionCheck;
            }
            // An argument follows: the keyword ends here.
            instructionEnd = i + 1;
            instruction += escapeChar;
            i = j - 2;
            continue instructionCheck;
          }
          instructionEnd = i + 1;
          instruction += escapeChar;
          break instructionCheck;
        } else {
          instructionEnd = i + 1;
          instruction += escapeChar;
          escapedInstruction = false;
        }
      } else if (char === ' ' || char === '\t') {
        if (escapedInstruction) {
          // After an escaped line break, blanks up to another line break do not end the keyword.
          let blankLine = false;
          for (let j = i + 1; j < length; j++) {
            const next = text[j];
            if (next === ' ' || next === '\t') continue;
            if (next === '\r' || next === '\n') {
              i = j;
              blankLine = true;
            }
            break;
          }
          if (blankLine) continue instructionCheck;
        }
        const keywordEnd = instructionEnd === -1 ? i : instructionEnd;
        const end = processArguments(instruction, keywordEnd, i);
        instructions.push({ instruction, start, keywordEnd, end });
        return end;
      } else if (char === '\r' || char === '\n') {
        if (escapedInstruction) continue;
        // The keyword ends at the line break, whatever escapes it held.
        instructions.push({ instruction, start, keywordEnd: i, end: i });
        return i;
      } else if (char === '#' && escapedInstruction) {
        continue;
      } else {
        instructionEnd = i + 1;
        instruction += char;
        escapedInstruction = false;
      }
    }
    if (instructionEnd === -1) instructionEnd = length;
    instructions.push({ instruction, start, keywordEnd: instructionEnd, end: length });
    return length;
  }

  function processArguments(instruction: string, instructionEnd: number, from: number): number {
    let escaped = false;
    argumentsCheck: for (let i = from + 1; i < length; i++) {
      const char = text[i];
      if (char === '\r' || char === '\n') {
        if (escaped) continue;
        return processHeredocs(instruction, instructionEnd, i);
      } else if (char === escapeChar) {
        const next = text[i + 1];
        if (next === '\n' || next === '\r') {
          escaped = true;
          i++;
        } else if (next === ' ' || next === '\t') {
          for (let j = i + 2; j < length; j++) {
            const after = text[j];
            if (after === ' ' || after === '\t') continue;
            if (after === '\r' || after === '\n') escaped = true;
            i = j;
            continue argumentsCheck;
          }
          return length;
        }
      } else if (char === '#') {
        if (escaped) i = processComment(i);
      } else if (char !== ' ' && char !== '\t') {
        escaped = false;
      }
    }
    return length;
  }

  /** Past the bodies of the heredocs an ADD, COPY or RUN (or an ONBUILD of one) opens on the line ending at `lineEnd`. */
  function processHeredocs(instruction: string, instructionEnd: number, lineEnd: number): number {
    // Heredoc arguments start with `<<`; without a `<` there are none, and nothing needs splitting.
    const less = text.indexOf('<', instructionEnd);
    if (less === -1 || less >= lineEnd) return lineEnd;
    let keyword = instruction.toUpperCase();
    let argumentsFrom = instructionEnd;
    if (keyword === 'ONBUILD') {
      const trigger = scanArguments(text, instructionEnd, lineEnd, escapeChar)[0];
      if (!trigger) return lineEnd;
      keyword = text.slice(trigger.range.start, trigger.range.end).toUpperCase();
      argumentsFrom = trigger.range.end;
    }
    if (keyword !== 'ADD' && keyword !== 'COPY' && keyword !== 'RUN') return lineEnd;
    const args = scanArguments(text, argumentsFrom, lineEnd, escapeChar);
    const names: string[] = [];
    let tabbed = false;
    for (const argument of args.slice(leadingFlagCount(args))) {
      const value = argument.value;
      if (value.startsWith('<<') && value.length > 2) {
        if (value.startsWith('<<-')) tabbed = true;
        const name = heredocName(value);
        if (name !== null) names.push(name);
      }
    }
    let offset = lineEnd;
    for (const name of names) offset = heredocEnd(name, offset, tabbed);
    return offset;
  }

  function heredocEnd(name: string, from: number, tabbed: boolean): number {
    let startWord = -1;
    let atLineStart = true;
    for (let i = from; i < length; i++) {
      const char = text[i];
      if (char === ' ') {
        atLineStart = false;
      } else if (char === '\t') {
        if (!tabbed) atLineStart = false;
      } else if (char === '\r' || char === '\n') {
        if (startWord !== -1 && name === text.substring(startWord, i)) return i;
        startWord = -1;
        atLineStart = true;
      } else if (atLineStart) {
        startWord = i;
        atLineStart = false;
      }
    }
    return length;
  }
}

/**
 * How many leading arguments of a RUN, COPY, ADD or FROM are flags, as dockerfile-ast counts them: flags end
 * at the first argument without `--` anywhere; arguments with `--` elsewhere than at the start are skipped.
 */
export function leadingFlagCount(args: ReadonlyArray<{ value: string }>): number {
  let count = 0;
  for (const argument of args) {
    const at = argument.value.indexOf('--');
    if (at === -1) break;
    if (at === 0) count++;
  }
  return count;
}

/** dockerfile-ast's Util.parseHeredocName: the delimiter of `<<EOF`, `<<-"EOF"`, `<<'EOF'`, or null. */
function heredocName(argument: string): string | null {
  let value = argument.substring(2);
  if (value.charAt(0) === '-') value = value.substring(1);
  if (value.charAt(0) === '"') {
    if (value.charAt(value.length - 1) !== '"') return null;
    value = value.substring(1, value.length - 1);
  }
  if (value.charAt(0) === "'") {
    if (value.charAt(value.length - 1) !== "'") return null;
    value = value.substring(1, value.length - 1);
  }
  if (value.charAt(0) === '<') return null;
  return value;
}

function escapeCharacter(directives: SplitDirective[]): string {
  for (const directive of directives) {
    if (directive.name.toLowerCase() === 'escape' && (directive.value === '\\' || directive.value === '`')) return directive.value;
  }
  return '\\';
}

/** The `# name=value` lines at the top of the file, as dockerfile-ast's getParserDirectives reads them. */
function parserDirectives(text: string): SplitDirective[] {
  const directives: SplitDirective[] = [];
  const length = text.length;
  const offset = text.startsWith(BOM) ? 1 : 0;
  directiveCheck: for (let i = offset; i < length; i++) {
    const char = text[i];
    if (char === ' ' || char === '\t') continue;
    if (char !== '#') break;
    let directiveStart = -1;
    let directiveEnd = -1;
    for (let j = i + 1; j < length; j++) {
      const inner = text[j];
      if (inner === ' ' || inner === '\t') {
        if (directiveStart !== -1 && directiveEnd === -1) directiveEnd = j;
      } else if (inner === '\r' || inner === '\n') {
        break directiveCheck;
      } else if (inner === '=') {
        let valueStart = -1;
        let valueEnd = -1;
        if (directiveEnd === -1) directiveEnd = j;
        let lineEnd = length;
        for (let k = j + 1; k < length; k++) {
          const value = text[k];
          if (value === '\r' || value === '\n') {
            if (valueStart !== -1 && valueEnd === -1) valueEnd = k;
            lineEnd = k;
            break;
          }
          if (value === '\t' || value === ' ') {
            if (valueStart !== -1 && valueEnd === -1) valueEnd = k;
            continue;
          }
          if (valueStart === -1) valueStart = k;
        }
        // `# =value` is a plain comment.
        if (directiveStart === -1) break directiveCheck;
        if (valueStart === -1) {
          valueStart = j + 1;
          valueEnd = lineEnd;
        } else if (valueEnd === -1) {
          valueEnd = length;
        }
        directives.push({
          range: { start: i, end: lineEnd },
          name: text.substring(directiveStart, directiveEnd),
          value: text.substring(valueStart, valueEnd),
        });
        i = text[valueEnd] === '\r' ? valueEnd + 1 : valueEnd;
        continue directiveCheck;
      } else if (directiveStart === -1) {
        directiveStart = j;
      }
    }
    break;
  }
  return directives;
}
