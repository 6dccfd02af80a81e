// Image checks that read the image configuration: the user, exposed SSH, the health check.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { imageHealthcheckMissing } from '../../server/src/scan/checks/image-healthcheck-missing';
import { imageSshExposed } from '../../server/src/scan/checks/image-ssh-exposed';
import { imageUserRoot, passwdUid } from '../../server/src/scan/checks/image-user-root';
import { checkInput, imageFile, resolvedImage } from '../helpers/image-check-input';

const PASSWD = 'root:x:0:0:root:/root:/bin/bash\ndaemon:x:1:1:daemon:/usr/sbin:/usr/sbin/nologin\ntoor:x:0:0::/root:/bin/sh\napp:x:10001:10001::/home/app:/bin/sh\n';

function userFindings(user: string | undefined, files = [imageFile('etc/passwd', PASSWD, { layerIndex: 2 })]) {
  return imageUserRoot.run(checkInput({ image: resolvedImage(user === undefined ? {} : { User: user }), files }));
}

describe('image-user-root', () => {
  it('reports an image that sets no user', () => {
    const findings = userFindings(undefined);
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.id, 'image-user-root');
    assert.equal(findings[0]?.severity, 'high');
    assert.match(findings[0]?.message ?? '', /^Image "acme\/app:1\.0" runs as root: its configuration sets no user/);
  });

  for (const user of ['', 'root', '0', '0:0', 'root:root', 'root:1000', '0:app']) {
    it(`reports user "${user}"`, () => {
      const findings = userFindings(user);
      assert.equal(findings.length, 1);
      assert.equal(findings[0]?.severity, 'high');
      if (user !== '') assert.ok(findings[0]?.message.includes(`sets user "${user}"`), findings[0]?.message);
    });
  }

  for (const user of ['app', '10001', '10001:10001', 'daemon', 'app:0', 'nobody']) {
    it(`accepts user "${user}"`, () => {
      assert.deepEqual(userFindings(user), []);
    });
  }

  it('reports a named user that /etc/passwd gives uid 0', () => {
    const findings = userFindings('toor');
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.path, 'etc/passwd');
    assert.equal(findings[0]?.layerIndex, 2);
    assert.match(findings[0]?.message ?? '', /user "toor" has uid 0 in \/etc\/passwd \(layer 2\), so it is root under another name/);
  });

  it('says nothing about a named user when /etc/passwd was not read', () => {
    assert.deepEqual(userFindings('toor', []), []);
    assert.deepEqual(userFindings('toor', [imageFile('etc/passwd', null)]), []);
  });

  it('reads uids from passwd lines exactly', () => {
    assert.equal(passwdUid(PASSWD, 'toor'), 0);
    assert.equal(passwdUid(PASSWD, 'app'), 10001);
    assert.equal(passwdUid(PASSWD, 'ap'), undefined);
    assert.equal(passwdUid('broken line\n::\nx:x:notanumber:0::/:/bin/sh', 'x'), undefined);
  });

  it('leaves Windows images alone', () => {
    const image = resolvedImage({}, { os: 'windows' });
    assert.deepEqual(imageUserRoot.run(checkInput({ image })), []);
  });
});

describe('image-ssh-exposed', () => {
  it('reports port 22/tcp', () => {
    const findings = imageSshExposed.run(checkInput({ image: resolvedImage({ ExposedPorts: { '80/tcp': {}, '22/tcp': {} } }) }));
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.severity, 'medium');
    assert.match(findings[0]?.message ?? '', /image "acme\/app:1\.0" exposes port 22\/tcp/);
  });

  it('ignores other ports and images without ExposedPorts', () => {
    assert.deepEqual(imageSshExposed.run(checkInput({ image: resolvedImage({ ExposedPorts: { '2222/tcp': {}, '22/udp': {}, '8022/tcp': {} } }) })), []);
    assert.deepEqual(imageSshExposed.run(checkInput({ image: resolvedImage({}) })), []);
  });
});

describe('image-healthcheck-missing', () => {
  it('reports an image without a health check', () => {
    const findings = imageHealthcheckMissing.run(checkInput({ image: resolvedImage({ User: 'app' }) }));
    assert.equal(findings.length, 1);
    assert.equal(findings[0]?.severity, 'low');
    assert.match(findings[0]?.message ?? '', /image "acme\/app:1\.0" has no health check/);
  });

  it('reports HEALTHCHECK NONE', () => {
    const findings = imageHealthcheckMissing.run(checkInput({ image: resolvedImage({ Healthcheck: { Test: ['NONE'] } }) }));
    assert.equal(findings.length, 1);
    assert.match(findings[0]?.message ?? '', /disables the health check it inherited/);
  });

  it('accepts a health check', () => {
    const image = resolvedImage({ Healthcheck: { Test: ['CMD-SHELL', 'curl -f http://localhost/ || exit 1'] } });
    assert.deepEqual(imageHealthcheckMissing.run(checkInput({ image })), []);
  });
});
