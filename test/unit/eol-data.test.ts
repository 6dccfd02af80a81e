// The bundled end-of-life table and how image references are read against it. Every check here passes an
// explicit "today", so the results do not change as the calendar moves on.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import {
  compareVersions,
  EOL_DATA_COMPILED,
  eolProduct,
  eolProducts,
  findCycle,
  isPastEol,
  newestCycle,
  oldestSupportedAfter,
} from '../../server/src/engine/eol-data';
import { endOfLifeComponents, imageLifecycle } from '../../server/src/engine/image-lifecycle';
import { parseImageReference, type ImageReference } from '../../server/src/engine/image-reference';

const TODAY = EOL_DATA_COMPILED;

function ref(text: string): ImageReference {
  const parsed = parseImageReference(text);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.reference;
}

/** `line → upgraded reference` for every ended line, or the label alone when there is no fix. */
function ended(image: string, today = TODAY): string[] {
  return endOfLifeComponents(ref(image), today).map((entry) => {
    const replacement = entry.replacement;
    const upgraded = replacement ? image.slice(0, replacement.range.start) + replacement.text + image.slice(replacement.range.end) : undefined;
    return `${entry.label} ${entry.onOrBefore ? '<=' : ''}${entry.date}${upgraded ? ` -> ${upgraded}` : ''}`;
  });
}

function lines(image: string): string[] {
  return imageLifecycle(ref(image)).map((component) => `${component.product.id} ${component.match?.cycle.cycle ?? '-'}`);
}

describe('the end-of-life table', () => {
  it('is dated', () => {
    assert.match(EOL_DATA_COMPILED, /^\d{4}-\d{2}-\d{2}$/);
  });

  it('lists every product the rule promises', () => {
    const ids = eolProducts().map((product) => product.id);
    for (const id of ['alpine', 'debian', 'ubuntu', 'centos', 'rhel', 'node', 'python', 'go', 'eclipse-temurin', 'openjdk', 'amazoncorretto', 'ruby', 'php', 'nginx', 'postgres', 'redis', 'mysql'] as const) {
      assert.ok(ids.includes(id), id);
    }
  });

  it('has valid dates, sorted lines without duplicates, and an ended oldest line', () => {
    for (const product of eolProducts()) {
      const cycles = product.cycles.map((cycle) => cycle.cycle);
      assert.equal(new Set(cycles).size, cycles.length, `${product.id} repeats a line`);
      for (let i = 1; i < cycles.length; i++) assert.ok(compareVersions(cycles[i - 1] ?? '', cycles[i] ?? '') < 0, `${product.id} is not sorted at ${cycles[i]}`);
      for (const cycle of product.cycles) {
        if (cycle.eol !== undefined) assert.ok(!Number.isNaN(Date.parse(`${cycle.eol}T00:00:00Z`)) && /^\d{4}-\d{2}-\d{2}$/.test(cycle.eol), `${product.id} ${cycle.cycle}: ${cycle.eol}`);
      }
      // A version below the table is judged by the oldest line's date ("ended on or before").
      const oldest = product.cycles[0];
      if (oldest) assert.ok(oldest.eol !== undefined, `${product.id}: the oldest line ${oldest.cycle} has no end date`);
      else assert.ok(product.discontinued, `${product.id} has no lines and is not discontinued`);
    }
  });

  it('has the dates the rule documents', () => {
    const eol = (id: Parameters<typeof eolProduct>[0], version: string): string | undefined => findCycle(eolProduct(id), version)?.cycle.eol;
    assert.equal(eol('node', '18'), '2025-04-30');
    assert.equal(eol('python', '3.8'), '2024-10-07');
    assert.equal(eol('python', '3.9'), '2025-10-31');
    assert.equal(eol('debian', 'bullseye'), '2026-08-31');
    assert.equal(eol('alpine', '3.18'), '2025-05-09');
    assert.equal(eol('ubuntu', '20.04'), '2025-05-31');
    assert.equal(eol('centos', '7'), '2024-06-30');
    assert.equal(eol('go', '1.24'), '2026-02-10');
    assert.equal(eol('go', '1.26'), undefined);
  });
});

describe('compareVersions', () => {
  it('orders dotted versions numerically', () => {
    assert.ok(compareVersions('1.9', '1.10') < 0);
    assert.ok(compareVersions('9.6', '10') < 0);
    assert.ok(compareVersions('22.04', '22.10') < 0);
    assert.ok(compareVersions('0.12', '4') < 0);
    assert.equal(compareVersions('3.12', '3.12.0'), 0);
  });
});

describe('findCycle', () => {
  const node = eolProduct('node');
  const python = eolProduct('python');
  const postgres = eolProduct('postgres');

  it('finds the line a full version belongs to', () => {
    assert.deepEqual(findCycle(node, '18.19.1'), { cycle: { cycle: '18', eol: '2025-04-30', codename: 'hydrogen' }, kind: 'exact' });
    assert.equal(findCycle(python, '3.11.9')?.cycle.cycle, '3.11');
    assert.equal(findCycle(python, '3.1')?.cycle.cycle, '3.1');
    assert.equal(findCycle(postgres, '9.6.24')?.cycle.cycle, '9.6');
    assert.equal(findCycle(postgres, '16.4')?.cycle.cycle, '16');
    assert.equal(findCycle(eolProduct('ubuntu'), '22.04')?.cycle.codename, 'jammy');
  });

  it('finds lines by codename', () => {
    assert.equal(findCycle(eolProduct('debian'), 'bookworm')?.cycle.cycle, '12');
    assert.equal(findCycle(eolProduct('ubuntu'), 'Focal')?.cycle.cycle, '20.04');
    assert.equal(findCycle(node, 'gallium')?.cycle.cycle, '16');
    assert.equal(findCycle(eolProduct('amazonlinux'), '2018.03')?.cycle.cycle, '1');
  });

  it('reads a shorter version as a floating tag for the newest matching line', () => {
    assert.deepEqual(findCycle(python, '2'), { cycle: { cycle: '2.7', eol: '2020-01-01' }, kind: 'floating' });
    assert.equal(findCycle(python, '3')?.kind, 'floating');
    assert.equal(findCycle(eolProduct('php'), '5')?.cycle.cycle, '5.6');
    assert.equal(findCycle(eolProduct('go'), '1')?.cycle.cycle, newestCycle(eolProduct('go'))?.cycle);
  });

  it('reports versions older than the table against its oldest line', () => {
    assert.deepEqual(findCycle(eolProduct('redis'), '3.2.9'), { cycle: { cycle: '5.0', eol: '2022-04-27' }, kind: 'older' });
    assert.equal(findCycle(node, '0.8')?.kind, 'older');
    // Temurin starts at 8, which is supported, so an older version is not reported as ended.
    assert.deepEqual(ended('eclipse-temurin:7'), []);
  });

  it('does not guess about unknown or newer versions', () => {
    assert.equal(findCycle(node, '99'), undefined);
    assert.equal(findCycle(node, 'lts'), undefined);
    assert.equal(findCycle(eolProduct('alpine'), 'edge'), undefined);
    assert.equal(findCycle(eolProduct('nginx'), '1.7'), undefined);
  });
});

describe('isPastEol and oldestSupportedAfter', () => {
  const node = eolProduct('node');
  const cycle = (version: string) => {
    const found = findCycle(node, version)?.cycle;
    if (!found) throw new Error(version);
    return found;
  };

  it('counts the end-of-life day itself as supported', () => {
    assert.equal(isPastEol(cycle('18'), '2025-04-30'), false);
    assert.equal(isPastEol(cycle('18'), '2025-05-01'), true);
    assert.equal(isPastEol({ cycle: '1.26' }, '2099-01-01'), false);
  });

  it('picks the smallest upgrade that is still supported on the given day', () => {
    assert.equal(oldestSupportedAfter(node, cycle('16'), '2026-11-24')?.cycle, '22');
    assert.equal(oldestSupportedAfter(node, cycle('16'), '2023-10-01')?.cycle, '18');
    assert.equal(oldestSupportedAfter(node, cycle('25'), '2026-11-24')?.cycle, '26');
    const mysql = eolProduct('mysql');
    assert.equal(oldestSupportedAfter(mysql, findCycle(mysql, '8.0')!.cycle, TODAY)?.cycle, '8.4');
    assert.equal(oldestSupportedAfter(mysql, findCycle(mysql, '9.1')!.cycle, TODAY)?.cycle, '9.7');
    const centos = eolProduct('centos');
    assert.equal(oldestSupportedAfter(centos, findCycle(centos, '7')!.cycle, TODAY), undefined);
  });
});

describe('imageLifecycle', () => {
  it('reads the runtime from the tag and the distribution from its suffix', () => {
    assert.deepEqual(lines('node:18-alpine3.19'), ['node 18', 'alpine 3.19']);
    assert.deepEqual(lines('python:3.11-slim-bookworm'), ['python 3.11', 'debian 12']);
    assert.deepEqual(lines('golang:1.22.5-bookworm'), ['go 1.22', 'debian 12']);
    assert.deepEqual(lines('eclipse-temurin:21.0.4_7-jre-jammy'), ['eclipse-temurin 21', 'ubuntu 22.04']);
    assert.deepEqual(lines('eclipse-temurin:8u422-b05-jdk-focal'), ['eclipse-temurin 8', 'ubuntu 20.04']);
    assert.deepEqual(lines('amazoncorretto:17-al2-jdk'), ['amazoncorretto 17', 'amazonlinux 2']);
    assert.deepEqual(lines('php:8.3-fpm-alpine3.20'), ['php 8.3', 'alpine 3.20']);
  });

  it('reads distributions from tags of any image', () => {
    assert.deepEqual(lines('nvidia/cuda:12.2.0-runtime-ubuntu22.04'), ['ubuntu 22.04']);
    assert.deepEqual(lines('nvidia/cuda:11.0.3-base-centos7'), ['centos 7']);
    assert.deepEqual(lines('bitnami/redis:7.2.5-debian-12-r0'), ['debian 12']);
    assert.deepEqual(lines('golang:alpine3.12'), ['alpine 3.12']);
    assert.deepEqual(lines('node:lts-bullseye-slim'), ['debian 11']);
    assert.deepEqual(lines('buildpack-deps:focal-scm'), ['ubuntu 20.04']);
  });

  it('reads lines from repositories', () => {
    assert.deepEqual(lines('gcr.io/distroless/nodejs18-debian11:nonroot'), ['debian 11', 'node 18']);
    assert.deepEqual(lines('registry.access.redhat.com/ubi8/ubi-minimal:8.10'), ['rhel 8']);
    assert.deepEqual(lines('redhat/ubi9-minimal'), ['rhel 9']);
    assert.deepEqual(lines('mcr.microsoft.com/dotnet/aspnet:8.0-alpine'), ['dotnet 8.0']);
    assert.deepEqual(lines('quay.io/centos/centos:stream9'), ['centos-stream 9']);
    assert.deepEqual(lines('public.ecr.aws/docker/library/node:20'), ['node 20']);
    assert.deepEqual(lines('mirror.gcr.io/library/python:3.12'), ['python 3.12']);
  });

  it('knows images whose versions are codenames or prefixed', () => {
    assert.deepEqual(lines('debian:bullseye-20240211-slim'), ['debian 11']);
    assert.deepEqual(lines('ubuntu:jammy-20240111'), ['ubuntu 22.04']);
    assert.deepEqual(lines('centos:centos7.9.2009'), ['centos 7']);
    assert.deepEqual(lines('node:hydrogen-alpine'), ['node 18']);
    assert.deepEqual(lines('amazonlinux:2.0.20240131.0'), ['amazonlinux 2']);
  });

  it('leaves images it does not know alone', () => {
    assert.deepEqual(lines('myorg/node:16'), []);
    assert.deepEqual(lines('ghcr.io/example/app:1.0.0'), []);
    assert.deepEqual(lines('node:lts'), []);
    assert.deepEqual(lines('maven:3.9-eclipse-temurin-21'), []);
    assert.deepEqual(lines(`node@sha256:${'e'.repeat(64)}`), []);
  });
});

describe('endOfLifeComponents', () => {
  it('replaces the version with the oldest supported line and keeps the rest of the tag', () => {
    assert.deepEqual(ended('node:16-alpine'), ['Node.js 16 (gallium) 2023-09-11 -> node:22-alpine']);
    assert.deepEqual(ended('node:16.20.2-bookworm-slim'), ['Node.js 16 (gallium) 2023-09-11 -> node:22-bookworm-slim']);
    assert.deepEqual(ended('node:v16'), ['Node.js 16 (gallium) 2023-09-11 -> node:v22']);
    assert.deepEqual(ended('python:3.8-slim'), ['Python 3.8 2024-10-07 -> python:3.11-slim']);
    assert.deepEqual(ended('python:3.10.15-slim-bookworm'), ['Python 3.10 2026-10-31 -> python:3.11-slim-bookworm']);
    assert.deepEqual(ended('golang:1.22.5-bookworm'), ['Go 1.22 2025-02-11 -> golang:1.26-bookworm']);
    assert.deepEqual(ended('postgres:12-alpine'), ['PostgreSQL 12 2024-11-21 -> postgres:15-alpine']);
    assert.deepEqual(ended('mysql:5.7'), ['MySQL 5.7 2023-10-31 -> mysql:8.4']);
    assert.deepEqual(ended('ruby:3.1-slim'), ['Ruby 3.1 2025-03-31 -> ruby:3.3-slim']);
    assert.deepEqual(ended('php:8.1-fpm'), ['PHP 8.1 2025-12-31 -> php:8.2-fpm']);
    assert.deepEqual(ended('nginx:1.26.3-alpine-slim'), ['nginx 1.26 2025-04-23 -> nginx:1.30-alpine-slim']);
    assert.deepEqual(ended('redis:7.0-alpine'), ['Redis 7.0 2024-07-29 -> redis:7.2-alpine']);
    assert.deepEqual(ended('alpine:3.18.4'), ['Alpine Linux 3.18 2025-05-09 -> alpine:3.22']);
    assert.deepEqual(ended('eclipse-temurin:24-jre-noble'), ['Eclipse Temurin 24 2025-09-16 -> eclipse-temurin:25-jre-noble']);
  });

  it('names distribution lines the way the tag does', () => {
    assert.deepEqual(ended('debian:bullseye-slim'), ['Debian 11 (bullseye) 2026-08-31 -> debian:bookworm-slim']);
    assert.deepEqual(ended('debian:10.13'), ['Debian 10 (buster) 2024-06-30 -> debian:12']);
    assert.deepEqual(ended('ubuntu:focal'), ['Ubuntu 20.04 (focal) 2025-05-31 -> ubuntu:jammy']);
    assert.deepEqual(ended('ubuntu:23.10'), ['Ubuntu 23.10 (mantic) 2024-07-12 -> ubuntu:24.04']);
    assert.deepEqual(ended('node:gallium'), ['Node.js 16 (gallium) 2023-09-11 -> node:jod']);
    assert.deepEqual(ended('amazonlinux:2'), ['Amazon Linux 2 2026-06-30 -> amazonlinux:2023']);
    assert.deepEqual(ended('quay.io/centos/centos:stream8'), ['CentOS Stream 8 2024-05-31 -> quay.io/centos/centos:stream9']);
  });

  it('reports an ended distribution under a supported runtime', () => {
    assert.deepEqual(ended('node:22-bullseye'), ['Debian 11 (bullseye) 2026-08-31 -> node:22-bookworm']);
    assert.deepEqual(ended('python:3.12-alpine3.17'), ['Alpine Linux 3.17 2024-11-22 -> python:3.12-alpine']);
    assert.deepEqual(ended('amazoncorretto:17-al2-jdk'), ['Amazon Linux 2 2026-06-30 -> amazoncorretto:17-al2023-jdk']);
    assert.deepEqual(ended('nvidia/cuda:12.2.0-runtime-ubuntu20.04'), ['Ubuntu 20.04 (focal) 2025-05-31 -> nvidia/cuda:12.2.0-runtime-ubuntu22.04']);
    assert.deepEqual(ended('gcr.io/distroless/base-debian11'), ['Debian 11 (bullseye) 2026-08-31 -> gcr.io/distroless/base-debian12']);
    assert.deepEqual(ended('registry.access.redhat.com/ubi7'), ['Red Hat Enterprise Linux (UBI) 7 2024-06-30 -> registry.access.redhat.com/ubi8']);
  });

  it('reports both when runtime and distribution have ended', () => {
    assert.deepEqual(ended('golang:1.16.5-alpine3.12'), ['Go 1.16 2022-03-15 -> golang:1.26-alpine3.12', 'Alpine Linux 3.12 2022-05-01 -> golang:1.16.5-alpine']);
    assert.deepEqual(ended('php:7.4-apache-buster'), ['PHP 7.4 2022-11-28 -> php:8.2-apache-buster', 'Debian 10 (buster) 2024-06-30 -> php:7.4-apache-bookworm']);
  });

  it('handles floating, older-than-table and unversioned tags', () => {
    assert.deepEqual(ended('python:2'), ['Python 2.7 2020-01-01 -> python:3.11']);
    assert.deepEqual(ended('php:5-apache'), ['PHP 5.6 2018-12-31 -> php:8.2-apache']);
    assert.deepEqual(ended('redis:3.2.9'), ['Redis 3.2.9 <=2022-04-27 -> redis:6.2']);
    assert.deepEqual(ended('centos'), ['CentOS Linux 8 2021-12-31']);
    assert.deepEqual(ended('centos:7'), ['CentOS Linux 7 2024-06-30']);
    assert.deepEqual(ended('python:3'), []);
    // The newest 3.x line in the table ends in 2028, but a floating tag will have moved on by then.
    assert.deepEqual(ended('alpine:3', '2030-01-01'), []);
    assert.deepEqual(ended('node'), []);
  });

  it('offers no replacement where the new line would not exist under the same tag', () => {
    assert.deepEqual(ended('eclipse-temurin:11.0.24_8-jdk-focal'), ['Ubuntu 20.04 (focal) 2025-05-31 -> eclipse-temurin:11.0.24_8-jdk-jammy']);
    assert.deepEqual(ended('eclipse-temurin:26.0.2_10-jre'), ['Eclipse Temurin 26 2026-09-15']);
    assert.deepEqual(ended('mcr.microsoft.com/dotnet/aspnet:6.0'), ['.NET 6.0 2024-11-12 -> mcr.microsoft.com/dotnet/aspnet:10.0']);
    assert.deepEqual(ended('mcr.microsoft.com/dotnet/sdk:8.0-bookworm-slim'), ['.NET 8.0 2026-11-10']);
    assert.deepEqual(ended('mcr.microsoft.com/dotnet/core/aspnet:3.1'), ['.NET 3.1 2022-12-13']);
    assert.deepEqual(ended('registry.access.redhat.com/ubi7/ubi-minimal:7.9'), ['Red Hat Enterprise Linux (UBI) 7 2024-06-30']);
  });

  it('treats discontinued images as ended whatever the tag, except openjdk early-access builds', () => {
    assert.deepEqual(ended('openjdk:17-jdk-slim'), ['the openjdk image 2022-07-31']);
    assert.deepEqual(ended('openjdk:8'), ['the openjdk image 2022-07-31']);
    assert.deepEqual(ended('openjdk:27-ea-jdk'), []);
    assert.deepEqual(ended('adoptopenjdk/openjdk11:jre-11.0.11_9-alpine'), ['the adoptopenjdk image 2021-08-01']);
    assert.deepEqual(ended('adoptopenjdk:11-jre-hotspot'), ['the adoptopenjdk image 2021-08-01']);
  });

  it('follows the given day', () => {
    assert.deepEqual(ended('node:22', '2027-04-30'), []);
    assert.deepEqual(ended('node:22', '2027-05-01'), ['Node.js 22 (jod) 2027-04-30 -> node:24']);
    assert.deepEqual(ended('node:16', '2023-10-01'), ['Node.js 16 (gallium) 2023-09-11 -> node:18']);
    assert.deepEqual(ended('python:3.13-slim-trixie'), []);
    assert.deepEqual(ended('ubuntu:26.04'), []);
  });
});
