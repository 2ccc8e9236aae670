import assert from 'node:assert/strict';
import { PassThrough, Writable } from 'node:stream';
import { test } from 'node:test';
import { createTerminalPrompt } from './terminal-prompt.js';

/** A terminal-like stdin (readline echoes what is typed when the input is a TTY) and a recorded stderr. */
function fakeTerminal(): {
  input: PassThrough & { isTTY: boolean };
  output: Writable;
  shown: () => string;
} {
  const input = Object.assign(new PassThrough(), { isTTY: true });
  let text = '';
  const output = new Writable({
    write(chunk: Buffer, _encoding, done) {
      text += chunk.toString();
      done();
    },
  });
  return { input, output, shown: () => text };
}

test('a secret prompt shows the question but not what is typed', async () => {
  const t = fakeTerminal();
  const prompt = createTerminalPrompt(t);
  const answer = prompt('One-time password: ', { secret: true });
  t.input.write('493817\r');
  assert.equal(await answer, '493817');
  assert.ok(t.shown().includes('One-time password: '), t.shown());
  assert.ok(!t.shown().includes('493817'), `echoed: ${JSON.stringify(t.shown())}`);
  assert.ok(t.shown().endsWith('\n'), 'the line ends as if Enter had been echoed');
});

test('an ordinary prompt echoes the answer as a terminal does', async () => {
  const t = fakeTerminal();
  const prompt = createTerminalPrompt(t);
  const answer = prompt('Continue? ');
  t.input.write('yes\r');
  assert.equal(await answer, 'yes');
  assert.ok(t.shown().includes('yes'), t.shown());
});

test('piped input (not a TTY) is read the same way, with no echo either way', async () => {
  const input = new PassThrough();
  let text = '';
  const output = new Writable({
    write(chunk: Buffer, _e, done) {
      text += chunk.toString();
      done();
    },
  });
  const answer = createTerminalPrompt({ input, output })('Code: ', { secret: true });
  input.write('111222\n');
  assert.equal(await answer, '111222');
  assert.ok(!text.includes('111222'));
});
