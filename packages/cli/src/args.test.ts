import assert from 'node:assert/strict';
import { test } from 'node:test';
import { closest, parse, UsageError } from './args.js';

test('an unknown option is named with the nearest one the command has', () => {
  const options = {
    workspaces: { type: 'boolean' },
    registry: { type: 'string' },
    provenance: { type: 'boolean' },
  } as const;
  const message = (argv: string[]) => {
    try {
      parse(argv, options);
    } catch (error) {
      assert.ok(error instanceof UsageError);
      return error.message;
    }
    return assert.fail('no error');
  };
  assert.equal(
    message(['--workspace']),
    "Unknown option '--workspace'. Did you mean --workspaces?",
  );
  assert.equal(message(['--regsitry=x']), "Unknown option '--regsitry'. Did you mean --registry?");
  assert.equal(
    message(['--no-provenence']),
    "Unknown option '--no-provenence'. Did you mean --no-provenance?",
  );
  // Nothing close: no guess, and none of node's advice about positionals.
  assert.equal(message(['--frobnicate']), "Unknown option '--frobnicate'.");
});

test('closest: typos, swaps and prefixes; nothing for unrelated words', () => {
  const names = ['--bootstrap', '--replace', '--yes', '--json'];
  assert.equal(closest('--bootsrtap', names), '--bootstrap');
  assert.equal(closest('--boot', names), '--bootstrap');
  assert.equal(closest('--replce', names), '--replace');
  assert.equal(closest('--yse', names), '--yes');
  assert.equal(closest('--force', names), undefined);
});
