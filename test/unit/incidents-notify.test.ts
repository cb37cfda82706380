// The notification limit: one at once, then quiet for 30 s (counted), then one naming how many
// incidents were kept quiet.
import * as assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NoticeLimiter } from '../../src/core/incidents/notify';

describe('incident notifications', () => {
  it('the first notifies at once; more within 30 s are counted, and the next one after says how many', () => {
    const l = new NoticeLimiter(30_000);
    assert.deepEqual(l.take(1_000), { skipped: 0 });
    assert.equal(l.take(2_000), undefined);
    assert.equal(l.take(30_999), undefined);
    assert.deepEqual(l.take(31_000), { skipped: 2 });
    assert.deepEqual(l.take(70_000), { skipped: 0 });
  });
});
