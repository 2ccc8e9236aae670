import assert from 'node:assert/strict';
import { test } from 'node:test';
import { isTrustpubError } from '@trustpub/core';
import { createGitTags, gitTagName } from './git-tags.js';
import { commitAll, git, tempRepo, testContext } from './test-support.test.helper.js';

test('tag names: name@version, or v<version> in a single-package repository', () => {
  assert.equal(gitTagName({ name: '@s/a', version: '1.0.0' }, false), '@s/a@1.0.0');
  assert.equal(gitTagName({ name: 'solo', version: '2.0.0' }, true), 'v2.0.0');
});

test('creates annotated tags once; a second run finds them and creates none', async () => {
  const dir = tempRepo({ 'package.json': { name: 'root', private: true } });
  commitAll(dir);
  const ctx = testContext(dir);
  const seen: string[] = [];
  const releases = [
    { name: '@s/a', version: '1.0.0' },
    { name: 'b', version: '2.0.0' },
  ];
  const first = await createGitTags(dir, releases, false, ctx, (t) => seen.push(t.tag));
  assert.deepEqual(
    first.created.map((t) => t.tag),
    ['@s/a@1.0.0', 'b@2.0.0'],
  );
  assert.deepEqual(seen, ['@s/a@1.0.0', 'b@2.0.0']);
  // Annotated, with the tag name as its message, exactly as `git tag X -m X`.
  assert.equal(git(dir, 'cat-file', '-t', 'b@2.0.0'), 'tag');
  assert.equal(git(dir, 'tag', '-l', '--format=%(contents:subject)', 'b@2.0.0'), 'b@2.0.0');
  const second = await createGitTags(dir, releases, false, ctx, (t) => seen.push(t.tag));
  assert.deepEqual(second.created, []);
  assert.deepEqual(
    second.existing.map((t) => t.tag),
    ['@s/a@1.0.0', 'b@2.0.0'],
  );
  assert.equal(git(dir, 'tag', '-l').split('\n').length, 2);
});

test('a tag that exists only on origin is not created again', async () => {
  const origin = tempRepo({ 'x.txt': 'x' });
  commitAll(origin);
  git(origin, 'tag', 'a@1.0.0', '-m', 'a@1.0.0');
  const dir = tempRepo({ 'y.txt': 'y' });
  commitAll(dir);
  git(dir, 'remote', 'add', 'origin', origin);
  const out = await createGitTags(
    dir,
    [
      { name: 'a', version: '1.0.0' },
      { name: 'c', version: '1.0.0' },
    ],
    false,
    testContext(dir),
    () => {},
  );
  assert.deepEqual(
    out.created.map((t) => t.tag),
    ['c@1.0.0'],
  );
  assert.deepEqual(
    out.existing.map((t) => t.tag),
    ['a@1.0.0'],
  );
});

test('a tag git cannot create (a repository without a commit) is an error naming the tag and the way out', async () => {
  const dir = tempRepo({ 'package.json': { name: 'root', private: true } });
  git(dir, 'init', '-q', '-b', 'main');
  const seen: string[] = [];
  await assert.rejects(
    createGitTags(dir, [{ name: '@s/a', version: '1.0.0' }], false, testContext(dir), (t) =>
      seen.push(t.tag),
    ),
    (error: unknown) => {
      assert.ok(isTrustpubError(error));
      assert.equal(error.code, 'RELEASE_GIT_TAG_FAILED');
      assert.match(error.message, /git could not create the tag @s\/a@1\.0\.0 in /);
      assert.match(error.hint, /--no-git-tag/);
      assert.equal(error.packageName, '@s/a');
      return true;
    },
  );
  assert.deepEqual(seen, []);
  assert.equal(git(dir, 'tag', '-l'), '');
});
