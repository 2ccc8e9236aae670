import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { test } from 'node:test';
import { ERROR_CODES } from './errors.js';
import { FIXES } from './fixes/index.js';
import { type HintProblem, scanHintSources } from './hint-scan.test.helper.js';

// Each code's fix is written once, in fixes/: the thrown hint and the catalogue's "Fix" both come from
// there. Until every code has moved, the codes still pending (or, where the scan cannot tell the code,
// the source files) are listed here; a code leaves the list when its fix, its catalogue entry and its
// throw sites are converted (the last test fails while a converted code stays listed). Both lists end empty.
const PENDING_A: readonly string[] = [
  'PACK_LIFECYCLE_SCRIPT_FAILED',
  'PACK_TARBALL_INVALID',
  'PACK_SECRET_FOUND',
  'PROVENANCE_UNSUPPORTED_CI',
  'PROVENANCE_PRIVATE_REPOSITORY',
  'PROVENANCE_SELF_HOSTED_RUNNER',
  'PROVENANCE_NO_SIGSTORE_TOKEN',
  'PROVENANCE_PRIVATE_PACKAGE',
  'REGISTRY_NETWORK',
  'REGISTRY_TIMEOUT',
  'REGISTRY_HTTP_ERROR',
  'REGISTRY_MALFORMED_RESPONSE',
  'PUBLISH_VERSION_CONFLICT',
  'PUBLISH_REJECTED',
  'PUBLISH_PERMISSION_DENIED',
  'STAGE_NOT_FOUND',
  'STAGE_REQUEST_FAILED',
  'DIST_TAG_FAILED',
  'VERIFY_ATTESTATION_MISSING',
  'VERIFY_PROVENANCE_INVALID',
  'WORKFLOW_ID_TOKEN',
  'WORKFLOW_SELF_HOSTED_RUNNER',
  'WORKFLOW_REGISTRY_URL',
  'WORKFLOW_WRITE_TOKEN',
  'WORKFLOW_TRUSTED_PUBLISHER_MISMATCH',
  'WORKFLOW_NPM_UPGRADE',
  'WORKFLOW_INVALID_YAML',
  'RELEASE_DEPENDENCY_UNPUBLISHED',
  'RELEASE_GIT_TAG_FAILED',
  'packages/cli/src/commands/verify.ts',
  'packages/core/src/diagnose/workflow-lint-circleci.ts',
  'packages/core/src/diagnose/workflow-lint-github.ts',
  'packages/core/src/diagnose/workflow-lint-gitlab.ts',
  'packages/core/src/diagnose/workflow-lint.ts',
  'packages/core/src/publish/stage.ts',
  'packages/core/src/publish/upload-send.ts',
  'packages/core/src/registry/http.ts',
];
const PENDING_B: readonly string[] = [
  // Their fixes are in fixes/cli.ts; the catalogue entries still write one.
  'CLI_USAGE',
  'VERIFY_NETWORK',
  'RELEASE_DEPENDENCY_FAILED',
];
const PENDING = new Set([...PENDING_A, ...PENDING_B]);
const pending = (p: HintProblem): boolean =>
  PENDING.has(p.code) || PENDING.has(p.where.replace(/:\d+$/, ''));

const root = new URL('../../../../', import.meta.url);
const CATALOGUE_FILES = ['config', 'oidc', 'publish', 'release', 'trust'];

test('every error code has its fix in FIXES', () => {
  const missing = ERROR_CODES.filter((code) => !(code in FIXES) && !PENDING.has(code));
  assert.deepEqual(missing, [], 'write these fixes in packages/core/src/errors/fixes/');
});

/** The codes whose catalogue entry writes a fix (or fixBuiltBy) of its own. */
async function writtenFixes(): Promise<string[]> {
  const written: string[] = [];
  for (const name of CATALOGUE_FILES) {
    const text = await readFile(
      new URL(`packages/core/src/errors/catalogue/${name}.ts`, root),
      'utf8',
    );
    // Split into entries at each `  CODE: {` so a finding names its code.
    for (const entry of text.split(/\n(?= {2}[A-Z_]+: \{)/)) {
      const code = /^ {2}([A-Z_]+): \{/.exec(entry)?.[1] ?? `${name}.ts (outside an entry)`;
      if (/\bfix(BuiltBy)?\s*:/.test(entry)) written.push(code);
    }
  }
  return written;
}

test('no catalogue file writes a fix of its own', async () => {
  const written = (await writtenFixes()).filter((code) => !PENDING.has(code));
  assert.deepEqual(written, [], 'the catalogue derives "fix" from FIXES: delete the written one');
});

test('every hint in the sources comes from FIXES (or passes on another error hint)', async () => {
  const problems = (await scanHintSources(root.pathname)).filter((p) => !pending(p));
  assert.deepEqual(
    problems.map((p) => `${p.code} ${p.where} ${p.text}`),
    [],
    'write the advice in packages/core/src/errors/fixes/ and take the hint from FIXES',
  );
});

test('the pending lists hold only codes that still need converting', async () => {
  const problems = await scanHintSources(root.pathname);
  const written = await writtenFixes();
  const done = [...PENDING].filter((entry) =>
    entry.includes('/')
      ? !problems.some((p) => p.where.startsWith(`${entry}:`))
      : entry in FIXES && !written.includes(entry) && !problems.some((p) => p.code === entry),
  );
  assert.deepEqual(done, [], 'these are converted: remove them from the pending list');
});
