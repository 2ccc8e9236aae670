import assert from 'node:assert/strict';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { after, before, test } from 'node:test';
import { isTrustpubError, type TrustpubError } from '../errors/index.js';
import { testContext } from '../kernel/support.test.helper.js';
import { createTrustClient } from './client.js';
import { createPublishingAccessClient } from './publishing-access.js';
import { createStageClient } from './stage-client.js';

// A registry on loopback whose every refusal carries text that would start GitHub workflow commands
// (and a terminal escape) if it were printed as it came.
const HOSTILE = '::add-mask::planted\n::error title=x::planted\r::set-output name=a::b \u001b[2K';
let registry = '';
const server = http.createServer((req, res) => {
  req.resume();
  res
    .writeHead(req.method === 'GET' ? 400 : 403, { 'content-type': 'application/json' })
    .end(JSON.stringify({ error: HOSTILE, message: HOSTILE }));
});
before(async () => {
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  registry = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
});
after(() => {
  server.closeAllConnections();
  server.close();
});

async function refusal(call: () => Promise<unknown>): Promise<TrustpubError> {
  try {
    await call();
  } catch (error) {
    if (isTrustpubError(error)) return error;
    throw error;
  }
  throw new Error('the call did not fail');
}

function assertNeutral(error: TrustpubError): void {
  for (const text of [error.message, error.registryMessage ?? '']) {
    for (const line of text.split(/\r\n?|\n/))
      assert.doesNotMatch(line, /^\s*::/, `a workflow command survives: ${JSON.stringify(line)}`);
    assert.ok(!text.includes('\u001b'), 'a terminal escape survives');
  }
  assert.match(error.registryMessage ?? '', /\| ::add-mask::planted/);
}

test('the trust, stage and publishing-access clients neutralise the registry text of a refusal', async () => {
  const ctx = testContext();
  const options = { registry, token: 'npm_user_token_for_the_test', otp: '123456' };
  const trust = createTrustClient(options, ctx);
  const stage = createStageClient(options, ctx);
  const access = createPublishingAccessClient(options, ctx);
  const errors = [
    await refusal(() => trust.list('@acme/widget')),
    await refusal(() => stage.view('0b3c6a0e-1f2d-4c5b-8a9e-7d6c5b4a3f2e')),
    await refusal(() => access.disallowTokens('@acme/widget')),
  ];
  assert.deepEqual(
    errors.map((e) => e.code),
    ['TRUST_INVALID_INPUT', 'STAGE_REQUEST_FAILED', 'TRUST_HTTP_ERROR'],
  );
  for (const error of errors) assertNeutral(error);
});
