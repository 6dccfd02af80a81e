// The Compose model: detection, effective settings after anchors, extends and overrides (with the file and
// node that set each value), interpolation from .env, and bad input that must end in one clear problem.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { configFromLayers, lintSource } from '../../server/src/analysis';
import { detectFileKind } from '../../server/src/engine/detect';
import { interpolate, parseDotenv } from '../../server/src/engine/languages/compose/interpolation';
import {
  booleanSetting,
  itemsOf,
  parseCompose,
  placeService,
  placeValue,
  settingAt,
  textSetting,
  type ComposeModel,
  type ComposeService,
} from '../../server/src/engine/languages/compose/model';
import { joinPath, resolveComposePath } from '../../server/src/engine/languages/compose/paths';
import { mountOf, portMapping } from '../../server/src/engine/languages/compose/service-settings';
import { LineIndex } from '../../server/src/engine/text';

function service(model: ComposeModel, name: string): ComposeService {
  const found = model.services.find((candidate) => candidate.name === name);
  assert.ok(found, `service ${name} is in the model`);
  return found;
}

function lineOf(text: string, offset: number): number {
  return new LineIndex(text).positionAt(offset).line + 1;
}

describe('Compose detection', () => {
  it('recognises Compose file names and the dockercompose language id, and nothing else by content', () => {
    for (const name of ['compose.yaml', 'compose.yml', 'docker-compose.yml', 'docker-compose.yaml', 'compose.prod.yaml', 'docker-compose.override.yml', 'C:\\app\\compose.yaml']) {
      assert.equal(detectFileKind({ path: `/p/${name}`, text: '' }), 'compose', name);
    }
    assert.equal(detectFileKind({ path: '/p/stack.yaml', text: 'services:\n  web:\n    image: nginx\n', languageId: 'dockercompose' }), 'compose');
    assert.equal(detectFileKind({ path: '/p/stack.yaml', text: 'services:\n  web:\n    image: nginx\n' }), null);
    assert.equal(detectFileKind({ path: '/p/values.yaml', text: 'replicaCount: 1\n' }), null);
  });
});

describe('Compose model', () => {
  it('merges `<<` anchors with own keys winning, and ignores x- fields', () => {
    const text = 'x-defaults: &defaults\n  restart: always\n  read_only: true\n  user: "1000"\nservices:\n  web:\n    <<: *defaults\n    user: root\n    x-note: hello\n    image: nginx:1.27\n';
    const model = parseCompose('/p/compose.yaml', text);
    const web = service(model, 'web');
    assert.equal(textSetting(model, web.settings.get('user')), 'root');
    assert.equal(booleanSetting(model, web.settings.get('read_only')), true);
    const readOnly = web.settings.get('read_only');
    assert.ok(readOnly);
    assert.equal(lineOf(text, placeValue(model, readOnly.at)?.range.start ?? -1), 3, 'the merged value points at the anchor');
    assert.deepEqual(model.services.map((s) => s.name), ['web']);
  });

  it('follows extends in the same file and in another file, the extending service winning', () => {
    const common = 'services:\n  base:\n    privileged: true\n    cap_add: [NET_ADMIN]\n    environment:\n      A: "1"\n      B: "2"\n';
    const text = 'services:\n  local:\n    image: nginx:1.27\n    cap_add: [SYS_TIME]\n  child:\n    extends: local\n  remote:\n    extends:\n      file: ../shared/common.yaml\n      service: base\n    environment:\n      - B=3\n';
    const model = parseCompose('/p/app/compose.yaml', text, { references: { '/p/shared/common.yaml': common } });
    const child = service(model, 'child');
    assert.equal(textSetting(model, child.settings.get('image')), 'nginx:1.27');
    const remote = service(model, 'remote');
    assert.deepEqual(itemsOf(remote.settings.get('cap_add')).map((item) => model.resolve(item).value), ['NET_ADMIN']);
    const environment = remote.settings.get('environment');
    assert.ok(environment?.kind === 'map');
    assert.deepEqual([...environment.entries.keys()], ['A', 'B']);
    const b = environment.entries.get('B');
    assert.ok(b);
    assert.equal(model.resolve(b.at).value, '3', 'the list form of the extending service overrides the map form of the base');
    const privileged = remote.settings.get('privileged');
    assert.ok(privileged);
    const place = placeValue(model, privileged.at);
    assert.ok(place);
    assert.equal(model.text.slice(place.range.start, place.range.end), 'extends', 'a value from another file is reported on the extends key');
    assert.equal(place.related[0]?.path, '/p/shared/common.yaml');
    assert.equal(place.related[0]?.position?.start.line, 2);
    assert.equal(place.editable, false);
  });

  it('reports extends cycles, missing files and missing services once, without hanging', () => {
    const cycle = parseCompose('/p/compose.yaml', 'services:\n  a:\n    extends: b\n  b:\n    extends: a\n');
    assert.equal(cycle.syntaxErrors.length, 1);
    assert.match(cycle.syntaxErrors[0]?.message ?? '', /cycle/);
    const missing = parseCompose('/p/compose.yaml', 'services:\n  a:\n    extends:\n      file: gone.yaml\n      service: x\n', { references: { '/p/gone.yaml': null } });
    assert.match(missing.syntaxErrors[0]?.message ?? '', /gone\.yaml, which does not exist/);
    const unread = parseCompose('/p/compose.yaml', 'services:\n  a:\n    extends:\n      file: later.yaml\n      service: x\n');
    assert.deepEqual(unread.syntaxErrors, [], 'a file the host has not read yet is no error');
    assert.deepEqual([...unread.unreadReferences], ['/p/later.yaml']);
    const noService = parseCompose('/p/compose.yaml', 'services:\n  a:\n    extends: nobody\n');
    assert.match(noService.syntaxErrors[0]?.message ?? '', /"nobody", which this file does not define/);
  });

  it('merges override files the way docker compose config does, each value keeping its file', () => {
    const base = 'services:\n  db:\n    image: postgres:17\n    ports:\n      - "5432:5432"\n    cap_add: [NET_ADMIN]\n    environment:\n      POSTGRES_USER: app\n    command: ["postgres", "-c", "a=1"]\n';
    const override = 'services:\n  db:\n    image: postgres:17.2\n    ports:\n      - "127.0.0.1:5433:5432"\n    cap_add: [SYS_TIME]\n    environment:\n      POSTGRES_DB: app\n    command: ["postgres"]\n  extra:\n    image: redis:7.4\n';
    const files = [{ path: '/p/compose.yaml', text: base }, { path: '/p/compose.override.yaml', text: override }];
    const fromBase = parseCompose('/p/compose.yaml', base, { files });
    const db = service(fromBase, 'db');
    assert.equal(textSetting(fromBase, db.settings.get('image')), 'postgres:17.2');
    assert.deepEqual(itemsOf(db.settings.get('ports')).map((item) => fromBase.resolve(item).value), ['5432:5432', '127.0.0.1:5433:5432']);
    assert.deepEqual(itemsOf(db.settings.get('cap_add')).map((item) => fromBase.resolve(item).value), ['NET_ADMIN', 'SYS_TIME']);
    assert.deepEqual(itemsOf(db.settings.get('command')).map((item) => fromBase.resolve(item).value), ['postgres'], 'command is replaced');
    const environment = db.settings.get('environment');
    assert.ok(environment?.kind === 'map');
    assert.deepEqual([...environment.entries.keys()], ['POSTGRES_USER', 'POSTGRES_DB']);
    const image = db.settings.get('image');
    assert.ok(image);
    assert.equal(image.at.source.path, '/p/compose.override.yaml');
    assert.equal(placeValue(fromBase, image.at), undefined, 'the override reports its own values');
    assert.deepEqual(fromBase.images, [], 'the image the override sets is judged in the override');
    assert.ok(placeService(db), 'absences go on the base file, which defines the service');
    assert.deepEqual(fromBase.services.map((s) => s.name), ['db'], 'a service only the override defines is not the base file\'s');

    const fromOverride = parseCompose('/p/compose.override.yaml', override, { files });
    assert.deepEqual(fromOverride.services.map((s) => s.name), ['db', 'extra']);
    assert.equal(placeService(service(fromOverride, 'db')), undefined);
    assert.equal(fromOverride.images.length, 2);
  });

  it('reads ports, volumes and environment in short and long syntax', () => {
    const text = [
      'services:',
      '  app:',
      '    image: nginx:1.27',
      '    ports:',
      '      - "8080:80"',
      '      - 127.0.0.1:8443:443/tcp',
      '      - "[::1]:9000:9000"',
      '      - 3000',
      '      - target: 80',
      '        published: "8081"',
      '        host_ip: 0.0.0.0',
      '    volumes:',
      '      - /var/run/docker.sock:/var/run/docker.sock:ro',
      '      - data:/data',
      '      - /anonymous',
      '      - C:\\data:/data',
      '      - type: bind',
      '        source: ./src',
      '        target: /src',
      '    environment:',
      '      - PLAIN=1',
      '      - BARE',
      'volumes:',
      '  data: {}',
    ].join('\n');
    const model = parseCompose('/p/compose.yaml', text);
    const app = service(model, 'app');
    const ports = itemsOf(app.settings.get('ports')).map((item) => portMapping(model, item));
    assert.deepEqual(
      ports.map((port) => [port?.hostIp, port?.published, port?.target]),
      [
        [undefined, '8080', '80'],
        ['127.0.0.1', '8443', '443'],
        ['::1', '9000', '9000'],
        [undefined, undefined, '3000'],
        ['0.0.0.0', '8081', '80'],
      ],
    );
    const mounts = itemsOf(app.settings.get('volumes')).map((item) => mountOf(model, item));
    assert.deepEqual(
      mounts.map((mount) => [mount?.type, mount?.source, mount?.target]),
      [
        ['bind', '/var/run/docker.sock', '/var/run/docker.sock'],
        ['volume', 'data', '/data'],
        ['volume', undefined, '/anonymous'],
        ['bind', 'C:\\data', '/data'],
        ['bind', './src', '/src'],
      ],
    );
    const environment = app.settings.get('environment');
    assert.ok(environment?.kind === 'map');
    assert.equal(model.resolve(environment.entries.get('PLAIN')?.at ?? assert.fail()).value, '1');
    assert.equal(model.resolve(environment.entries.get('BARE')?.at ?? assert.fail()).value, undefined, 'a bare name takes its value from the environment: unknown');
  });

  it('reads nested deploy settings, profiles and build details', () => {
    const text = 'services:\n  api:\n    profiles: [debug]\n    build:\n      context: ./api\n      dockerfile: Dockerfile.prod\n      target: runtime\n    deploy:\n      resources:\n        limits:\n          memory: 512M\n';
    const model = parseCompose('/p/compose.yaml', text, { references: { '/p/api/Dockerfile.prod': 'FROM node:22\n' } });
    const api = service(model, 'api');
    assert.equal(textSetting(model, settingAt(api.settings, ['deploy', 'resources', 'limits', 'memory'])), '512M');
    assert.deepEqual(api.profiles, ['debug']);
    assert.equal(api.build?.dockerfilePath, '/p/api/Dockerfile.prod');
    assert.equal(api.build?.dockerfileText, 'FROM node:22\n');
    assert.equal(api.build?.target, 'runtime');
  });
});

describe('Compose interpolation', () => {
  const variables = new Map([
    ['SET', 'value'],
    ['EMPTY', ''],
  ]);
  const cases: Array<[string, string | undefined]> = [
    ['${SET}', 'value'],
    ['$SET-suffix', 'value-suffix'],
    ['${UNSET:-fallback}', 'fallback'],
    ['${EMPTY:-fallback}', 'fallback'],
    ['${EMPTY-fallback}', ''],
    ['${UNSET-fallback}', 'fallback'],
    ['${SET:+alternative}', 'alternative'],
    ['${UNSET:+alternative}', ''],
    ['${UNSET:?must be set}', undefined],
    ['${SET:?must be set}', 'value'],
    ['${UNSET}', undefined],
    ['$$SET', '$SET'],
    ['${UNSET:-${SET}}', 'value'],
    ['${UNSET:-${ALSO_UNSET:-deep}}', 'deep'],
    ['plain', 'plain'],
  ];
  for (const [text, expected] of cases) {
    it(`${text} → ${String(expected)}`, () => assert.equal(interpolate(text, variables).value, expected));
  }

  it('leaves deeply nested defaults unknown instead of recursing without end', () => {
    const depth = 5000;
    const bomb = `${'${A:-'.repeat(depth)}x${'}'.repeat(depth)}`;
    const started = performance.now();
    const result = interpolate(bomb, new Map());
    assert.equal(result.value, undefined);
    assert.ok(performance.now() - started < 500);
  });

  it('reports literal defaults, which secret rules judge', () => {
    assert.deepEqual(interpolate('${DB_PASSWORD:-hunter2}', new Map()).defaults, ['hunter2']);
  });

  it('reads .env files the way Compose does', () => {
    const parsed = parseDotenv('# comment\nA=1\nexport B="two words"\nC=\'$A literal\'\nD=${A}-x # note\nE\n');
    assert.deepEqual(Object.fromEntries(parsed), { A: '1', B: 'two words', C: '$A literal', D: '1-x' });
  });
});

describe('Compose paths', () => {
  it('resolves relative paths against the naming file, on POSIX and Windows', () => {
    assert.equal(resolveComposePath('/p/app/compose.yaml', '../common.yaml'), '/p/common.yaml');
    assert.equal(resolveComposePath('/p/app/compose.yaml', './api'), '/p/app/api');
    assert.equal(resolveComposePath('C:\\work\\app\\compose.yaml', '..\\shared\\base.yaml'), 'C:\\work\\shared\\base.yaml');
    assert.equal(joinPath('C:\\work\\app', 'Dockerfile'), 'C:\\work\\app\\Dockerfile');
    assert.equal(resolveComposePath('/p/compose.yaml', '/abs/file.yaml'), '/abs/file.yaml');
  });
});

describe('Compose bad input', () => {
  // Above the default 4 MB file-size limit, so the 5 MB case is analysed rather than skipped.
  const config = configFromLayers([{ maxFileSize: 8 }]);
  const lintCompose = (text: string) => lintSource({ path: '/p/compose.yaml', text }, config);

  const cases: Array<[string, string, RegExp | undefined]> = [
    ['a v1 file', 'web:\n  image: nginx\n  privileged: true\n', /format v1/],
    ['a version 2 file with services', 'version: "2"\nservices:\n  web:\n    image: nginx:1.27\n', undefined],
    ['services as a list', 'services:\n  - web\n  - db\n', /must be a mapping/],
    ['a service that is a string', 'services:\n  web: nginx\n', /must be a mapping of settings/],
    ['keys of the wrong type', 'services:\n  web:\n    image: [nginx]\n    privileged: [true]\n    ports: 80\n    cap_add: {a: b}\n    environment: 3\n    user: {name: root}\n', undefined],
    ['a YAML syntax error while typing', 'services:\n  web:\n    image: "nginx\n    privileged: true\n', /YAML error/],
    ['an empty file', '', undefined],
    ['a scalar document', 'just text\n', /must be a mapping/],
    ['an alias bomb', `a: &a [x, x]\n${Array.from({ length: 300 }, (_, i) => `k${i}: *a`).join('\n')}\nservices: {}\n`, /alias bomb/],
  ];
  for (const [name, text, problem] of cases) {
    it(`${name}: at most one clear diagnostic`, () => {
      const result = lintCompose(text);
      assert.deepEqual(result.ruleFailures, []);
      const syntax = result.findings.filter((finding) => finding.ruleId === 'syntax-error');
      assert.ok(syntax.length <= 1);
      if (problem) assert.match(syntax[0]?.message ?? '', problem);
      else assert.equal(syntax.length, 0, syntax[0]?.message);
    });
  }

  it('stops expanding nested map aliases that would make billions of entries', () => {
    const levels = ['x-0: &l0 {a: 1, b: 2, c: 3, d: 4, e: 5, f: 6, g: 7, h: 8, i: 9}'];
    for (let i = 1; i < 12; i++) levels.push(`x-${i}: &l${i} {${Array.from({ length: 9 }, (_, k) => `k${k}: *l${i - 1}`).join(', ')}}`);
    const text = `${levels.join('\n')}\nservices:\n  web:\n    image: nginx:1.27\n    labels: *l11\n    privileged: true\n`;
    const started = performance.now();
    const result = lintCompose(text);
    assert.ok(performance.now() - started < 20_000);
    assert.deepEqual(result.ruleFailures, []);
    assert.equal(result.findings.filter((finding) => finding.ruleId === 'syntax-error').length, 1);
  });

  it('lints a 5 MB Compose file in reasonable time', () => {
    const services = Array.from({ length: 20000 }, (_, i) => `  svc${i}:\n    image: nginx:1.27\n    privileged: true\n    ports:\n      - "${1000 + (i % 60000)}:80"\n    environment:\n      A: "${'x'.repeat(150)}"\n`).join('');
    const text = `services:\n${services}`;
    assert.ok(text.length > 5_000_000);
    const started = performance.now();
    const result = lintCompose(text);
    const elapsed = performance.now() - started;
    assert.deepEqual(result.ruleFailures, []);
    assert.ok(result.findings.filter((finding) => finding.ruleId === 'privileged').length === 20000);
    assert.ok(elapsed < 60_000, `took ${Math.round(elapsed)} ms`);
  });
});

describe('Compose merge tags', () => {
  it('!reset removes what the base set and !override replaces instead of merging', () => {
    const text = 'services:\n  api:\n    image: node:22\n    ports: ["3000:3000"]\n    cap_add: [NET_ADMIN]\n  worker:\n    extends: api\n    ports: !reset []\n    cap_add: !override [CHOWN]\n';
    const model = parseCompose('/p/compose.yaml', text);
    const worker = service(model, 'worker');
    assert.equal(worker.settings.get('ports'), undefined);
    assert.deepEqual(itemsOf(worker.settings.get('cap_add')).map((item) => model.resolve(item).value), ['CHOWN']);
  });
});
