import { parseArgs, type ParseArgsConfig } from 'node:util';
import { FIXES, TrustpubError } from '@trustpub/core';
import { explainParseError } from '../../args.js';

type Options = NonNullable<ParseArgsConfig['options']>;

/** Flags every trust subcommand takes. */
export const COMMON_OPTIONS: Options = {
  help: { type: 'boolean', short: 'h' },
  registry: { type: 'string' },
  'token-env': { type: 'string' },
  otp: { type: 'string' },
  pace: { type: 'string' },
  json: { type: 'boolean' },
};

/** `npm trust` create flags, with npm's aliases (`--repo`, `--env`, `--allow-staged-publish`). */
export const CREATE_OPTIONS: Options = {
  file: { type: 'string' },
  repo: { type: 'string' },
  repository: { type: 'string' },
  project: { type: 'string' },
  environment: { type: 'string' },
  env: { type: 'string' },
  'org-id': { type: 'string' },
  'project-id': { type: 'string' },
  'pipeline-definition-id': { type: 'string' },
  'vcs-origin': { type: 'string' },
  'context-id': { type: 'string', multiple: true },
  'allow-publish': { type: 'boolean' },
  'allow-stage-publish': { type: 'boolean' },
  'allow-staged-publish': { type: 'boolean' },
  yes: { type: 'boolean', short: 'y' },
  'dry-run': { type: 'boolean' },
  workspaces: { type: 'boolean' },
};

export type ParsedValues = Record<string, string | boolean | string[] | undefined>;

/** Parses strictly: an unknown flag is an error (with the nearest known flag), never silently a package name as npm takes it. */
export function parseTrustArgs(
  argv: string[],
  options: Options,
): { values: ParsedValues; positionals: string[] } {
  try {
    const { values, positionals } = parseArgs({
      args: argv,
      options,
      allowPositionals: true,
      strict: true,
    });
    return { values: values as ParsedValues, positionals };
  } catch (error) {
    throw new TrustpubError('CONFIG_INVALID_OPTION', explainParseError(error, options, false), {
      hint: FIXES.CONFIG_INVALID_OPTION.commandFlags,
    });
  }
}

/** A string flag's value, or undefined. */
export function str(values: ParsedValues, key: string): string | undefined {
  const v = values[key];
  return typeof v === 'string' ? v : undefined;
}

/** `--pace MS` as a number of milliseconds. */
export function paceOf(values: ParsedValues): number | undefined {
  const raw = str(values, 'pace');
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n < 0) {
    throw new TrustpubError(
      'CONFIG_INVALID_OPTION',
      `--pace must be a number of milliseconds (got "${raw}").`,
      {
        hint: FIXES.CONFIG_INVALID_OPTION.pace,
      },
    );
  }
  return n;
}
