import assert from 'node:assert/strict';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { test } from 'node:test';
import { TrustpubError, type ReleaseEntry } from '@trustpub/core';
import { githubAnnotations, githubOutputs, githubSummary, gitlabSection } from './ci-output.js';
import type { CliIo } from './io.js';

function io(env: Record<string, string>): CliIo & { out: string; err: string } {
  const o = { out: '', err: '' };
  return Object.assign(o, {
    env,
    cwd: os.tmpdir(),
    isTTY: false,
    stdout: (t: string) => void (o.out += t),
    stderr: (t: string) => void (o.err += t),
  });
}

const failed: ReleaseEntry = {
  status: 'failed',
  chunk: 0,
  name: '@a/b',
  version: '1.0.0',
  error: new TrustpubError('EXCHANGE_NO_TRUSTED_PUBLISHER', 'No match: 100%\nsecond line', {
    hint: 'Add one, then retry.',
  }),
};
const published: ReleaseEntry = {
  status: 'published',
  chunk: 0,
  name: '@a/c',
  version: '2.0.0',
  tag: 'next',
  registry: 'https://r/',
  integrity: 'sha512-x',
  tarballUrl: 'https://r/t.tgz',
  auth: 'oidc',
  provenance: {
    predicateType: 'https://slsa.dev/provenance/v1',
    transparencyLogUrl: 'https://search.sigstore.dev/?logIndex=7',
  },
};

test('annotations carry the first line and the fix, escaped the way the runner reads them', () => {
  const x = io({ GITHUB_ACTIONS: 'true' });
  githubAnnotations(x, [failed, published], []);
  // The rest of a multi-line diagnosis is in the log once; the annotation does not repeat it.
  assert.equal(
    x.out,
    '::error title=EXCHANGE_NO_TRUSTED_PUBLISHER (@a/b@1.0.0)::No match: 100%25%0Afix: Add one, then retry.\n',
  );
  const quiet = io({});
  githubAnnotations(quiet, [failed], []);
  assert.equal(quiet.out, '', 'nothing outside GitHub Actions');
  // A terminal with GITHUB_ACTIONS set (a job replayed by hand) has no runner reading commands.
  const terminal = Object.assign(io({ GITHUB_ACTIONS: 'true' }), { isTTY: true });
  githubAnnotations(terminal, [failed], []);
  assert.equal(terminal.out + terminal.err, '', 'no workflow commands on a terminal');
});

test('outputs and summary go to the files GitHub names', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-files-'));
  const env = {
    GITHUB_ACTIONS: 'true',
    GITHUB_OUTPUT: path.join(dir, 'out'),
    GITHUB_STEP_SUMMARY: path.join(dir, 'sum'),
  };
  githubOutputs(io(env), [failed, published]);
  const out = fs.readFileSync(env.GITHUB_OUTPUT, 'utf8');
  assert.match(
    out,
    /^published=true\npublished-packages<<(trustpub_[\w-]+)\n\[\{"name":"@a\/c","version":"2\.0\.0","tag":"next"\}\]\n\1\nstaged=false\nstaged-packages<<\1\n\[\]\n\1\n$/,
  );
  githubSummary(io(env), 'trustpub publish', [failed, published], []);
  const sum = fs.readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8');
  assert.match(
    sum,
    /\| @a\/c \| 2\.0\.0 \| next \| published \| \[provenance\]\(https:\/\/search\.sigstore\.dev\/\?logIndex=7\) \|/,
  );
  assert.match(
    sum,
    /\| @a\/b \| 1\.0\.0 \| \| failed: `EXCHANGE_NO_TRUSTED_PUBLISHER` Add one, then retry\. \| \|/,
  );
});

test('the doctor summary lists what it checked and its verdict, not an empty table', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'gh-doctor-'));
  const env = { GITHUB_ACTIONS: 'true', GITHUB_STEP_SUMMARY: path.join(dir, 'sum') };
  githubSummary(io(env), 'trustpub doctor', [], [], ['@a/b@1.0.0', '@a/c@2.0.0']);
  const problem = {
    code: 'EXCHANGE_NO_TRUSTED_PUBLISHER' as const,
    severity: 'error' as const,
    packageName: '@a/b',
    message: 'No trusted publisher of @a/b matches this job.\n  claims: ...',
    hint: 'Add one, then retry.',
  };
  githubSummary(io(env), 'trustpub doctor', [], [problem], ['@a/b@1.0.0']);
  const sum = fs.readFileSync(env.GITHUB_STEP_SUMMARY, 'utf8');
  assert.equal(
    sum,
    [
      '### trustpub doctor',
      '',
      'Checked 2 package(s): `@a/b@1.0.0`, `@a/c@2.0.0`.',
      '',
      'No problems found.',
      '',
      '### trustpub doctor',
      '',
      'Checked 1 package(s): `@a/b@1.0.0`.',
      '',
      '**Problems found before publishing**',
      '',
      '- `EXCHANGE_NO_TRUSTED_PUBLISHER` @a/b: No trusted publisher of @a/b matches this job. Fix: Add one, then retry.',
      '',
      '',
    ].join('\n'),
  );
  assert.doesNotMatch(sum, /\| package \|/);
});

test('GitLab sections open collapsed and close; elsewhere nothing is written', () => {
  const x = io({ GITLAB_CI: 'true' });
  const end = gitlabSection(x, 'trustpub chunk 1', 'Chunk 1/2');
  end();
  const esc = '\u001b[0K';
  assert.match(
    x.err.split(esc).join('<ESC>'),
    /^<ESC>section_start:\d+:trustpub_chunk_1\[collapsed=true\]\r<ESC>Chunk 1\/2\n<ESC>section_end:\d+:trustpub_chunk_1\r<ESC>\n$/,
  );
  const y = io({});
  gitlabSection(y, 'a', 'b')();
  assert.equal(y.err, '');
});
