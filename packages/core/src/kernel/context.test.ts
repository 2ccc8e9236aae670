import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createContext } from './context.js';

test('spawn returns the exit code and output of the child', async () => {
  const ctx = createContext({ env: {} });
  const r = await ctx.spawn(process.execPath, [
    '-e',
    'process.stdout.write("out"); process.stderr.write("err"); process.exit(3)',
  ]);
  assert.deepEqual(r, { code: 3, stdout: 'out', stderr: 'err' });
});

test('spawn survives a child that exits without reading its input (EPIPE)', async () => {
  const ctx = createContext({ env: {} });
  // Far more than a pipe buffer, to a child that never reads it.
  const r = await ctx.spawn(process.execPath, ['-e', 'process.exit(0)'], {
    input: 'x'.repeat(8 * 1024 * 1024),
  });
  assert.equal(r.code, 0);
});

test('a missing command rejects with ENOENT instead of crashing', async () => {
  const ctx = createContext({ env: {} });
  await assert.rejects(ctx.spawn('trustpub-no-such-command', []), { code: 'ENOENT' });
});

test('secrets announced on GitHub Actions are masked with the runner command', () => {
  const lines: string[] = [];
  const ctx = createContext({
    env: { GITHUB_ACTIONS: 'true' },
    onSecret: (v) => lines.push(`::add-mask::${v}`),
  });
  ctx.secrets.add('npm_token_value_123456');
  assert.deepEqual(lines, ['::add-mask::npm_token_value_123456']);
  assert.equal(ctx.secrets.redact('x npm_token_value_123456 y'), 'x *** y');
});
