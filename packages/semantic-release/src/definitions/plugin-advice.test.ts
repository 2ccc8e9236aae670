import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pluginAdvice } from './plugin-advice.js';

test('the advice names the plugin option for each flag the core fix names, and adds nothing else', () => {
  const advice = pluginAdvice(
    'PROVENANCE_PRIVATE_REPOSITORY',
    'Make the repository public, or turn provenance off (--no-provenance, or remove publishConfig.provenance).',
  );
  assert.equal(advice, '`--no-provenance` is the plugin option `"provenance": false`.');
  assert.doesNotMatch(advice ?? '', /public/, 'the core fix is not restated');
  assert.equal(
    pluginAdvice('ID_TOKEN_EXPIRED', 'Obtain the ID token right before publishing.'),
    undefined,
  );
});

test('a flag is matched whole, and codes only the CLI raises get no plugin options', () => {
  assert.equal(
    pluginAdvice(
      'PUBLISH_PERMISSION_DENIED',
      'allow it: trustpub trust github NAME --allow-stage-publish',
    ),
    undefined,
  );
  assert.equal(
    pluginAdvice(
      'TRUST_INVALID_INPUT',
      'Use names of workspace packages (a, b), or drop --workspaces.',
    ),
    undefined,
  );
});

test('a note of the plugin comes after the options', () => {
  const advice = pluginAdvice(
    'DIST_TAG_OIDC_REFUSED',
    'Name a token that may change dist-tags (--fallback-token-env <VAR>), or run `npm dist-tag add` by hand.',
  );
  assert.match(
    advice ?? '',
    /^`--fallback-token-env` is the plugin option `"fallbackTokenEnv": "NPM_TOKEN"`\. semantic-release records the channel/,
  );
});
