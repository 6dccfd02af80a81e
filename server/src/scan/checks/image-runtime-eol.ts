// Language runtimes (and the servers whose official images name their version the same way) past end of life,
// found in the variables the official images set (NODE_VERSION, PYTHON_VERSION, …) and in packages that
// install an upstream build.
import type { EolProductId } from '../../engine/eol-data';
import type { ReportFinding } from '../../protocol';
import type { InstalledPackage } from '../types';
import { pastEndOfLife } from './end-of-life';
import type { ImageCheck } from './image-check';
import { envEntries } from './image-config';

interface RuntimeVersion {
  product: EolProductId;
  version: string;
  /** How the message names where it came from: "NODE_VERSION=16.20.2", "package nodejs 16.20.2-1nodesource1". */
  source: string;
  layerIndex?: number;
}

/** `v16.20.2` → `16.20.2`, `12.17-1.pgdg120+1` → `12.17`, `1.22rc1` → `1.22`; undefined without a number. */
function leadingVersion(text: string): string | undefined {
  return /^v?(\d+(?:\.\d+)*)/.exec(text.trim())?.[1];
}

/** Java versions as images and packages write them: `jdk-17.0.9+9`, `11.0.16` → the feature release; the old
 * scheme up to Java 8: `jdk8u392-b08`, `1.8.0_292`, `1.8.0` → 8. */
function javaFeatureRelease(text: string): string | undefined {
  const version = text.trim().replace(/^jdk-?/i, '');
  const oldScheme = /^1\.(\d+)(?:[._]|$)/.exec(version) ?? /^(\d+)u\d+/.exec(version);
  if (oldScheme) return oldScheme[1];
  return /^(\d+)/.exec(version)?.[1];
}

/** Variables the official images set, tried in order for each product (a major before a full version). */
const ENV_RUNTIMES: Array<{ product: EolProductId | 'java'; variables: string[] }> = [
  { product: 'node', variables: ['NODE_VERSION'] },
  { product: 'python', variables: ['PYTHON_VERSION'] },
  { product: 'go', variables: ['GOLANG_VERSION'] },
  { product: 'java', variables: ['JAVA_VERSION'] },
  { product: 'ruby', variables: ['RUBY_VERSION'] },
  { product: 'php', variables: ['PHP_VERSION'] },
  { product: 'dotnet', variables: ['DOTNET_VERSION', 'ASPNET_VERSION'] },
  { product: 'postgres', variables: ['PG_MAJOR', 'PG_VERSION'] },
  { product: 'nginx', variables: ['NGINX_VERSION'] },
  { product: 'redis', variables: ['REDIS_VERSION'] },
  { product: 'mysql', variables: ['MYSQL_MAJOR', 'MYSQL_VERSION'] },
];

function fromEnv(env: Map<string, string>): RuntimeVersion[] {
  const found: RuntimeVersion[] = [];
  // Java's support dates depend on the vendor; Corretto's images say so in JAVA_HOME, others are read as Temurin.
  const javaProduct: EolProductId = [...env.values()].some((value) => /corretto/i.test(value)) ? 'amazoncorretto' : 'eclipse-temurin';
  for (const { product, variables } of ENV_RUNTIMES) {
    for (const variable of variables) {
      const value = env.get(variable);
      const version = value === undefined ? undefined : product === 'java' ? javaFeatureRelease(value) : leadingVersion(value);
      if (value === undefined || version === undefined) continue;
      found.push({ product: product === 'java' ? javaProduct : product, version, source: `${variable}=${value}` });
      break;
    }
  }
  return found;
}

/**
 * Packages that install a runtime built by its own project or a vendor repository (NodeSource, the PostgreSQL
 * apt and yum repositories, deb.sury.org, Adoptium, Corretto), which end with the upstream line. Runtimes
 * built by the distribution itself (Debian's `nodejs 18.19.0+dfsg-6~deb12u1`, RHEL's `python3.6`) are patched
 * by the distribution for the life of its release, which image-os-eol judges, so upstream's date does not apply.
 */
const PACKAGE_RUNTIMES: Array<{ product: EolProductId; name: RegExp; version: RegExp; line: (pkg: InstalledPackage, name: RegExpExecArray) => string | undefined }> = [
  { product: 'node', name: /^nodejs$/, version: /nodesource/, line: (pkg) => leadingVersion(pkg.version.replace(/^\d+:/, '')) },
  { product: 'postgres', name: /^postgresql-(\d+(?:\.\d+)?)$/, version: /pgdg/, line: (_pkg, name) => name[1] },
  { product: 'php', name: /^php(\d+\.\d+)-(cli|fpm|common)$/, version: /\+0~\d{8}|deb\.sury\.org|sury/, line: (_pkg, name) => name[1] },
  { product: 'eclipse-temurin', name: /^temurin-(\d+)-(jdk|jre)$/, version: /./, line: (_pkg, name) => name[1] },
  { product: 'amazoncorretto', name: /^java-(\d+(?:\.\d+)*)-amazon-corretto(-(jdk|devel|headless))?$/, version: /./, line: (_pkg, name) => javaFeatureRelease(name[1] ?? '') },
];

function fromPackages(packages: readonly InstalledPackage[]): RuntimeVersion[] {
  const found: RuntimeVersion[] = [];
  for (const pkg of packages) {
    if (pkg.ecosystem !== 'deb' && pkg.ecosystem !== 'apk' && pkg.ecosystem !== 'rpm') continue;
    for (const runtime of PACKAGE_RUNTIMES) {
      const name = runtime.name.exec(pkg.name);
      if (!name || !runtime.version.test(pkg.version)) continue;
      const version = runtime.line(pkg, name);
      if (version !== undefined) found.push({ product: runtime.product, version, source: `package ${pkg.name} ${pkg.version}, layer ${pkg.layerIndex}`, layerIndex: pkg.layerIndex });
    }
  }
  return found;
}

export const imageRuntimeEol: ImageCheck = {
  id: 'image-runtime-eol',
  run(input) {
    const env = new Map(envEntries(input.image.config).map(({ name, value }) => [name, value]));
    const findings: ReportFinding[] = [];
    const reported = new Set<EolProductId>();
    for (const runtime of [...fromEnv(env), ...fromPackages(input.inventory.packages)]) {
      if (reported.has(runtime.product)) continue;
      const ended = pastEndOfLife(runtime.product, runtime.version, input.today);
      if (!ended) continue;
      reported.add(runtime.product);
      findings.push({
        id: 'image-runtime-eol',
        title: 'Runtime past end of life',
        severity: 'high',
        ...(runtime.layerIndex !== undefined ? { layerIndex: runtime.layerIndex } : {}),
        message: `Image "${input.image.name}" has ${ended.label} (${runtime.source}), which ${ended.ended}, so it gets no more security fixes. ${ended.advice}`,
      });
    }
    return findings;
  },
};
