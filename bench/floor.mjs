// The floor: the least work any client must do to publish the same tarballs token-free. One ID-token
// request, then per package (at the given concurrency) one exchange and one PUT. No packing, no checks,
// no verification. Usage: node floor.mjs <packed.json> <registry> <concurrency>
// Prints one JSON line with what it measured of itself: when its first request left (ms after the process
// started: its start-up) and its PUTs' round trips (min and median), the parts of a critical-path bound.
import fs from 'node:fs';
import { Agent, request } from 'undici';

const [indexFile, registry, concurrencyArg] = process.argv.slice(2);
const packages = JSON.parse(fs.readFileSync(indexFile, 'utf8'));
const concurrency = Number(concurrencyArg);
const dispatcher = new Agent({ connections: 16, keepAliveTimeout: 10_000 });

let firstRequestMs;
const putRtts = [];

async function json(url, opts) {
  firstRequestMs ??= performance.now();
  const res = await request(url, { dispatcher, ...opts });
  const text = await res.body.text();
  if (res.statusCode >= 300)
    throw new Error(`${opts.method ?? 'GET'} ${url}: ${res.statusCode} ${text.slice(0, 200)}`);
  return JSON.parse(text);
}

const idUrl = new URL(process.env.ACTIONS_ID_TOKEN_REQUEST_URL);
idUrl.searchParams.append('audience', `npm:${new URL(registry).hostname}`);
const { value: idToken } = await json(idUrl, {
  headers: {
    authorization: `Bearer ${process.env.ACTIONS_ID_TOKEN_REQUEST_TOKEN}`,
    accept: 'application/json',
  },
});

async function publishOne(p) {
  const esc = p.name.replace('/', '%2f');
  const { token } = await json(new URL(`/-/npm/v1/oidc/token/exchange/package/${esc}`, registry), {
    method: 'POST',
    headers: { authorization: `Bearer ${idToken}`, 'content-length': '0' },
    body: '',
  });
  const tarball = fs.readFileSync(p.tarballPath);
  const file = `${p.name}-${p.version}.tgz`;
  const body = {
    _id: p.name,
    name: p.name,
    description: p.manifest.description,
    'dist-tags': { latest: p.version },
    versions: {
      [p.version]: {
        ...p.manifest,
        _id: `${p.name}@${p.version}`,
        dist: {
          integrity: p.integrity,
          shasum: p.shasum,
          tarball: new URL(`${esc}/-/${file.split('/').pop()}`, registry).href,
        },
      },
    },
    access: 'public',
    _attachments: {
      [file]: {
        content_type: 'application/octet-stream',
        data: tarball.toString('base64'),
        length: tarball.length,
      },
    },
  };
  const payload = JSON.stringify(body);
  const sent = performance.now();
  await json(new URL(esc, registry), {
    method: 'PUT',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: payload,
  });
  putRtts.push(performance.now() - sent);
}

let next = 0;
await Promise.all(
  Array.from({ length: Math.min(concurrency, packages.length) }, async () => {
    while (next < packages.length) await publishOne(packages[next++]);
  }),
);
await dispatcher.close();
putRtts.sort((a, b) => a - b);
console.log(
  JSON.stringify({
    published: packages.length,
    startupMs: firstRequestMs,
    putMinMs: putRtts[0],
    putMedianMs: putRtts[Math.floor(putRtts.length / 2)],
  }),
);
