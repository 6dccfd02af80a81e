import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { describeCounts, statusText, statusTooltip } from '../../client/src/util/status';

describe('status bar text', () => {
  it('shows a spinner until the server has counted', () => {
    assert.equal(statusText(undefined), '$(shield) $(sync~spin)');
    assert.equal(statusTooltip(undefined, 'Dockerfile'), 'Shipshape is checking Dockerfile.');
  });

  it('shows a check mark when nothing was found', () => {
    assert.equal(statusText({ errors: 0, warnings: 0, infos: 0 }), '$(shield) $(check)');
    assert.equal(statusTooltip({ errors: 0, warnings: 0, infos: 0 }, 'pod.yaml'), 'Shipshape found no problems in pod.yaml.');
  });

  it('shows only the severities that occur, worst first', () => {
    assert.equal(statusText({ errors: 2, warnings: 3, infos: 1 }), '$(shield) $(error) 2 $(warning) 3 $(info) 1');
    assert.equal(statusText({ errors: 0, warnings: 1, infos: 0 }), '$(shield) $(warning) 1');
    assert.equal(statusText({ errors: 4, warnings: 0, infos: 2 }), '$(shield) $(error) 4 $(info) 2');
  });

  it('says the counts in words, with the file name, and what a click does', () => {
    assert.equal(
      statusTooltip({ errors: 2, warnings: 3, infos: 1 }, 'Dockerfile'),
      'Shipshape found 2 errors, 3 warnings and 1 info in Dockerfile. Click to open the Problems panel.',
    );
    assert.equal(statusTooltip({ errors: 1, warnings: 0, infos: 0 }, 'api.Dockerfile'), 'Shipshape found 1 error in api.Dockerfile. Click to open the Problems panel.');
    assert.equal(statusTooltip({ errors: 0, warnings: 2, infos: 3 }, 'x.yaml'), 'Shipshape found 2 warnings and 3 infos in x.yaml. Click to open the Problems panel.');
  });

  it('puts counts in words for the Lint Workspace summary', () => {
    assert.equal(describeCounts({ errors: 0, warnings: 0, infos: 0 }), 'no problems');
    assert.equal(describeCounts({ errors: 1, warnings: 0, infos: 4 }), '1 error and 4 infos');
    assert.equal(describeCounts({ errors: 0, warnings: 1, infos: 0 }), '1 warning');
  });
});
