// End-of-life table for the operating systems and runtimes inside container images, bundled so that
// `image-eol` works offline. Compiled on 2026-11-24 from the endoflife.date product pages
// (https://endoflife.date/<product>: alpine, debian, ubuntu, centos, centos-stream, rhel, amazon-linux,
// nodejs, python, go, eclipse-temurin, amazon-corretto, ruby, php, nginx, postgresql, redis, mysql,
// dotnet), which cite each project's own release policy; the Docker Hub deprecation notices of the
// `openjdk` and `adoptopenjdk` images. A cycle without `eol` had no announced end on that date; dates
// after it are the announced schedule. Refresh the table (and EOL_DATA_COMPILED) when lines are released.
//
// Which date counts:
// - Debian: the end of Debian LTS. LTS is an official Debian project that publishes to the same
//   `<codename>-security` archive that `debian:<codename>` and every image built on it pull from, so an
//   image of a release in LTS still gets security updates (bullseye: security team until 2024-08-14,
//   LTS until 2026-08-31 — the later date counts). Paid ELTS does not count.
// - Ubuntu: the end of standard support. Expanded Security Maintenance needs an Ubuntu Pro subscription
//   that public images do not have.
// - Red Hat UBI: the end of RHEL maintenance support (UBI images follow RHEL).
// - Go: a release is supported until the second newer minor release ships.
// - nginx: a stable or mainline branch ends when the branch two minors later is released.
// - Java feature releases that are not LTS end with the next feature release.
import semver from 'semver';

/** The day this table was compiled (ISO date). */
export const EOL_DATA_COMPILED = '2026-11-24';

export type EolProductId =
  | 'alpine'
  | 'debian'
  | 'ubuntu'
  | 'centos'
  | 'centos-stream'
  | 'rhel'
  | 'amazonlinux'
  | 'node'
  | 'python'
  | 'go'
  | 'eclipse-temurin'
  | 'amazoncorretto'
  | 'openjdk'
  | 'adoptopenjdk'
  | 'ruby'
  | 'php'
  | 'nginx'
  | 'postgres'
  | 'redis'
  | 'mysql'
  | 'dotnet';

export interface EolCycle {
  /** The version line as the project numbers it: `3.12`, `22`, `9.6`, `22.04`. */
  cycle: string;
  /** The name tags also use for the line: Debian and Ubuntu codenames, Node.js LTS codenames. */
  codename?: string;
  /** Last day of support (ISO date); absent while no end has been announced. */
  eol?: string;
}

export interface EolProduct {
  id: EolProductId;
  /** For messages: `Node.js`, `Debian`. */
  title: string;
  /** Ascending by version. */
  cycles: readonly EolCycle[];
  /** What the date means, when that is worth saying in a message. */
  eolMeaning?: string;
  /** The image line as a whole gets no updates any more, whatever the tag. */
  discontinued?: { since: string; reason: string; instead: string };
  /** Where to go when no newer line of the product itself is supported. */
  successor?: string;
}

const c = (cycle: string, eol?: string, codename?: string): EolCycle => ({
  cycle,
  ...(eol !== undefined ? { eol } : {}),
  ...(codename !== undefined ? { codename } : {}),
});

const PRODUCTS: EolProduct[] = [
  {
    id: 'alpine',
    title: 'Alpine Linux',
    cycles: [
      c('3.5', '2018-11-01'), c('3.6', '2019-05-01'), c('3.7', '2019-11-01'), c('3.8', '2020-05-01'),
      c('3.9', '2021-01-01'), c('3.10', '2021-05-01'), c('3.11', '2021-11-01'), c('3.12', '2022-05-01'),
      c('3.13', '2022-11-01'), c('3.14', '2023-05-01'), c('3.15', '2023-11-01'), c('3.16', '2024-05-23'),
      c('3.17', '2024-11-22'), c('3.18', '2025-05-09'), c('3.19', '2025-11-01'), c('3.20', '2026-04-01'),
      c('3.21', '2026-11-01'), c('3.22', '2027-05-01'), c('3.23', '2027-11-01'), c('3.24', '2028-05-01'),
    ],
  },
  {
    id: 'debian',
    title: 'Debian',
    eolMeaning: 'the end of Debian LTS',
    cycles: [
      c('6', '2016-02-29', 'squeeze'), c('7', '2018-05-31', 'wheezy'), c('8', '2020-06-30', 'jessie'),
      c('9', '2022-06-30', 'stretch'), c('10', '2024-06-30', 'buster'), c('11', '2026-08-31', 'bullseye'),
      c('12', '2028-06-30', 'bookworm'), c('13', '2030-06-30', 'trixie'), c('14', undefined, 'forky'),
    ],
  },
  {
    id: 'ubuntu',
    title: 'Ubuntu',
    eolMeaning: 'the end of standard support',
    cycles: [
      c('12.04', '2017-04-28', 'precise'), c('14.04', '2019-04-02', 'trusty'), c('14.10', '2015-07-23', 'utopic'),
      c('15.04', '2016-02-04', 'vivid'), c('15.10', '2016-07-28', 'wily'), c('16.04', '2021-04-02', 'xenial'),
      c('16.10', '2017-07-20', 'yakkety'), c('17.04', '2018-01-13', 'zesty'), c('17.10', '2018-07-19', 'artful'),
      c('18.04', '2023-05-31', 'bionic'), c('18.10', '2019-07-18', 'cosmic'), c('19.04', '2020-01-23', 'disco'),
      c('19.10', '2020-07-06', 'eoan'), c('20.04', '2025-05-31', 'focal'), c('20.10', '2021-07-22', 'groovy'),
      c('21.04', '2022-01-20', 'hirsute'), c('21.10', '2022-07-14', 'impish'), c('22.04', '2027-04-01', 'jammy'),
      c('22.10', '2023-07-20', 'kinetic'), c('23.04', '2024-01-20', 'lunar'), c('23.10', '2024-07-12', 'mantic'),
      c('24.04', '2029-05-31', 'noble'), c('24.10', '2025-07-10', 'oracular'), c('25.04', '2026-01-17', 'plucky'),
      c('25.10', '2026-07-01', 'questing'), c('26.04', '2031-04-30', 'resolute'),
    ],
  },
  {
    id: 'centos',
    title: 'CentOS Linux',
    successor: 'rockylinux or almalinux',
    cycles: [c('5', '2017-03-31'), c('6', '2020-11-30'), c('7', '2024-06-30'), c('8', '2021-12-31')],
  },
  {
    id: 'centos-stream',
    title: 'CentOS Stream',
    cycles: [c('8', '2024-05-31'), c('9', '2027-05-31'), c('10')],
  },
  {
    id: 'rhel',
    title: 'Red Hat Enterprise Linux (UBI)',
    eolMeaning: 'the end of RHEL maintenance support',
    cycles: [c('7', '2024-06-30'), c('8', '2029-05-31'), c('9', '2032-05-31'), c('10', '2035-05-31')],
  },
  {
    id: 'amazonlinux',
    title: 'Amazon Linux',
    cycles: [c('1', '2023-12-31', '2018.03'), c('2', '2026-06-30'), c('2023', '2029-06-30')],
  },
  {
    id: 'node',
    title: 'Node.js',
    cycles: [
      c('0.10', '2016-10-31'), c('0.12', '2016-12-31'), c('4', '2018-04-30', 'argon'), c('5', '2016-06-30'),
      c('6', '2019-04-30', 'boron'), c('7', '2017-06-30'), c('8', '2019-12-31', 'carbon'), c('9', '2018-06-30'),
      c('10', '2021-04-30', 'dubnium'), c('11', '2019-06-01'), c('12', '2022-04-30', 'erbium'), c('13', '2020-06-01'),
      c('14', '2023-04-30', 'fermium'), c('15', '2021-06-01'), c('16', '2023-09-11', 'gallium'), c('17', '2022-06-01'),
      c('18', '2025-04-30', 'hydrogen'), c('19', '2023-06-01'), c('20', '2026-04-30', 'iron'), c('21', '2024-06-01'),
      c('22', '2027-04-30', 'jod'), c('23', '2025-06-01'), c('24', '2028-04-30', 'krypton'), c('25', '2026-06-01'),
      c('26', '2029-04-30'),
    ],
  },
  {
    id: 'python',
    title: 'Python',
    cycles: [
      c('2.6', '2013-10-29'), c('2.7', '2020-01-01'), c('3.0', '2009-06-27'), c('3.1', '2012-04-09'),
      c('3.2', '2016-02-20'), c('3.3', '2017-09-29'), c('3.4', '2019-03-18'), c('3.5', '2020-09-30'),
      c('3.6', '2021-12-23'), c('3.7', '2023-06-27'), c('3.8', '2024-10-07'), c('3.9', '2025-10-31'),
      c('3.10', '2026-10-31'), c('3.11', '2027-10-31'), c('3.12', '2028-10-31'), c('3.13', '2029-10-31'),
      c('3.14', '2030-10-31'), c('3.15', '2031-10-31'),
    ],
  },
  {
    id: 'go',
    title: 'Go',
    cycles: [
      c('1.10', '2019-02-25'), c('1.11', '2019-09-03'), c('1.12', '2020-02-25'), c('1.13', '2020-08-11'),
      c('1.14', '2021-02-16'), c('1.15', '2021-08-16'), c('1.16', '2022-03-15'), c('1.17', '2022-08-02'),
      c('1.18', '2023-02-01'), c('1.19', '2023-08-08'), c('1.20', '2024-02-06'), c('1.21', '2024-08-13'),
      c('1.22', '2025-02-11'), c('1.23', '2025-08-12'), c('1.24', '2026-02-10'), c('1.25', '2026-08-19'),
      c('1.26'), c('1.27'),
    ],
  },
  {
    id: 'eclipse-temurin',
    title: 'Eclipse Temurin',
    cycles: [
      c('8', '2030-12-31'), c('11', '2027-10-31'), c('16', '2021-09-30'), c('17', '2027-10-31'),
      c('18', '2022-09-30'), c('19', '2023-03-31'), c('20', '2023-09-19'), c('21', '2029-12-31'),
      c('22', '2024-09-17'), c('23', '2025-03-18'), c('24', '2025-09-16'), c('25', '2031-09-30'),
      c('26', '2026-09-15'), c('27', '2027-03-16'),
    ],
  },
  {
    id: 'amazoncorretto',
    title: 'Amazon Corretto',
    cycles: [
      c('8', '2030-12-31'), c('11', '2032-01-31'), c('15', '2021-03-16'), c('16', '2021-10-19'),
      c('17', '2029-10-31'), c('18', '2022-10-18'), c('19', '2023-04-18'), c('20', '2023-10-17'),
      c('21', '2030-10-31'), c('22', '2024-10-15'), c('23', '2025-04-15'), c('24', '2025-10-21'),
      c('25', '2032-10-31'), c('26', '2026-10-20'), c('27'),
    ],
  },
  {
    id: 'openjdk',
    title: 'OpenJDK (Docker Hub openjdk image)',
    cycles: [],
    discontinued: {
      since: '2022-07-31',
      reason: 'the Docker Hub openjdk image is deprecated and only its early-access tags are still updated',
      instead: 'eclipse-temurin or amazoncorretto',
    },
  },
  {
    id: 'adoptopenjdk',
    title: 'AdoptOpenJDK',
    cycles: [],
    discontinued: {
      since: '2021-08-01',
      reason: 'AdoptOpenJDK moved to Eclipse Adoptium and its images are no longer built',
      instead: 'eclipse-temurin',
    },
  },
  {
    id: 'ruby',
    title: 'Ruby',
    cycles: [
      c('1.9', '2015-02-23'), c('2.0', '2016-02-24'), c('2.1', '2017-03-31'), c('2.2', '2018-03-31'),
      c('2.3', '2019-03-31'), c('2.4', '2020-03-31'), c('2.5', '2021-03-31'), c('2.6', '2022-03-31'),
      c('2.7', '2023-03-31'), c('3.0', '2024-04-23'), c('3.1', '2025-03-31'), c('3.2', '2026-03-31'),
      c('3.3', '2027-03-31'), c('3.4', '2028-03-31'), c('4.0', '2029-03-31'),
    ],
  },
  {
    id: 'php',
    title: 'PHP',
    cycles: [
      c('5.3', '2014-08-14'), c('5.4', '2015-09-14'), c('5.5', '2016-07-21'), c('5.6', '2018-12-31'),
      c('7.0', '2019-01-10'), c('7.1', '2019-12-01'), c('7.2', '2020-11-30'), c('7.3', '2021-12-06'),
      c('7.4', '2022-11-28'), c('8.0', '2023-11-26'), c('8.1', '2025-12-31'), c('8.2', '2026-12-31'),
      c('8.3', '2027-12-31'), c('8.4', '2028-12-31'), c('8.5', '2029-12-31'),
    ],
  },
  {
    id: 'nginx',
    title: 'nginx',
    cycles: [
      c('1.0', '2012-04-23'), c('1.2', '2013-04-24'), c('1.4', '2014-04-24'), c('1.6', '2015-04-21'),
      c('1.8', '2016-04-26'), c('1.9', '2016-04-26'), c('1.10', '2017-04-12'), c('1.11', '2017-04-12'),
      c('1.12', '2018-04-17'), c('1.13', '2018-04-17'), c('1.14', '2019-04-23'), c('1.15', '2019-04-23'),
      c('1.16', '2020-04-20'), c('1.17', '2020-04-21'), c('1.18', '2021-04-20'), c('1.19', '2021-05-25'),
      c('1.20', '2022-05-24'), c('1.21', '2022-06-21'), c('1.22', '2023-04-11'), c('1.23', '2023-05-23'),
      c('1.24', '2024-04-23'), c('1.25', '2024-05-29'), c('1.26', '2025-04-23'), c('1.27', '2025-06-24'),
      c('1.28', '2026-04-14'), c('1.29', '2026-05-13'), c('1.30'), c('1.31'),
    ],
  },
  {
    id: 'postgres',
    title: 'PostgreSQL',
    cycles: [
      c('8.0', '2010-10-01'), c('8.1', '2010-11-08'), c('8.2', '2011-12-05'), c('8.3', '2013-02-07'),
      c('8.4', '2014-07-24'), c('9.0', '2015-10-08'), c('9.1', '2016-10-27'), c('9.2', '2017-11-09'),
      c('9.3', '2018-11-08'), c('9.4', '2020-02-13'), c('9.5', '2021-02-11'), c('9.6', '2021-11-11'),
      c('10', '2022-11-10'), c('11', '2023-11-09'), c('12', '2024-11-21'), c('13', '2025-11-13'),
      c('14', '2026-11-12'), c('15', '2027-11-11'), c('16', '2028-11-09'), c('17', '2029-11-08'),
      c('18', '2030-11-14'),
    ],
  },
  {
    id: 'redis',
    title: 'Redis',
    // Redis keeps 6.2, 7.2 and 7.4 on its supported list (github.com/redis/redis/security) while 7.0
    // and 8.0 have ended, so lines are listed one by one.
    cycles: [
      c('5.0', '2022-04-27'), c('6.0', '2022-05-31'), c('6.2'), c('7.0', '2024-07-29'), c('7.2'), c('7.4'),
      c('8.0', '2026-02-11'), c('8.2'), c('8.4'), c('8.6'),
    ],
  },
  {
    id: 'mysql',
    title: 'MySQL',
    cycles: [
      c('5.5', '2018-12-31'), c('5.6', '2021-02-28'), c('5.7', '2023-10-31'), c('8.0', '2026-04-30'),
      c('8.1', '2023-10-25'), c('8.2', '2023-12-14'), c('8.3', '2024-04-10'), c('8.4', '2032-04-30'),
      c('9.0', '2024-10-15'), c('9.1', '2025-01-21'), c('9.2', '2025-04-15'), c('9.3', '2025-07-22'),
      c('9.4', '2025-10-21'), c('9.5', '2026-01-20'), c('9.6', '2026-04-21'), c('9.7'),
    ],
  },
  {
    id: 'dotnet',
    title: '.NET',
    cycles: [
      c('2.1', '2021-08-21'), c('2.2', '2019-12-23'), c('3.0', '2020-03-03'), c('3.1', '2022-12-13'),
      c('5.0', '2022-05-10'), c('6.0', '2024-11-12'), c('7.0', '2024-05-14'), c('8.0', '2026-11-10'),
      c('9.0', '2026-11-10'), c('10.0', '2028-11-14'), c('11.0'),
    ],
  },
];

function coerce(version: string): semver.SemVer {
  const coerced = semver.coerce(version, { loose: true });
  if (!coerced) throw new Error(`"${version}" is not a version`);
  return coerced;
}

/** Orders version lines: `1.9` before `1.10`, `9.6` before `10`. */
export function compareVersions(a: string, b: string): number {
  return semver.compare(coerce(a), coerce(b));
}

const BY_ID = new Map<EolProductId, EolProduct>(
  PRODUCTS.map((product) => [product.id, { ...product, cycles: [...product.cycles].sort((a, b) => compareVersions(a.cycle, b.cycle)) }]),
);

export function eolProduct(id: EolProductId): EolProduct {
  const product = BY_ID.get(id);
  if (!product) throw new Error(`no end-of-life data for "${id}"`);
  return product;
}

export function eolProducts(): EolProduct[] {
  return [...BY_ID.values()];
}

export interface CycleMatch {
  cycle: EolCycle;
  /** How the version relates to the line: it names it (`3.12.4`, `bookworm`), is a floating prefix that
   * points at its newest line (`3`), or is older than every line in the table (which then stands for
   * "ended on or before this line's date"). */
  kind: 'exact' | 'floating' | 'older';
}

const NUMERIC = /^\d+(?:\.\d+)*$/;

function components(version: string): number[] {
  return version.split('.').map(Number);
}

function isPrefix(prefix: number[], of: number[]): boolean {
  return prefix.length <= of.length && prefix.every((part, index) => part === of[index]);
}

/** The line a version (`3.11.4`, `18`, `bookworm`, `2018.03`) belongs to, if the table knows it. */
export function findCycle(product: EolProduct, version: string): CycleMatch | undefined {
  const lower = version.toLowerCase();
  const named = product.cycles.find((cycle) => cycle.codename === lower);
  if (named) return { cycle: named, kind: 'exact' };
  if (!NUMERIC.test(version) || product.cycles.length === 0) return undefined;
  const parts = components(version);
  let exact: EolCycle | undefined;
  for (const cycle of product.cycles) {
    const cycleParts = components(cycle.cycle);
    if (isPrefix(cycleParts, parts) && (!exact || cycleParts.length > components(exact.cycle).length)) exact = cycle;
  }
  if (exact) return { cycle: exact, kind: 'exact' };
  const floating = product.cycles.filter((cycle) => isPrefix(parts, components(cycle.cycle)));
  const newest = floating[floating.length - 1];
  if (newest) return { cycle: newest, kind: 'floating' };
  const oldest = product.cycles[0];
  if (oldest?.eol !== undefined && compareVersions(version, oldest.cycle) < 0) return { cycle: oldest, kind: 'older' };
  return undefined;
}

/** The newest line of a product, which floating tags (`latest`, no tag) point at. */
export function newestCycle(product: EolProduct): EolCycle | undefined {
  return product.cycles[product.cycles.length - 1];
}

/** Past its last day of support on `today` (an ISO date). */
export function isPastEol(cycle: EolCycle, today: string): boolean {
  return cycle.eol !== undefined && today > cycle.eol;
}

/** The oldest line newer than `cycle` that is still supported on `today`: the smallest upgrade. */
export function oldestSupportedAfter(product: EolProduct, cycle: EolCycle, today: string): EolCycle | undefined {
  return product.cycles.find((candidate) => compareVersions(candidate.cycle, cycle.cycle) > 0 && !isPastEol(candidate, today));
}
