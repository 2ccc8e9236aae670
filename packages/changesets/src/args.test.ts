import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTrustpubError } from '@trustpub/core';
import { parsePublishArgs } from './args.js';

test('publish with every flag', () => {
  assert.deepEqual(
    parsePublishArgs([
      'publish',
      '--otp',
      '123456',
      '--tag',
      'beta',
      '--no-git-tag',
      '--output',
      'o.ndjson',
    ]),
    {
      command: 'publish',
      args: { otp: '123456', tag: 'beta', gitTag: false, output: 'o.ndjson' },
    },
  );
  assert.deepEqual(parsePublishArgs(['publish', '--from-pack-dir', 'dist-pack', '--git-tag']), {
    command: 'publish',
    args: { gitTag: true, fromPackDir: 'dist-pack' },
  });
});

test('--adapter oidc is accepted (changeset publish --adapter oidc); any other adapter is refused', () => {
  assert.deepEqual(parsePublishArgs(['publish', '--adapter', 'oidc']), {
    command: 'publish',
    args: { gitTag: true },
  });
  assert.deepEqual(parsePublishArgs(['publish', '--adapter=oidc']), {
    command: 'publish',
    args: { gitTag: true },
  });
  assert.throws(
    () => parsePublishArgs(['publish', '--adapter', 'npm']),
    (e) => isTrustpubError(e) && e.code === 'CONFIG_INVALID_OPTION' && /oidc/.test(e.message),
  );
});

test('unknown flags, unknown commands and --tag with --from-pack-dir are usage errors with a hint', () => {
  for (const argv of [
    ['publish', '--provenance'],
    ['version'],
    [],
    ['publish', '--tag', 'x', '--from-pack-dir', 'd'],
    ['publish', 'extra'],
  ]) {
    assert.throws(
      () => parsePublishArgs(argv),
      (e) =>
        isTrustpubError(e) &&
        e.code === 'CONFIG_INVALID_OPTION' &&
        e.hint.includes('changeset-oidc'),
    );
  }
  assert.deepEqual(parsePublishArgs(['--help']), { command: 'help' });
});
