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
  'CONFIG_MANIFEST_INVALID',
  'CONFIG_MANIFEST_NOT_FOUND',
  'CONFIG_PRIVATE_PACKAGE',
  'CONFIG_INVALID_NAME',
  'CONFIG_INVALID_VERSION',
  'CONFIG_RESTRICTED_UNSCOPED',
  'CONFIG_WORKSPACE_TARGET_UNKNOWN',
  'CONFIG_WORKSPACE_RANGE_INVALID',
  'CONFIG_CATALOG_ENTRY_UNKNOWN',
  'CONFIG_NPMRC_ENV_MISSING',
  'CONFIG_REGISTRY_INVALID',
  'CONFIG_WRITE_TOKEN_MASKS_OIDC',
  'CONFIG_REPOSITORY_MISMATCH',
  'CONFIG_INVALID_OPTION',
  'CONFIG_LATEST_DOWNGRADE',
  'TOKEN_TRANSPORT_INSECURE',
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
  'packages/core/src/pack/pack.ts',
  'packages/core/src/publish/stage.ts',
  'packages/core/src/publish/upload-send.ts',
  'packages/core/src/registry/http.ts',
];
const PENDING_B: readonly string[] = [
  'CI_NOT_DETECTED',
  'ID_TOKEN_MISSING',
  'ID_TOKEN_REQUEST_FAILED',
  'ID_TOKEN_NETWORK',
  'ID_TOKEN_AUDIENCE_MISMATCH',
  'ID_TOKEN_CIRCLECI_STALE',
  'EXCHANGE_UNAUTHORIZED',
  'EXCHANGE_NO_TRUSTED_PUBLISHER',
  'EXCHANGE_PACKAGE_NOT_FOUND',
  'EXCHANGE_FORBIDDEN',
  'EXCHANGE_HTTP_ERROR',
  'EXCHANGE_MALFORMED_RESPONSE',
  'EXCHANGE_NETWORK',
  'CLI_USAGE',
  'VERIFY_NETWORK',
  'RELEASE_DEPENDENCY_FAILED',
  'TRUST_AUTH_MISSING',
  'TRUST_OTP_REQUIRED',
  'TRUST_OTP_INVALID',
  'TRUST_CONFLICT',
  'TRUST_INVALID_INPUT',
  'TRUST_NOT_FOUND',
  'TRUST_HTTP_ERROR',
  'TRUST_AUTH_REJECTED',
  'TRUST_NETWORK',
  'TRUST_MALFORMED_RESPONSE',
  'TRUST_CANCELLED',
  'TRUST_BOOTSTRAP_FAILED',
  'INSTALL_AUTH_INVALID',
  'packages/core/src/oidc/exchange.ts',
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
