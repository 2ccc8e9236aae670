// Bad registry and ID-token-endpoint answers, injected by the fault proxy: refusals, errors that persist
// through every retry, bodies that are not what they should be, hostile text. Each is a coded failure
// with nothing uploaded (the proxy breaks these answers before the registry acts on a PUT).
import { faults, type Fault, type RequestKind } from './support/fault-proxy.js';
import { HOSTILE, type CorpusCase } from './support/corpus.js';

const json = (status: number, body: unknown): Fault => faults.answer(status, JSON.stringify(body));

function answer(
  kind: RequestKind,
  title: string,
  fault: Fault,
  code: string,
  extra: Partial<CorpusCase> = {},
): CorpusCase {
  return {
    kind: 'registry',
    title: `${kind}: ${title}`,
    registered: true,
    faults: () => [{ kind, times: Infinity, fault }],
    code,
    ...extra,
  };
}

const publicJob = { job: { provider: 'github', visibility: 'public' } } as const;

export const REGISTRY_CASES: CorpusCase[] = [
  answer('exchange', '400', json(400, { message: 'bad request' }), 'EXCHANGE_BAD_REQUEST'),
  answer('exchange', '401', json(401, { message: 'invalid token' }), 'EXCHANGE_UNAUTHORIZED'),
  answer('exchange', '403', json(403, { message: 'forbidden' }), 'EXCHANGE_FORBIDDEN'),
  answer(
    'exchange',
    '404',
    json(404, { message: 'no trusted publisher' }),
    'EXCHANGE_NO_TRUSTED_PUBLISHER',
  ),
  answer('exchange', '500 on every attempt', faults.statusBefore(500), 'EXCHANGE_HTTP_ERROR'),
  answer('exchange', '503 on every attempt', faults.statusBefore(503), 'EXCHANGE_HTTP_ERROR'),
  answer('exchange', '429 on every attempt', faults.tooManyRequests(0), 'EXCHANGE_HTTP_ERROR'),
  answer('exchange', '200 without a token', json(200, {}), 'EXCHANGE_MALFORMED_RESPONSE'),
  answer(
    'exchange',
    '200 with a numeric token',
    json(200, { token: 123 }),
    'EXCHANGE_MALFORMED_RESPONSE',
  ),
  answer(
    'exchange',
    '200 with an empty token',
    json(200, { token: '' }),
    'EXCHANGE_MALFORMED_RESPONSE',
  ),
  answer('exchange', '200 with HTML', faults.nonJson(200), 'EXCHANGE_MALFORMED_RESPONSE'),
  answer('exchange', '502 with HTML on every attempt', faults.nonJson(502), 'EXCHANGE_HTTP_ERROR'),
  answer('exchange', 'reset on every attempt', faults.resetBefore(), 'EXCHANGE_NETWORK'),
  answer('exchange', 'hangs on every attempt', faults.hang(), 'EXCHANGE_NETWORK'),
  answer('exchange', 'truncated on every attempt', faults.truncated(), 'EXCHANGE_NETWORK'),
  answer(
    'exchange',
    '403 with hostile text',
    json(403, { message: HOSTILE }),
    'EXCHANGE_FORBIDDEN',
  ),
  answer(
    'exchange',
    '401 with hostile text',
    json(401, { error: HOSTILE }),
    'EXCHANGE_UNAUTHORIZED',
  ),
  answer('exchange', '500 with hostile text', faults.answer(500, HOSTILE), 'EXCHANGE_HTTP_ERROR'),
  answer(
    'exchange',
    'doctor: 403 with hostile text',
    json(403, { message: HOSTILE }),
    'EXCHANGE_FORBIDDEN',
    {
      args: () => ['doctor'],
    },
  ),
  answer('put', '401', json(401, { error: 'unauthorized' }), 'PUBLISH_UNAUTHORIZED', { exit: 1 }),
  answer('put', '403', json(403, { error: 'forbidden' }), 'PUBLISH_FORBIDDEN', { exit: 1 }),
  answer('put', '404', json(404, { error: 'not found' }), 'PUBLISH_FORBIDDEN', { exit: 1 }),
  answer('put', '400', json(400, { error: 'bad body' }), 'PUBLISH_REJECTED', { exit: 1 }),
  answer('put', '413', json(413, { error: 'too large' }), 'PUBLISH_REJECTED', { exit: 1 }),
  answer(
    'put',
    '500 before storing, on every attempt',
    faults.statusBefore(500),
    'PUBLISH_REJECTED',
    { exit: 1 },
  ),
  answer('put', '400 with hostile text', json(400, { error: HOSTILE }), 'PUBLISH_REJECTED', {
    exit: 1,
  }),
  answer(
    'visibility',
    '500 on every attempt (provenance due)',
    faults.statusBefore(500),
    'PROVENANCE_CHECK_FAILED',
    publicJob,
  ),
  answer(
    'visibility',
    'HTML (provenance due)',
    faults.nonJson(200),
    'PROVENANCE_CHECK_FAILED',
    publicJob,
  ),
  answer(
    'visibility',
    'hangs (provenance due)',
    faults.hang(),
    'PROVENANCE_CHECK_FAILED',
    publicJob,
  ),
  answer(
    'visibility',
    'reset (provenance due)',
    faults.resetBefore(),
    'PROVENANCE_CHECK_FAILED',
    publicJob,
  ),
  answer('id-token', '500 on every attempt', faults.statusBefore(500), 'ID_TOKEN_REQUEST_FAILED'),
  answer('id-token', '403', json(403, { message: 'no' }), 'ID_TOKEN_REQUEST_FAILED'),
  answer('id-token', 'HTML', faults.nonJson(200), 'ID_TOKEN_MALFORMED_RESPONSE'),
  answer('id-token', 'JSON without a value', json(200, { count: 1 }), 'ID_TOKEN_VALUE_MISSING'),
  answer('id-token', 'a numeric value', json(200, { value: 5 }), 'ID_TOKEN_VALUE_MISSING'),
  answer('id-token', 'hangs', faults.hang(), 'ID_TOKEN_NETWORK'),
  answer('id-token', 'reset on every attempt', faults.resetBefore(), 'ID_TOKEN_NETWORK'),
  answer('id-token', 'hostile text', faults.answer(500, HOSTILE), 'ID_TOKEN_REQUEST_FAILED'),
];
