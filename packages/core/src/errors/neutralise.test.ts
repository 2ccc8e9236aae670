import assert from 'node:assert/strict';
import { test } from 'node:test';
import { neutraliseText } from './neutralise.js';
import { TrustpubError } from './errors.js';

const commandLines = (text: string) =>
  text.split('\n').filter((l) => /^\s*(::|section_(start|end):)/.test(l));

test('no line of registry text can start a GitHub command or a GitLab section', () => {
  const hostile =
    'refused\n::stop-commands::x\n   ::set-output name=a::b\r::error::x\rsection_start:1:s\r\n\u001b[0Ksection_end:1:s';
  const out = neutraliseText(hostile);
  assert.deepEqual(commandLines(out), []);
  assert.match(out, /^\| ::stop-commands::x$/m);
  assert.ok(!out.includes('\r') && !out.includes('\u001b'), out);
});

test('ordinary text is left alone', () => {
  const text = 'HTTP 403: forbidden\n  repository: acme/x\nsee https://x.example/a::b';
  assert.equal(neutraliseText(text), text);
});

test('TrustpubError neutralises its message, hint and registry message', () => {
  const e = new TrustpubError('EXCHANGE_FORBIDDEN', 'no:\n::add-mask::x', {
    hint: 'h\n::warning::y',
    registryMessage: '\n::stop-commands::z',
  });
  assert.deepEqual(commandLines(`${e.message}\n${e.hint}\n${e.registryMessage ?? ''}`), []);
});
