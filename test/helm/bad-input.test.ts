// Charts that are broken or hostile: each gives a clear, located error or a reported problem, never a crash
// or a hang, and archives are never written to disk.
import assert from 'node:assert/strict';
import { gzipSync } from 'node:zlib';
import { describe, it } from 'node:test';
import type { ChartFiles } from '../../server/src/engine/languages/helm/chart';
import { RenderError, renderChart, type RenderResult } from '../../server/src/engine/languages/helm/render';

function chart(files: Record<string, string | Buffer>, name = 'demo'): ChartFiles {
  const map: ChartFiles = new Map([['Chart.yaml', Buffer.from(`apiVersion: v2\nname: ${name}\nversion: 1.0.0\n`)]]);
  for (const [path, text] of Object.entries(files)) map.set(path, Buffer.isBuffer(text) ? text : Buffer.from(text));
  return map;
}

function renderError(files: ChartFiles): RenderError {
  try {
    renderChart(files, 'demo');
  } catch (error) {
    if (error instanceof RenderError) return error;
    throw error;
  }
  assert.fail('expected a render error');
}

/** A ustar archive in memory. */
function tar(entries: Record<string, string>): Buffer {
  const blocks: Buffer[] = [];
  for (const [name, text] of Object.entries(entries)) {
    const body = Buffer.from(text);
    const header = Buffer.alloc(512);
    header.write(name, 0, 100);
    header.write('0000644\0', 100);
    header.write('0000000\0', 108);
    header.write('0000000\0', 116);
    header.write(body.length.toString(8).padStart(11, '0') + '\0', 124);
    header.write('00000000000\0', 136);
    header.write('        ', 148);
    header.write('0', 156);
    header.write('ustar\0', 257);
    header.write('00', 263);
    let sum = 0;
    for (const byte of header) sum += byte;
    header.write(sum.toString(8).padStart(6, '0') + '\0 ', 148);
    blocks.push(header, body, Buffer.alloc((512 - (body.length % 512)) % 512));
  }
  blocks.push(Buffer.alloc(1024));
  return Buffer.concat(blocks);
}

describe('bad chart input', () => {
  it('reports a template syntax error with its file and line', () => {
    const error = renderError(chart({ 'templates/cm.yaml': 'a: 1\nb: {{ .Values.x \n' }));
    assert.equal(error.file, 'templates/cm.yaml');
    assert.match(error.message, /parse error at \(demo\/templates\/cm\.yaml:2\): unclosed action/);
    assert.equal(error.offset, 8);
  });

  it('reports required and fail at the call', () => {
    const error = renderError(chart({ 'templates/cm.yaml': 'a: {{ required "set .Values.host" .Values.host }}\n' }));
    assert.equal(error.message, 'execution error at (demo/templates/cm.yaml:1:7): set .Values.host');
    assert.equal(error.file, 'templates/cm.yaml');
  });

  it('stops infinite include recursion with a clear message', () => {
    const started = Date.now();
    const error = renderError(chart({ 'templates/_h.tpl': '{{ define "loop" }}{{ include "loop" . }}{{ end }}', 'templates/cm.yaml': '{{ include "loop" . }}' }));
    assert.match(error.message, /nested reference name: loop|maximum template depth/);
    assert.ok(Date.now() - started < 20_000);
  });

  it('stops a tpl loop', () => {
    const error = renderError(chart({ 'values.yaml': 'x: "{{ tpl .Values.x . }}"\n', 'templates/cm.yaml': '{{ tpl .Values.x . }}' }));
    assert.match(error.message, /maximum template depth|nested/);
  });

  it('refuses a huge until instead of allocating it', () => {
    const error = renderError(chart({ 'templates/cm.yaml': '{{ range until 100000000 }}x{{ end }}' }));
    assert.match(error.message, /more than this renderer allows/);
  });

  it('stops runaway output', () => {
    const error = renderError(chart({ 'templates/cm.yaml': '{{ range until 1000000 }}{{ range until 1000000 }}xxxxxxxxxx{{ end }}{{ end }}' }));
    assert.match(error.message, /output exceeds/);
  });

  it('reports values of the wrong type where they are used', () => {
    const error = renderError(chart({ 'values.yaml': 'image: nginx\n', 'templates/cm.yaml': 'image: {{ .Values.image.repository }}\n' }));
    assert.match(error.message, /demo\/templates\/cm\.yaml:1:11: .*can't evaluate field repository in type string/);
  });

  it('renders the rest of a chart whose dependency is missing, reporting it once', () => {
    const files = chart({ 'templates/cm.yaml': 'kind: ConfigMap\n' });
    files.set('Chart.yaml', Buffer.from('apiVersion: v2\nname: demo\nversion: 1.0.0\ndependencies:\n  - name: redis\n    version: 1.x\n'));
    const result = renderChart(files, 'demo');
    assert.equal(result.problems.length, 1);
    assert.match(result.problems[0]!.message, /"redis" is declared in Chart\.yaml but missing from charts\//);
    assert.match(result.output, /kind: ConfigMap/);
  });

  it('reads .tgz subcharts in memory, and rejects corrupt ones and ../ paths', () => {
    const good = gzipSync(tar({ 'sub/Chart.yaml': 'apiVersion: v2\nname: sub\nversion: 0.1.0\n', 'sub/templates/cm.yaml': 'kind: ConfigMap\nname: {{ .Chart.Name }}\n' }));
    const evil = gzipSync(tar({ 'evil/Chart.yaml': 'apiVersion: v2\nname: evil\nversion: 0.1.0\n', 'evil/../../escape.yaml': 'x' }));
    const result: RenderResult = renderChart(chart({ 'charts/sub-0.1.0.tgz': good, 'charts/evil-0.1.0.tgz': evil, 'charts/broken-1.0.0.tgz': Buffer.from('not gzip') }), 'demo');
    assert.match(result.output, /# Source: demo\/charts\/sub\/templates\/cm\.yaml\nkind: ConfigMap\nname: sub/);
    const messages = result.problems.map((problem) => `${problem.file}: ${problem.message}`).sort();
    assert.equal(messages.length, 2);
    assert.match(messages[0]!, /^charts\/broken-1\.0\.0\.tgz: .*not a readable gzip archive/);
    assert.match(messages[1]!, /^charts\/evil-0\.1\.0\.tgz: .*points outside the chart/);
  });

  it('renders a 10 MB values file in reasonable time', () => {
    const lines = ['items:'];
    for (let index = 0, size = 0; size < 10_000_000; index++) {
      const line = `  - name: item-${index}\n    value: "${'x'.repeat(10)}"`;
      lines.push(line);
      size += line.length + 1;
    }
    const started = Date.now();
    const result = renderChart(chart({ 'values.yaml': lines.join('\n'), 'templates/cm.yaml': 'count: {{ len .Values.items }}\n' }), 'demo');
    assert.match(result.output, /count: \d+/);
    assert.ok(Date.now() - started < 60_000, `took ${Date.now() - started} ms`);
  });

  it('reports an invalid values.yaml and an unsupported chart apiVersion', () => {
    assert.match(renderError(chart({ 'values.yaml': 'a: [1,\n' })).message, /cannot load values\.yaml of demo/);
    const files = chart({});
    files.set('Chart.yaml', Buffer.from('apiVersion: v3\nname: demo\n'));
    assert.match(renderError(files).message, /invalid chart apiVersion "v3"/);
  });

  it('reports a document that is not valid YAML after rendering', () => {
    assert.match(renderError(chart({ 'templates/cm.yaml': 'a: b: c\n' })).message, /YAML parse error on demo\/templates\/cm\.yaml/);
  });
});
