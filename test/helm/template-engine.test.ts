// The Go template engine against cases from Go's own text/template tests (exec_test.go, parse_test.go) that
// translate to template data made of maps, lists and numbers, plus Helm-specific behaviour recorded with
// helm v4.1.4 (see the research notes on Helm rendering).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { standIns } from '../../server/src/engine/languages/helm/functions/stand-ins';
import { templateFunctions } from '../../server/src/engine/languages/helm/render';
import { Executor, Output, type TemplateFunction } from '../../server/src/engine/languages/helm/template/exec';
import { sprintf } from '../../server/src/engine/languages/helm/template/go-fmt';
import { formatFloatG, fromPlain, type GoValue } from '../../server/src/engine/languages/helm/template/go-values';
import { parseTemplate, type ParsedTemplate } from '../../server/src/engine/languages/helm/template/parse';
import { decodeYamlMap, toJson, toYaml } from '../../server/src/engine/languages/helm/yaml-v2';

const functions: Map<string, TemplateFunction> = templateFunctions(standIns(), new Map());
const isFunction = (name: string) => functions.has(name) || name === 'and' || name === 'or';

function run(text: string, data: GoValue = null): string {
  const parsed = parseTemplate('t', text, isFunction);
  const templates = new Map<string, ParsedTemplate>([['t', parsed.main], ...parsed.defines.map((define) => [define.name, define] as const)]);
  const output = new Output();
  new Executor({ functions, templates }).execute(parsed.main, data, output);
  return output.toString();
}

/** Data as YAML gives it to Helm templates: numbers are float64. */
function yaml(text: string): GoValue {
  return decodeYamlMap(text);
}

const DATA = fromPlain({ Str: 'foo', True: true, False: false, Empty: [], Items: ['a', 'b', 'c'], Map: { one: 1, three: 3, two: 2 }, Nil: null });

describe('Go text/template (exec_test.go cases)', () => {
  const cases: Array<[string, string, string]> = [
    ['empty', '', ''],
    ['text', 'some text', 'some text'],
    ['dot string', '{{.Str}}', 'foo'],
    ['nil action', '{{.Nil}}', '<no value>'],
    ['map missing key', '{{.Map.zz}}', '<no value>'],
    ['if true', '{{if true}}TRUE{{end}}', 'TRUE'],
    ['if false', '{{if false}}TRUE{{else}}FALSE{{end}}', 'FALSE'],
    ['if 1', '{{if 1}}NON-ZERO{{else}}ZERO{{end}}', 'NON-ZERO'],
    ['if 0', '{{if 0}}NON-ZERO{{else}}ZERO{{end}}', 'ZERO'],
    ['if 1.5', '{{if 1.5}}NON-ZERO{{else}}ZERO{{end}}', 'NON-ZERO'],
    ['if emptystring', '{{if ""}}NON-EMPTY{{else}}EMPTY{{end}}', 'EMPTY'],
    ['if string', '{{if "notempty"}}NON-EMPTY{{else}}EMPTY{{end}}', 'NON-EMPTY'],
    ['if emptyslice', '{{if .Empty}}NON-EMPTY{{else}}EMPTY{{end}}', 'EMPTY'],
    ['if slice', '{{if .Items}}NON-EMPTY{{else}}EMPTY{{end}}', 'NON-EMPTY'],
    ['if else if', '{{if false}}FALSE{{else if true}}TRUE{{end}}', 'TRUE'],
    ['if else chain', '{{if eq 1 3}}1{{else if eq 2 3}}2{{else if eq 3 3}}3{{end}}', '3'],
    ['with', '{{with .Str}}{{.}}{{end}}', 'foo'],
    ['with else', '{{with .Empty}}{{.}}{{else}}EMPTY{{end}}', 'EMPTY'],
    ['else with', '{{with 0}}{{.}}{{else with "x"}}{{.}}{{end}}', 'x'],
    ['range', '{{range .Items}}-{{.}}-{{end}}', '-a--b--c-'],
    ['range empty else', '{{range .Empty}}-{{.}}-{{else}}EMPTY{{end}}', 'EMPTY'],
    ['range map sorted', '{{range .Map}}-{{.}}-{{end}}', '-1--3--2-'],
    ['range $x $y', '{{range $x, $y := .Items}}<{{$x}}={{$y}}>{{end}}', '<0=a><1=b><2=c>'],
    ['range map $k $v', '{{range $k, $v := .Map}}{{$k}}={{$v}} {{end}}', 'one=1 three=3 two=2 '],
    ['range int', '{{range 3}}{{.}}{{end}}', '012'],
    ['range break', '{{range .Items}}{{if eq . "b"}}{{break}}{{end}}{{.}}{{end}}', 'a'],
    ['range continue', '{{range .Items}}{{if eq . "b"}}{{continue}}{{end}}{{.}}{{end}}', 'ac'],
    ['variable', '{{$x := "hello"}}{{$x}}', 'hello'],
    ['variable assign', '{{$x := 1}}{{if true}}{{$x = 2}}{{end}}{{$x}}', '2'],
    ['variable scope', '{{$x := "outer"}}{{range list 1}}{{$x := "inner"}}{{end}}{{$x}}', 'outer'],
    ['$ root', '{{range .Items}}{{$.Str}}{{end}}', 'foofoofoo'],
    ['pipeline', '{{.Str | printf "%s-%s" "x"}}', 'x-foo'],
    ['parens', '{{printf "%d" (len .Items)}}', '3'],
    ['and', '{{and 1 0 "x"}}', '0'],
    ['and strings', '{{and "a" "b"}}', 'b'],
    ['or', '{{or 0 "" "c"}}', 'c'],
    ['or empty', '{{or 0 ""}}', ''],
    ['and short-circuit', '{{and false (index .Items 99)}}', 'false'],
    ['not', '{{not true}} {{not 0}}', 'false true'],
    ['eq several', '{{eq 3 1 2 3}}', 'true'],
    ['ne', '{{ne "a" "b"}}', 'true'],
    ['lt', '{{lt 1 2}} {{lt "a" "b"}} {{lt 1.5 2.5}}', 'true true true'],
    ['le ge gt', '{{le 2 2}} {{ge 3 2}} {{gt 1 2}}', 'true true false'],
    ['index slice', '{{index .Items 1}}', 'b'],
    ['index map', '{{index .Map "two"}}', '2'],
    ['index missing', '{{index .Map "zz"}}', '<no value>'],
    ['slice', '{{slice .Items 1 2}}', '[b]'],
    ['sprig slice', '{{slice .Items 1}}', '[b c]'],
    ['len', '{{len .Items}} {{len "héllo"}}', '3 6'],
    ['print', '{{print 1 2 "a" "b" 3}}', '1 2ab3'],
    ['println', '{{println 1 "a"}}', '1 a\n'],
    ['html', '{{html "<a href=\\"x\\">&"}}', '&lt;a href=&#34;x&#34;&gt;&amp;'],
    ['js', `{{js "it's <b>"}}`, "it\\'s \\u003Cb\\u003E"],
    ['urlquery', '{{urlquery "a b&c"}}', 'a+b%26c'],
    ['char constant', "{{'a'}}", '97'],
    ['hex', '{{0x10}}', '16'],
    ['float literal', '{{1e3}}', '1000'],
    ['raw string', '{{`a\\nb`}}', 'a\\nb'],
    ['map print', '{{.Map}}', 'map[one:1 three:3 two:2]'],
    ['slice print', '{{.Items}}', '[a b c]'],
    ['trim both', 'a {{- "x" -}} b', 'axb'],
    ['trim newline', 'a\n  {{- "x" }}\n', 'ax\n'],
    ['negative number is not trim', 'a {{-3}} b', 'a -3 b'],
    ['comment', 'a{{/* c */}}b', 'ab'],
    ['trimmed comment', 'a {{- /* c */ -}} b', 'ab'],
    ['define template', '{{define "x"}}[{{.}}]{{end}}{{template "x" "y"}}', '[y]'],
    ['block', '{{block "b" .Str}}<{{.}}>{{end}}', '<foo>'],
    ['template dollar', '{{define "x"}}{{$}}{{end}}{{template "x" 5}}', '5'],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => assert.equal(run(text, DATA), expected));
  }

  const errors: Array<[string, string, RegExp]> = [
    ['unclosed action', '{{if true}}', /unexpected EOF/],
    ['unknown function', '{{nosuch 1}}', /function "nosuch" not defined/],
    ['undefined variable', '{{$x}}', /undefined variable "\$x"/],
    ['unexpected end', '{{end}}', /unexpected \{\{end\}\}/],
    ['break outside range', '{{break}}', /outside \{\{range\}\}/],
    ['unterminated string', '{{"abc}}', /unterminated quoted string/],
    ['bad number', '{{3k}}', /bad number syntax/],
    ['eq incompatible', '{{eq .x 3}}', /incompatible types for comparison/],
    ['field of nil', '{{.missing.deeper}}', /nil pointer evaluating interface \{\}\.deeper/],
    ['index out of range', '{{index .l 5}}', /index out of range: 5/],
    ['len of nil', '{{len .missing}}', /len of nil pointer/],
    ['no such template', '{{template "nope"}}', /no such template "nope"/],
    ['not a function', '{{.x 1}}', /x is not a method but has arguments/],
    ['ternary needs bool', '{{ternary "a" "b" .x}}', /expected bool/],
  ];
  for (const [name, text, expected] of errors) {
    it(`error: ${name}`, () => assert.throws(() => run(text, yaml('x: 3\nl: [1]')), expected));
  }
});

describe('numbers and fmt (Go semantics)', () => {
  it('formats float64 like strconv g', () => {
    assert.equal(formatFloatG(1e6), '1e+06');
    assert.equal(formatFloatG(123456.5), '123456.5');
    assert.equal(formatFloatG(1234567.5), '1.2345675e+06');
    assert.equal(formatFloatG(0.00001), '1e-05');
    assert.equal(formatFloatG(1.2345678901234567e19), '1.2345678901234567e+19');
  });
  it('prints YAML numbers as float64', () => {
    const values = yaml('big: 1000000\none: 1.0\noct: 0777\nexp: 1e3\ni: 5');
    assert.equal(run('{{.big}} {{.one}} {{.oct}} {{.exp}}', values), '1e+06 1 511 1000');
    assert.equal(run('{{printf "%d" .i}}', values), '%!d(float64=5)');
    assert.equal(run('{{int .big}} {{toString .big}} {{quote .big}} {{typeOf .i}}', values), '1000000 1e+06 "1e+06" float64');
  });
  it('fmt verbs', () => {
    assert.equal(sprintf('%s|%5s|%-5s|%q|%x|%X', ['a', 'b', 'c', 'd"', 'hi', 255n]), 'a|    b|c    |"d\\""|6869|FF');
    assert.equal(sprintf('%d|%05d|%+d|%.2f|%t|%v|%%', [42n, 42n, 42n, 3.14159, true, null]), '42|00042|+42|3.14|true|<nil>|%');
    assert.equal(sprintf('%s %s', ['a']), 'a %!s(MISSING)');
    assert.equal(sprintf('%s', ['a', 'b']), 'a%!(EXTRA string=b)');
    assert.equal(sprintf('%e %g', [1234.5678, 0.000012]), '1.234568e+03 1.2e-05');
  });
});

describe('YAML the Helm way', () => {
  it('reads YAML 1.1 booleans, octal and null keys as Helm does', () => {
    const values = yaml('m: {y: 1, on: on, n: null}\nd: 2024-01-01');
    assert.equal(run('{{ toJson .m }} {{ .d }}', values), '{"false":null,"true":true} 2024-01-01');
  });
  it('toYaml quoting and styles match go-yaml v2', () => {
    const values = yaml(
      [
        'a: "yes"',
        'b: "012"',
        'c: "-"',
        'd: "#x"',
        'e: "a: b"',
        'f: "<a&b>"',
        'g: "line1\\nline2\\n"',
        'h: "line1\\nline2"',
        'i: "tab\\there"',
        'j: ""',
        'k: "1:20"',
        'l: [1, 2]',
        'm: {}',
        'nn: null',
        'o: 1.5',
        'p: 1234567.5',
        'q: " lead"',
        'r: "trailing space \\nx"',
      ].join('\n'),
    );
    assert.equal(
      run('{{ toYaml . }}', values),
      [
        'a: "yes"',
        'b: "012"',
        "c: '-'",
        "d: '#x'",
        "e: 'a: b'",
        'f: <a&b>',
        'g: |',
        '  line1',
        '  line2',
        'h: |-',
        '  line1',
        '  line2',
        'i: "tab\\there"',
        'j: ""',
        'k: "1:20"',
        'l:',
        '- 1',
        '- 2',
        'm: {}',
        'nn: null',
        'o: 1.5',
        'p: 1.2345675e+06',
        "q: ' lead'",
        'r: "trailing space \\nx"',
      ].join('\n'),
    );
  });
  it('sorts keys naturally and folds long plain strings at column 80', () => {
    assert.equal(toYaml(fromPlain({ a10: 1, a2: 1, A: 1, _u: 1, '1': 1, '10': 1, '9': 1 })), '_u: 1\n"1": 1\n"9": 1\n"10": 1\nA: 1\na2: 1\na10: 1');
    const long = 'aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp qqqq rrrr ssss';
    assert.equal(toYaml(fromPlain({ long })), 'long: aaaa bbbb cccc dddd eeee ffff gggg hhhh iiii jjjj kkkk llll mmmm nnnn oooo pppp\n  qqqq rrrr ssss');
  });
  it('nests lists and maps the go-yaml v2 way', () => {
    assert.equal(toYaml(fromPlain({ l: [{ a: 1, b: [1] }, [3, 4]] })), 'l:\n- a: 1\n  b:\n  - 1\n- - 3\n  - 4');
  });
  it('toJson escapes HTML and sorts keys bytewise', () => {
    assert.equal(toJson(fromPlain({ b: '<a&b>', a: [1, 0.000001] })), '{"a":[1,0.000001],"b":"\\u003ca\\u0026b\\u003e"}');
  });
});

describe('sprig and Helm functions', () => {
  const cases: Array<[string, string, string]> = [
    ['default on zero', '{{ default "d" 0 }} {{ default "d" false }} {{ default "d" "x" }}', 'd d x'],
    ['coalesce', '{{ coalesce 0 "" .missing "x" }}', 'x'],
    ['quote drops nil', '[{{ quote .missing }}]', '[]'],
    ['trunc bytes', '{{ trunc 3 "abcdef" }} {{ trunc -10 "abc" }}', 'abc abc'],
    ['nindent pads every line', '{{ "a\\n\\nb" | nindent 2 }}', '\n  a\n  \n  b'],
    ['dict odd', '{{ dict "a" 1 "b" }}', 'map[a:1 b:]'],
    ['has is type-sensitive', '{{ has 1 (list 1.0) }} {{ has 1 (list 1) }}', 'false true'],
    ['join skips nil', '{{ join "," (list 1 nil 2.5 true) }}', '1,2.5,true'],
    ['int cast', '{{ int "0777" }} {{ int "08" }} {{ int "12.0" }} {{ int "abc" }}', '511 0 12 0'],
    ['add truncates', '{{ add 1.9 1.9 }}', '2'],
    ['until', '{{ until 3 }} {{ until -2 }}', '[0 1 2] [0 -1]'],
    ['merge fills zero values', '{{ merge (dict "x" 1 "f" false "z" 0) (dict "x" 2 "f" true "z" 5 "y" 3) }}', 'map[f:true x:1 y:3 z:5]'],
    ['mergeOverwrite', '{{ mergeOverwrite (dict "x" 1) (dict "x" nil) }}', 'map[x:<nil>]'],
    ['semverCompare pre-release', '{{ semverCompare ">=1.20" "1.25.0-gke.100" }} {{ semverCompare ">=1.20-0" "1.25.0-gke.100" }}', 'false true'],
    ['semver caret tilde', '{{ semverCompare "^1.2" "1.9.0" }} {{ semverCompare "~1.2" "1.3.0" }}', 'true false'],
    ['regexReplaceAll groups', '{{ regexReplaceAll "a(x*)b" "-ab-axxb-" "${1}W" }}', '-W-xxW-'],
    ['b64enc sha256sum', '{{ b64enc "hi" }} {{ sha256sum "" | trunc 8 }}', 'aGk= e3b0c442'],
    ['ternary pipe', '{{ true | ternary "Y" "N" }}', 'Y'],
    ['dig', '{{ dig "a" "b" "def" (dict "a" (dict "b" "v")) }} {{ dig "a" "z" "def" (dict "a" (dict)) }}', 'v def'],
    ['splitList', '{{ splitList "," "a,b" }}', '[a b]'],
    ['seq', '{{ seq 3 }} {{ seq 5 3 }}', '1 2 3 5 4 3'],
  ];
  for (const [name, text, expected] of cases) {
    it(name, () => assert.equal(run(text, yaml('x: 1')), expected));
  }
  it('stand-ins are deterministic and of the right shape', () => {
    const first = run('{{ randAlphaNum 10 }} {{ uuidv4 }}');
    assert.match(first, /^[A-Za-z0-9]{10} [0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-a[0-9a-f]{3}-[0-9a-f]{12}$/);
  });
});
