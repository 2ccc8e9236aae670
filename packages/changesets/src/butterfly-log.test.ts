import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createButterflyLog, formatButterfly } from './butterfly-log.js';

/** changesets/action v1 and @changesets/release-utils parse stdout with exactly this expression. */
const ACTION_V1_NEW_TAG = /New tag:\s+(@[^/]+\/[^@]+|[^/]+)@([^\s]+)/;

test('lines are formatted like @changesets/logger: two spaces after the butterfly, two after "New tag:"', () => {
  assert.equal(
    formatButterfly(undefined, ['New tag: ', '@scope/pkg-a@1.1.0']),
    '🦋  New tag:  @scope/pkg-a@1.1.0',
  );
  assert.equal(
    formatButterfly('success', ['packages published successfully:']),
    '🦋  success packages published successfully:',
  );
  assert.equal(formatButterfly(undefined, ['a@1.0.0\nb@2.0.0']), '🦋  a@1.0.0\n🦋  b@2.0.0');
  assert.equal(formatButterfly('error', ['x\ny']), '🦋  error x\n🦋  error y');
});

test('a New tag line matches changesets/action v1 for scoped and unscoped names', () => {
  for (const [tag, name, version] of [
    ['@scope/pkg-a@1.1.0', '@scope/pkg-a', '1.1.0'],
    ['pkg-b@2.0.0-next.1', 'pkg-b', '2.0.0-next.1'],
  ] as const) {
    const m = ACTION_V1_NEW_TAG.exec(formatButterfly(undefined, ['New tag: ', tag]));
    assert.deepEqual([m?.[1], m?.[2]], [name, version]);
  }
});

test('info, log and success go to stdout; warn and error to stderr; every line is redacted', () => {
  const out: string[] = [];
  const err: string[] = [];
  const log = createButterflyLog({ stdout: (t) => out.push(t), stderr: (t) => err.push(t) }, (t) =>
    t.replaceAll('s3cret-token', '***'),
  );
  log.info('i');
  log.log('l');
  log.success('s');
  log.warn('w');
  log.error('leaked s3cret-token');
  assert.deepEqual(out, ['🦋  info i\n', '🦋  l\n', '🦋  success s\n']);
  assert.deepEqual(err, ['🦋  warn w\n', '🦋  error leaked ***\n']);
});
