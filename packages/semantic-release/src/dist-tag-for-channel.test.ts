import assert from 'node:assert/strict';
import { test } from 'node:test';
import { distTagForChannel } from './dist-tag-for-channel.js';

test('the default channel is latest, ranges get a release- prefix, names stay', () => {
  assert.equal(distTagForChannel(null), 'latest');
  assert.equal(distTagForChannel(undefined), 'latest');
  assert.equal(distTagForChannel(''), 'latest');
  assert.equal(distTagForChannel('next'), 'next');
  assert.equal(distTagForChannel('beta'), 'beta');
  assert.equal(distTagForChannel('1.x'), 'release-1.x');
  assert.equal(distTagForChannel('1.32.x'), 'release-1.32.x');
});
