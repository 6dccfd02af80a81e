// Parser for Go's text/template language (the lexer and parser of Go's text/template/parse, as one pass).
// Positions are offsets into the template text; every node keeps its span so the executor can say which
// bytes of the template produced each byte of output.
import { TemplateError } from './go-values';

export interface Span {
  start: number;
  end: number;
}

export type Node =
  | TextNode
  | ActionNode
  | IfNode
  | RangeNode
  | WithNode
  | TemplateNode
  | BreakNode
  | ContinueNode;

export interface TextNode extends Span {
  type: 'text';
  text: string;
}
export interface ActionNode extends Span {
  type: 'action';
  pipe: PipeNode;
}
export interface BranchParts extends Span {
  pipe: PipeNode;
  list: Node[];
  elseList: Node[] | undefined;
}
export interface IfNode extends BranchParts {
  type: 'if';
}
export interface WithNode extends BranchParts {
  type: 'with';
}
export interface RangeNode extends BranchParts {
  type: 'range';
}
export interface TemplateNode extends Span {
  type: 'template';
  name: string;
  pipe: PipeNode | undefined;
}
export interface BreakNode extends Span {
  type: 'break';
}
export interface ContinueNode extends Span {
  type: 'continue';
}

export interface PipeNode extends Span {
  isAssign: boolean;
  decl: VariableNode[];
  cmds: CommandNode[];
}
export interface CommandNode extends Span {
  args: ArgNode[];
}

export type ArgNode =
  | { type: 'field'; names: string[]; start: number; end: number }
  | VariableNode
  | { type: 'chain'; node: ArgNode; names: string[]; start: number; end: number }
  | { type: 'identifier'; name: string; start: number; end: number }
  | { type: 'dot'; start: number; end: number }
  | { type: 'nil'; start: number; end: number }
  | { type: 'bool'; value: boolean; start: number; end: number }
  | { type: 'number'; value: number | bigint; text: string; start: number; end: number }
  | { type: 'string'; value: string; start: number; end: number }
  | { type: 'pipe'; pipe: PipeNode; start: number; end: number };

export interface VariableNode {
  type: 'variable';
  /** `$x.a.b` is ['$x', 'a', 'b']. */
  names: string[];
  start: number;
  end: number;
}

export interface ParsedTemplate {
  name: string;
  /** The template file the text belongs to; undefined for `tpl` strings (their offsets are into the string). */
  file?: string | undefined;
  root: Node[];
  text: string;
}

/** The result of parsing one file: its own body and the `define`/`block` templates it declares. */
export interface ParseResult {
  main: ParsedTemplate;
  defines: ParsedTemplate[];
}

type TokenType =
  | 'space'
  | 'pipe'
  | 'leftParen'
  | 'rightParen'
  | 'declare'
  | 'assign'
  | 'comma'
  | 'string'
  | 'rawString'
  | 'char'
  | 'number'
  | 'bool'
  | 'identifier'
  | 'keyword'
  | 'field'
  | 'variable'
  | 'dot'
  | 'nil'
  | 'rightDelim';

interface Token {
  type: TokenType;
  text: string;
  start: number;
  end: number;
}

const KEYWORDS = new Set(['block', 'break', 'continue', 'define', 'else', 'end', 'if', 'range', 'template', 'with']);

/** Position (1-based line and column, as Go reports them) of an offset. */
export function lineColumn(text: string, offset: number): { line: number; column: number } {
  let line = 1;
  let lineStart = 0;
  for (let index = text.indexOf('\n'); index !== -1 && index < offset; index = text.indexOf('\n', index + 1)) {
    line++;
    lineStart = index + 1;
  }
  return { line, column: offset - lineStart + 1 };
}

/** A parse error, located: `template: NAME:LINE: message` like Go. */
export class TemplateSyntaxError extends TemplateError {
  constructor(readonly templateName: string, readonly offset: number, readonly detail: string, text: string) {
    super(`template: ${templateName}:${lineColumn(text, offset).line}: ${detail}`, 'parse');
  }
}

function isSpace(char: string | undefined): boolean {
  return char === ' ' || char === '\t' || char === '\r' || char === '\n';
}
function isAlphaNumeric(char: string | undefined): boolean {
  return char !== undefined && /[\p{L}\p{Nd}_]/u.test(char);
}

/**
 * Splits the template text into text and action token lists. Trim markers (`{{- `, ` -}}`) are applied here,
 * as Go's lexer does, by shrinking the neighbouring text.
 */
class Lexer {
  private pos = 0;
  readonly items: Array<{ kind: 'text'; start: number; end: number } | { kind: 'action'; start: number; end: number; tokens: Token[]; comment: boolean }> = [];

  constructor(private readonly text: string, private readonly fail: (offset: number, message: string) => never) {}

  run(): this {
    const text = this.text;
    let trimNextText = false;
    while (this.pos <= text.length) {
      const open = text.indexOf('{{', this.pos);
      let textEnd = open === -1 ? text.length : open;
      let textStart = this.pos;
      if (trimNextText) while (textStart < textEnd && isSpace(text[textStart])) textStart++;
      const trimBefore = open !== -1 && text[open + 2] === '-' && isSpace(text[open + 3]);
      if (trimBefore) while (textEnd > textStart && isSpace(text[textEnd - 1])) textEnd--;
      if (textEnd > textStart) this.items.push({ kind: 'text', start: textStart, end: textEnd });
      if (open === -1) break;
      this.pos = open + 2 + (trimBefore ? 2 : 0);
      const action = this.lexAction(open);
      this.items.push(action);
      trimNextText = action.trimAfter;
    }
    return this;
  }

  private lexAction(open: number): { kind: 'action'; start: number; end: number; tokens: Token[]; comment: boolean; trimAfter: boolean } {
    const text = this.text;
    // A comment must follow the delimiter (and trim marker) directly.
    if (text.startsWith('/*', this.pos)) {
      const close = text.indexOf('*/', this.pos + 2);
      if (close === -1) this.fail(open, 'unclosed comment');
      let after = close + 2;
      let trimAfter = false;
      if (text[after] === ' ' && text[after + 1] === '-' && text.startsWith('}}', after + 2)) {
        trimAfter = true;
        after += 2;
      } else if (isSpace(text[after]) && text[after + 1] === '-' && text.startsWith('}}', after + 2)) {
        trimAfter = true;
        after += 2;
      }
      if (!text.startsWith('}}', after)) this.fail(open, 'comment ends before closing delimiter');
      this.pos = after + 2;
      return { kind: 'action', start: open, end: this.pos, tokens: [], comment: true, trimAfter };
    }
    const tokens: Token[] = [];
    let parenDepth = 0;
    for (;;) {
      const start = this.pos;
      const char = text[this.pos];
      if (char === undefined) this.fail(open, 'unclosed action');
      if (isSpace(char)) {
        while (isSpace(text[this.pos])) this.pos++;
        // ` -}}` closes with a trim marker.
        if (text[this.pos] === '-' && text.startsWith('}}', this.pos + 1)) {
          if (parenDepth > 0) this.fail(start, 'unclosed left paren');
          this.pos += 3;
          tokens.push({ type: 'rightDelim', text: '}}', start: this.pos - 2, end: this.pos });
          return { kind: 'action', start: open, end: this.pos, tokens, comment: false, trimAfter: true };
        }
        tokens.push({ type: 'space', text: ' ', start, end: this.pos });
        continue;
      }
      if (text.startsWith('}}', this.pos)) {
        if (parenDepth > 0) this.fail(start, 'unclosed left paren');
        this.pos += 2;
        tokens.push({ type: 'rightDelim', text: '}}', start, end: this.pos });
        return { kind: 'action', start: open, end: this.pos, tokens, comment: false, trimAfter: false };
      }
      if (char === '\n') this.fail(start, 'unclosed action');
      const push = (type: TokenType, end: number) => {
        tokens.push({ type, text: text.slice(start, end), start, end });
        this.pos = end;
      };
      if (char === '|') push('pipe', start + 1);
      else if (char === '(') {
        parenDepth++;
        push('leftParen', start + 1);
      } else if (char === ')') {
        parenDepth--;
        if (parenDepth < 0) this.fail(start, `unexpected right paren`);
        push('rightParen', start + 1);
      } else if (char === ':') {
        if (text[start + 1] !== '=') this.fail(start, 'expected :=');
        push('declare', start + 2);
      } else if (char === '=') push('assign', start + 1);
      else if (char === ',') push('comma', start + 1);
      else if (char === '"') {
        let end = start + 1;
        for (;;) {
          const next = text[end];
          if (next === undefined || next === '\n') this.fail(start, 'unterminated quoted string');
          if (next === '\\') end += 2;
          else if (next === '"') break;
          else end++;
        }
        push('string', end + 1);
      } else if (char === '`') {
        const close = text.indexOf('`', start + 1);
        if (close === -1) this.fail(start, 'unterminated raw quoted string');
        push('rawString', close + 1);
      } else if (char === "'") {
        let end = start + 1;
        for (;;) {
          const next = text[end];
          if (next === undefined || next === '\n') this.fail(start, 'unterminated character constant');
          if (next === '\\') end += 2;
          else if (next === "'") break;
          else end++;
        }
        push('char', end + 1);
      } else if (char === '$') {
        let end = start + 1;
        while (isAlphaNumeric(text[end])) end++;
        push('variable', end);
      } else if (char === '.') {
        const next = text[start + 1];
        if (next !== undefined && next >= '0' && next <= '9') push('number', this.numberEnd(start));
        else if (isAlphaNumeric(next)) {
          let end = start + 1;
          while (isAlphaNumeric(text[end])) end++;
          push('field', end);
        } else push('dot', start + 1);
      } else if (char === '+' || char === '-' || (char >= '0' && char <= '9')) {
        push('number', this.numberEnd(start));
      } else if (isAlphaNumeric(char)) {
        let end = start + 1;
        while (isAlphaNumeric(text[end])) end++;
        const word = text.slice(start, end);
        if (KEYWORDS.has(word)) push('keyword', end);
        else if (word === 'true' || word === 'false') push('bool', end);
        else if (word === 'nil') push('nil', end);
        else push('identifier', end);
      } else {
        this.fail(start, `unrecognized character in action: ${JSON.stringify(char)}`);
      }
    }
  }

  private numberEnd(start: number): number {
    const match = /^[+-]?(0[xX][0-9a-fA-F_]*(\.[0-9a-fA-F_]*)?([pP][+-]?[0-9_]+)?|0[bB][01_]+|0[oO][0-7_]+|[0-9_]*(\.[0-9_]*)?([eE][+-]?[0-9_]+)?)i?/.exec(this.text.slice(start, start + 200));
    const end = start + (match?.[0].length ?? 0);
    if (end === start || isAlphaNumeric(this.text[end])) {
      let bad = end;
      while (isAlphaNumeric(this.text[bad]) || this.text[bad] === '.') bad++;
      this.fail(start, `bad number syntax: "${this.text.slice(start, Math.max(bad, start + 1))}"`);
    }
    return end;
  }
}

/** Go's strconv.Unquote for "…" strings and '…' character constants. */
function unquote(token: Token, fail: (message: string) => never): string {
  const body = token.text.slice(1, -1);
  let out = '';
  for (let index = 0; index < body.length; index++) {
    const char = body[index]!;
    if (char !== '\\') {
      out += char;
      continue;
    }
    const next = body[++index];
    const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', a: '\x07', b: '\b', f: '\f', v: '\v', '\\': '\\', '"': '"', "'": "'" };
    if (next !== undefined && next in simple) {
      out += simple[next];
      continue;
    }
    const hexLength = next === 'x' ? 2 : next === 'u' ? 4 : next === 'U' ? 8 : 0;
    if (hexLength > 0) {
      const hex = body.slice(index + 1, index + 1 + hexLength);
      if (!/^[0-9a-fA-F]+$/.test(hex) || hex.length !== hexLength) fail(`invalid syntax: ${token.text}`);
      const code = parseInt(hex, 16);
      out += next === 'x' ? Buffer.from([code]).toString('latin1') : String.fromCodePoint(code);
      index += hexLength;
      continue;
    }
    if (next !== undefined && next >= '0' && next <= '7') {
      const octal = body.slice(index, index + 3);
      out += String.fromCharCode(parseInt(octal, 8));
      index += 2;
      continue;
    }
    fail(`invalid syntax: ${token.text}`);
  }
  return out;
}

function parseNumber(text: string, fail: (message: string) => never): number | bigint {
  const clean = text.replace(/_/g, '');
  if (/i$/.test(clean)) fail(`complex numbers are not supported: ${text}`);
  const isHex = /^[+-]?0[xX]/.test(clean);
  const isFloatText = !isHex && /[.eE]/.test(clean);
  const isHexFloat = isHex && /[.pP]/.test(clean);
  if (!isFloatText && !isHexFloat) {
    const sign = clean.startsWith('-') ? -1n : 1n;
    let digits = clean.replace(/^[+-]/, '');
    let value: bigint;
    if (/^0[bB]/.test(digits)) value = BigInt(digits.toLowerCase());
    else if (/^0[oO]/.test(digits)) value = BigInt(digits.toLowerCase());
    else if (/^0[xX]/.test(digits)) value = BigInt(digits.toLowerCase());
    else if (/^0[0-7]+$/.test(digits)) {
      digits = digits.slice(1);
      value = BigInt('0o' + digits);
    } else if (/^[0-9]+$/.test(digits)) value = BigInt(digits);
    else fail(`bad number syntax: "${text}"`);
    value *= sign;
    if (value > 9223372036854775807n || value < -9223372036854775808n) fail(`integer overflow: "${text}"`);
    return value;
  }
  if (isHexFloat) {
    const match = /^([+-]?)0[xX]([0-9a-fA-F]*)(?:\.([0-9a-fA-F]*))?(?:[pP]([+-]?\d+))?$/.exec(clean);
    if (!match) fail(`bad number syntax: "${text}"`);
    const [, sign, whole, fraction = '', exponent = '0'] = match;
    const mantissa = parseInt((whole || '0') + fraction, 16) / Math.pow(16, fraction.length);
    return (sign === '-' ? -1 : 1) * mantissa * Math.pow(2, Number(exponent));
  }
  const value = Number(clean);
  if (Number.isNaN(value)) fail(`bad number syntax: "${text}"`);
  return value;
}

/** Parses one template file. `isFunction` tells which identifiers are functions (Go rejects unknown ones at parse). */
export function parseTemplate(name: string, text: string, isFunction: (name: string) => boolean): ParseResult {
  return new Parser(name, text, isFunction).parse();
}

class Parser {
  private items: Lexer['items'] = [];
  private index = 0;
  private tokens: Token[] = [];
  private tokenIndex = 0;
  private readonly defines: ParsedTemplate[] = [];
  private rangeDepth = 0;
  private variables: string[][] = [];

  constructor(private readonly name: string, private readonly text: string, private readonly isFunction: (name: string) => boolean) {}

  private fail = (offset: number, message: string): never => {
    throw new TemplateSyntaxError(this.name, offset, message, this.text);
  };

  parse(): ParseResult {
    this.items = new Lexer(this.text, this.fail).run().items;
    this.variables = [['$']];
    const root = this.parseList('top');
    return { main: { name: this.name, file: this.name, root: root.list, text: this.text }, defines: this.defines };
  }

  /** Parses nodes until `{{end}}`/`{{else}}` (returned as the terminator) or the end of input at top level. */
  private parseList(context: 'top' | 'block'): { list: Node[]; terminator: 'end' | 'else' | undefined; at: number } {
    const list: Node[] = [];
    while (this.index < this.items.length) {
      const item = this.items[this.index++]!;
      if (item.kind === 'text') {
        list.push({ type: 'text', text: this.text.slice(item.start, item.end), start: item.start, end: item.end });
        continue;
      }
      if (item.comment) continue;
      this.tokens = item.tokens;
      this.tokenIndex = 0;
      const first = this.peekNonSpace();
      if (first.type === 'keyword') {
        this.next();
        switch (first.text) {
          case 'end':
            this.expectEnd('end');
            if (context === 'top') this.fail(first.start, 'unexpected {{end}}');
            return { list, terminator: 'end', at: item.start };
          case 'else':
            if (context === 'top') this.fail(first.start, 'unexpected {{else}}');
            return { list, terminator: 'else', at: item.start };
          case 'if':
          case 'with':
          case 'range':
            list.push(this.parseBranch(first.text, item.start));
            continue;
          case 'define':
            if (context !== 'top') this.fail(first.start, 'unexpected <define> in command');
            this.parseDefine(item.start);
            continue;
          case 'block':
          case 'template':
            list.push(this.parseTemplateCall(first.text, item.start));
            continue;
          case 'break':
          case 'continue':
            if (this.rangeDepth === 0) this.fail(first.start, `{{${first.text}}} outside {{range}}`);
            this.expectEnd(first.text);
            list.push({ type: first.text, start: item.start, end: item.end });
            continue;
        }
      }
      const pipe = this.parsePipeline('command', true);
      list.push({ type: 'action', pipe, start: item.start, end: item.end });
    }
    if (context !== 'top') this.fail(this.text.length, 'unexpected EOF');
    return { list, terminator: undefined, at: this.text.length };
  }

  private parseBranch(keyword: 'if' | 'with' | 'range', start: number): Node {
    // Like Go's parser, variables declared anywhere in a control structure stay known until its {{end}}.
    this.variables.push([]);
    try {
      const pipe = this.parsePipeline(keyword, true);
      if (keyword === 'range') this.rangeDepth++;
      const body = this.parseList('block');
      if (keyword === 'range') this.rangeDepth--;
      let elseList: Node[] | undefined;
      let end = this.items[this.index - 1]!.end;
      if (body.terminator === 'else') {
        // `{{else if …}}` / `{{else with …}}` nest a branch that shares this one's {{end}}.
        const next = this.peekNonSpace();
        if ((keyword === 'if' && next.type === 'keyword' && next.text === 'if') || (keyword === 'with' && next.type === 'keyword' && next.text === 'with')) {
          this.next();
          const nested = this.parseBranch(keyword, body.at);
          elseList = [nested];
          end = nested.end;
        } else {
          this.expectEnd('else');
          const rest = this.parseList('block');
          if (rest.terminator !== 'end') this.fail(rest.at, 'expected end; found {{else}}');
          elseList = rest.list;
          end = this.items[this.index - 1]!.end;
        }
      }
      return { type: keyword, pipe, list: body.list, elseList, start, end };
    } finally {
      this.variables.pop();
    }
  }

  private parseDefine(start: number): void {
    const nameToken = this.nextNonSpace();
    if (nameToken.type !== 'string' && nameToken.type !== 'rawString') this.fail(nameToken.start, 'name of template in define must be a string');
    const name = nameToken.type === 'rawString' ? nameToken.text.slice(1, -1) : unquote(nameToken, (message) => this.fail(nameToken.start, message));
    this.expectEnd('define clause');
    const saved = this.variables;
    this.variables = [['$']];
    const body = this.parseList('block');
    this.variables = saved;
    if (body.terminator !== 'end') this.fail(body.at, 'unexpected {{else}} in define');
    void start;
    this.defines.push({ name, file: this.name, root: body.list, text: this.text });
  }

  private parseTemplateCall(keyword: 'template' | 'block', start: number): TemplateNode {
    const nameToken = this.nextNonSpace();
    if (nameToken.type !== 'string' && nameToken.type !== 'rawString') this.fail(nameToken.start, `unexpected "${nameToken.text}" in template clause`);
    const name = nameToken.type === 'rawString' ? nameToken.text.slice(1, -1) : unquote(nameToken, (message) => this.fail(nameToken.start, message));
    let pipe: PipeNode | undefined;
    if (this.peekNonSpace().type !== 'rightDelim') pipe = this.parsePipeline(keyword, false);
    else this.nextNonSpace();
    const item = this.items[this.index - 1]!;
    if (keyword === 'block') {
      const saved = this.variables;
      this.variables = [['$']];
      const body = this.parseList('block');
      this.variables = saved;
      if (body.terminator !== 'end') this.fail(body.at, 'unexpected {{else}} in block');
      this.defines.push({ name, file: this.name, root: body.list, text: this.text });
    }
    return { type: 'template', name, pipe, start, end: item.end };
  }

  private expectEnd(context: string): void {
    const token = this.nextNonSpace();
    if (token.type !== 'rightDelim') this.fail(token.start, `unexpected "${token.text}" in ${context}`);
  }

  private peek(): Token {
    return this.tokens[this.tokenIndex] ?? this.tokens[this.tokens.length - 1]!;
  }
  private next(): Token {
    const token = this.peek();
    if (this.tokenIndex < this.tokens.length) this.tokenIndex++;
    return token;
  }
  private peekNonSpace(): Token {
    while (this.peek().type === 'space') this.tokenIndex++;
    return this.peek();
  }
  private nextNonSpace(): Token {
    this.peekNonSpace();
    return this.next();
  }

  private hasVariable(name: string): boolean {
    return this.variables.some((scope) => scope.includes(name));
  }

  private parsePipeline(context: string, allowDecl: boolean): PipeNode {
    const start = this.peekNonSpace().start;
    const decl: VariableNode[] = [];
    let isAssign = false;
    if (allowDecl && this.peek().type === 'variable') {
      const save = this.tokenIndex;
      const first = this.next();
      const after = this.peekNonSpace();
      if (after.type === 'declare' || after.type === 'assign') {
        this.next();
        isAssign = after.type === 'assign';
        decl.push({ type: 'variable', names: [first.text], start: first.start, end: first.end });
      } else if (after.type === 'comma' && context === 'range') {
        this.next();
        const second = this.nextNonSpace();
        if (second.type !== 'variable') this.fail(second.start, `range can only initialize variables`);
        const operator = this.nextNonSpace();
        if (operator.type !== 'declare' && operator.type !== 'assign') this.fail(operator.start, `expected := or =`);
        isAssign = operator.type === 'assign';
        decl.push({ type: 'variable', names: [first.text], start: first.start, end: first.end });
        decl.push({ type: 'variable', names: [second.text], start: second.start, end: second.end });
      } else {
        this.tokenIndex = save;
      }
      for (const variable of decl) {
        if (isAssign) {
          if (!this.hasVariable(variable.names[0]!)) this.fail(variable.start, `undefined variable "${variable.names[0]}"`);
        } else this.variables[this.variables.length - 1]!.push(variable.names[0]!);
      }
    }
    const cmds: CommandNode[] = [];
    for (;;) {
      const token = this.peekNonSpace();
      if (token.type === 'rightDelim' || token.type === 'rightParen') {
        if (token.type === 'rightDelim') this.next();
        if (cmds.length === 0) this.fail(token.start, `missing value for ${context}`);
        break;
      }
      cmds.push(this.parseCommand());
      const after = this.peekNonSpace();
      if (after.type === 'pipe') {
        this.next();
        continue;
      }
    }
    const last = cmds[cmds.length - 1];
    return { isAssign, decl, cmds, start, end: last ? last.end : start };
  }

  private parseCommand(): CommandNode {
    const args: ArgNode[] = [];
    const start = this.peekNonSpace().start;
    for (;;) {
      const token = this.peekNonSpace();
      if (token.type === 'rightDelim' || token.type === 'rightParen' || token.type === 'pipe') break;
      args.push(this.parseOperand());
      const after = this.peek();
      if (after.type !== 'space' && after.type !== 'rightDelim' && after.type !== 'rightParen' && after.type !== 'pipe') {
        this.fail(after.start, `unexpected "${after.text}" in operand`);
      }
    }
    if (args.length === 0) this.fail(start, 'empty command');
    return { args, start, end: args[args.length - 1]!.end };
  }

  private parseOperand(): ArgNode {
    let node = this.parseTerm();
    if (this.peek().type === 'field') {
      const names: string[] = [];
      let end = node.end;
      while (this.peek().type === 'field') {
        const field = this.next();
        names.push(field.text.slice(1));
        end = field.end;
      }
      switch (node.type) {
        case 'field':
          node = { type: 'field', names: [...node.names, ...names], start: node.start, end };
          break;
        case 'variable':
          node = { type: 'variable', names: [...node.names, ...names], start: node.start, end };
          break;
        case 'bool':
        case 'string':
        case 'number':
        case 'nil':
        case 'dot':
          this.fail(node.start, `unexpected . after term "${this.text.slice(node.start, node.end)}"`);
          break;
        default:
          node = { type: 'chain', node, names, start: node.start, end };
      }
    }
    return node;
  }

  private parseTerm(): ArgNode {
    const token = this.next();
    const fail = (message: string): never => this.fail(token.start, message);
    switch (token.type) {
      case 'identifier':
        if (!this.isFunction(token.text)) fail(`function "${token.text}" not defined`);
        return { type: 'identifier', name: token.text, start: token.start, end: token.end };
      case 'dot':
        return { type: 'dot', start: token.start, end: token.end };
      case 'nil':
        return { type: 'nil', start: token.start, end: token.end };
      case 'variable':
        if (!this.hasVariable(token.text)) fail(`undefined variable "${token.text}"`);
        return { type: 'variable', names: [token.text], start: token.start, end: token.end };
      case 'field':
        return { type: 'field', names: [token.text.slice(1)], start: token.start, end: token.end };
      case 'bool':
        return { type: 'bool', value: token.text === 'true', start: token.start, end: token.end };
      case 'char': {
        const value = unquote(token, fail);
        return { type: 'number', value: BigInt(value.codePointAt(0) ?? 0), text: token.text, start: token.start, end: token.end };
      }
      case 'number':
        return { type: 'number', value: parseNumber(token.text, fail), text: token.text, start: token.start, end: token.end };
      case 'string':
        return { type: 'string', value: unquote(token, fail), start: token.start, end: token.end };
      case 'rawString':
        return { type: 'string', value: token.text.slice(1, -1), start: token.start, end: token.end };
      case 'leftParen': {
        const pipe = this.parsePipeline('parenthesized pipeline', false);
        const close = this.next();
        if (close.type !== 'rightParen') this.fail(close.start, 'unclosed left paren');
        return { type: 'pipe', pipe, start: token.start, end: close.end };
      }
      default:
        return fail(`unexpected "${token.text}" in operand`);
    }
  }
}
