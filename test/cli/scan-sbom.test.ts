// `shipshape scan --format cyclonedx|spdx` as a user runs it: the built CLI against a registry and an OSV
// API served on 127.0.0.1, each SBOM checked against its format's schema and for what it must say.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { after, before, describe, it } from 'node:test';
import { startOsvServer, type OsvTestServer } from '../helpers/osv-server';
import { startRegistryServer, type TestRegistry } from '../helpers/registry-server';
import { cycloneDxProblems, spdxProblems } from '../helpers/sbom-validation';
import { SHOP_IMAGE_REPOSITORY, SHOP_IMAGE_TAG, SHOP_OSV_RECORDS, shopImage } from '../helpers/scan-fixtures';
import { buildImage, type TestImage } from '../helpers/test-image';
import { runCliAsync } from './helpers';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const ALPINE_OS_RELEASE = 'NAME="Alpine Linux"\nID=alpine\nVERSION_ID=3.20.3\nPRETTY_NAME="Alpine Linux v3.20"\n';
// Licences as apk records them: an SPDX id, an SPDX expression, and free text that is neither.
const APK_INSTALLED = [
  'P:musl\nV:1.2.5-r0\nA:x86_64\nL:MIT\no:musl\n',
  'P:busybox\nV:1.36.1-r29\nA:x86_64\nL:GPL-2.0-only\no:busybox\n',
  'P:libcrypto3\nV:3.3.2-r0\nA:x86_64\nL:Apache-2.0 AND MIT\no:openssl\n',
  'P:zlib\nV:1.3.1-r1\nA:x86_64\nL:Zlib license, see README\no:zlib\n',
].join('\n');

describe('cli: shipshape scan --format cyclonedx / spdx', () => {
  let shop: TestImage;
  let alpine: TestImage;
  let osv: OsvTestServer;
  let registry: TestRegistry;
  let work: string;
  let env: Record<string, string>;

  before(async () => {
    shop = shopImage();
    alpine = buildImage({
      layers: [
        [{ path: 'etc/os-release', content: ALPINE_OS_RELEASE }],
        [{ path: 'lib/apk/db/installed', content: APK_INSTALLED }],
      ],
    });
    osv = await startOsvServer({ records: SHOP_OSV_RECORDS });
    registry = await startRegistryServer({
      repositories: {
        [SHOP_IMAGE_REPOSITORY]: { blobs: shop.blobs, tags: { [SHOP_IMAGE_TAG]: shop.manifest } },
        'base/alpine': { blobs: alpine.blobs, tags: { '3.20': alpine.manifest } },
      },
    });
    work = mkdtempSync(path.join(tmpdir(), 'shipshape-sbom-cli-'));
    env = { HOME: work, XDG_CACHE_HOME: path.join(work, 'cache'), DOCKER_CONFIG: path.join(work, 'docker') };
  });
  after(async () => {
    await osv.close();
    await registry.close();
    rmSync(work, { recursive: true, force: true });
  });

  const scan = (image: string, format: string, extra: string[] = []) =>
    runCliAsync(['scan', image, '--format', format, '--osv-url', osv.url, '--fail-on', 'never', '--platform', 'linux/amd64', ...extra], { cwd: work, env });

  it('writes a CycloneDX 1.6 BOM that validates, with the image as root, every package, its layer, and the vulnerabilities', async () => {
    const run = await scan(`${registry.host}/${SHOP_IMAGE_REPOSITORY}:${SHOP_IMAGE_TAG}`, 'cyclonedx');
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(await cycloneDxProblems(run.stdout), []);
    const bom = JSON.parse(run.stdout) as Json;
    assert.equal(bom.specVersion, '1.6');
    assert.match(bom.serialNumber, /^urn:uuid:[0-9a-f-]{36}$/);
    const root = bom.metadata.component;
    assert.equal(root.type, 'container');
    assert.equal(root.name, 'api');
    assert.equal(root.version, shop.manifest.digest);
    assert.equal(root.hashes[0].content, shop.manifest.digest.slice('sha256:'.length));
    assert.equal(root.purl, `pkg:oci/api@${encodeURIComponent(shop.manifest.digest)}?arch=amd64&repository_url=${registry.host}/shop/api&tag=1.4.2`);

    const components = bom.components as Json[];
    assert.deepEqual(
      components.map((component) => component.purl),
      [
        'pkg:deb/debian/base-files@12.4%2Bdeb12u5?arch=amd64&distro=debian-12',
        'pkg:deb/debian/libssl3@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
        'pkg:deb/debian/openssl@3.0.11-1~deb12u2?arch=amd64&distro=debian-12',
        'pkg:npm/express@4.19.2',
        'pkg:npm/lodash@4.17.20',
      ],
    );
    const property = (component: Json, name: string) => (component.properties as Json[]).find((entry) => entry.name === name)?.value;
    const libssl = components.find((component) => component.name === 'libssl3')!;
    assert.equal(property(libssl, 'shipshape:layer:digest'), shop.layers[0]!.digest, 'dpkg packages came with the base layer');
    assert.equal(property(libssl, 'shipshape:package:source-name'), 'openssl');
    assert.deepEqual(libssl.evidence.occurrences, [{ location: '/var/lib/dpkg/status' }]);
    assert.equal(libssl.licenses, undefined, 'dpkg records no licence, so none is claimed');
    const lodash = components.find((component) => component.name === 'lodash')!;
    assert.equal(property(lodash, 'shipshape:layer:digest'), shop.layers[1]!.digest);
    assert.deepEqual(lodash.licenses, [{ license: { id: 'MIT', acknowledgement: 'declared' } }]);
    assert.deepEqual(components.find((component) => component.name === 'express')!.licenses, [{ license: { id: 'MIT', acknowledgement: 'declared' } }], 'the old {type} form');
    assert.deepEqual(bom.dependencies[0], { ref: 'image', dependsOn: components.map((component) => component['bom-ref']) });

    const vulnerabilities = bom.vulnerabilities as Json[];
    assert.deepEqual(
      vulnerabilities.map((vulnerability) => [vulnerability.id, (vulnerability.affects as Json[]).map((affect) => affect.ref)]),
      [
        ['DSA-5585-1', [libssl['bom-ref'], components.find((component) => component.name === 'openssl')!['bom-ref']]],
        ['GHSA-35jh-r3h4-6jhm', [lodash['bom-ref']]],
      ],
    );
    const ghsa = vulnerabilities[1]!;
    assert.deepEqual(ghsa.references, [{ id: 'CVE-2021-23337', source: { name: 'NVD' } }]);
    assert.equal(ghsa.ratings[0].severity, 'high');
    assert.equal(ghsa.ratings[0].score, 7.2);
    assert.equal(ghsa.recommendation, 'Upgrade to lodash 4.17.21.');
  });

  it('writes an SPDX 2.3 document that validates: the image DESCRIBED, CONTAINS each package with purl and layer', async () => {
    const run = await scan(`${registry.host}/${SHOP_IMAGE_REPOSITORY}:${SHOP_IMAGE_TAG}`, 'spdx');
    assert.equal(run.status, 0, run.stderr);
    assert.deepEqual(spdxProblems(run.stdout), []);
    const document = JSON.parse(run.stdout) as Json;
    const [image, ...packages] = document.packages as Json[];
    assert.equal(image!.primaryPackagePurpose, 'CONTAINER');
    assert.deepEqual(image!.checksums, [{ algorithm: 'SHA256', checksumValue: shop.manifest.digest.slice('sha256:'.length) }]);
    assert.deepEqual(document.relationships[0], { spdxElementId: 'SPDXRef-DOCUMENT', relationshipType: 'DESCRIBES', relatedSpdxElement: image!.SPDXID });
    assert.equal(packages.length, 5);
    assert.equal(document.relationships.length, 6);
    const lodash = packages.find((pkg) => pkg.name === 'lodash')!;
    assert.equal(lodash.versionInfo, '4.17.20');
    assert.equal(lodash.licenseDeclared, 'MIT');
    assert.deepEqual(lodash.externalRefs, [{ referenceCategory: 'PACKAGE-MANAGER', referenceType: 'purl', referenceLocator: 'pkg:npm/lodash@4.17.20' }]);
    assert.equal(lodash.annotations[0].comment, `LayerDigest: ${shop.layers[1]!.digest}`);
    assert.equal(packages.find((pkg) => pkg.name === 'openssl')!.licenseDeclared, 'NOASSERTION');
  });

  it('carries apk licences: SPDX ids and expressions as they are, free text as a LicenseRef (SPDX) or a name (CycloneDX)', async () => {
    const image = `${registry.host}/base/alpine:3.20`;
    const spdx = await scan(image, 'spdx', ['--offline']);
    assert.equal(spdx.status, 0, spdx.stderr);
    assert.deepEqual(spdxProblems(spdx.stdout), []);
    const document = JSON.parse(spdx.stdout) as Json;
    const declared = Object.fromEntries((document.packages as Json[]).slice(1).map((pkg) => [pkg.name, pkg.licenseDeclared]));
    assert.deepEqual(declared, { busybox: 'GPL-2.0-only', libcrypto3: 'Apache-2.0 AND MIT', musl: 'MIT', zlib: 'LicenseRef-1' });
    assert.deepEqual(document.hasExtractedLicensingInfos, [{ licenseId: 'LicenseRef-1', name: 'Zlib license, see README', extractedText: 'Zlib license, see README' }]);
    assert.match((document.packages as Json[]).find((pkg) => pkg.name === 'musl')!.externalRefs[0].referenceLocator, /^pkg:apk\/alpine\/musl@1\.2\.5-r0\?arch=x86_64&distro=alpine-3\.20\.3$/);

    const cyclonedx = await scan(image, 'cyclonedx', ['--offline']);
    assert.equal(cyclonedx.status, 0, cyclonedx.stderr);
    assert.deepEqual(await cycloneDxProblems(cyclonedx.stdout), []);
    const licenses = Object.fromEntries((JSON.parse(cyclonedx.stdout).components as Json[]).map((component) => [component.name, component.licenses[0]]));
    assert.deepEqual(licenses.libcrypto3, { expression: 'Apache-2.0 AND MIT', acknowledgement: 'declared' });
    assert.deepEqual(licenses.zlib, { license: { name: 'Zlib license, see README', acknowledgement: 'declared' } });
    assert.deepEqual(JSON.parse(cyclonedx.stdout).vulnerabilities, [], 'an offline scan found none');
  });

  it('rejects an unknown format with the list of formats', async () => {
    const run = await runCliAsync(['scan', 'nginx:1.25', '--format', 'cyclonedx-xml'], { cwd: work, env });
    assert.equal(run.status, 2);
    assert.match(run.stderr, /cyclonedx/);
    assert.match(run.stderr, /spdx/);
  });
});
