import SemanticReleaseError from '@semantic-release/error';
import type { Finding, TrustpubError } from '@trustpub/core';
import {
  PLUGIN_ADVICE,
  PLUGIN_ERRORS,
  linkify,
  releaseCodeFor,
  type PluginErrorCode,
} from './definitions/errors.js';

type ErrorContext = Parameters<(typeof PLUGIN_ERRORS)[PluginErrorCode]>[0];

/** A plugin-level error from the catalogue. */
export function getError(code: PluginErrorCode, ctx: ErrorContext = {}): SemanticReleaseError {
  const { message, details } = PLUGIN_ERRORS[code](ctx);
  return new SemanticReleaseError(message, code, details);
}

/** Markdown for the structured facts of a finding or error (claims, expected settings). */
function renderFacts(facts: Readonly<Record<string, unknown>> | undefined): string {
  if (!facts) return '';
  const lines = Object.entries(facts).map(([key, value]) => {
    const text = typeof value === 'string' ? value : JSON.stringify(value);
    return `- \`${key}\`: ${text === undefined ? '(absent)' : `\`${text}\``}`;
  });
  return lines.length ? `\n\n${lines.join('\n')}` : '';
}

interface CoreProblem {
  code: TrustpubError['code'];
  message: string;
  hint: string;
  packageName?: string | undefined;
  registryMessage?: string | undefined;
  details?: Readonly<Record<string, unknown>> | undefined;
}

function fromCoreProblem(problem: CoreProblem): SemanticReleaseError {
  const code = releaseCodeFor(problem.code);
  const registry = problem.registryMessage
    ? `\n\nThe registry answered: \`${problem.registryMessage}\`.`
    : '';
  const advice = PLUGIN_ADVICE[problem.code];
  const details =
    `${problem.message}${registry}\n\n**How to fix it:** ${problem.hint}` +
    `${advice ? `\n\n**With this plugin:** ${advice}` : ''}${renderFacts(problem.details)}\n\n` +
    `See ${linkify(code)} (trustpub code \`${problem.code}\`).`;
  const prefix =
    problem.packageName && !problem.message.includes(problem.packageName)
      ? `${problem.packageName}: `
      : '';
  return new SemanticReleaseError(`${prefix}${problem.message}`, code, details);
}

/**
 * A core `TrustpubError` as a semantic-release error. Core messages are already redacted; the hint
 * becomes the "how to fix it" paragraph and the README section is linked.
 */
export function errorFromTrustpub(error: TrustpubError): SemanticReleaseError {
  return fromCoreProblem(error);
}

/** A diagnosis finding (severity `error`) as a semantic-release error. */
export function errorFromFinding(finding: Finding): SemanticReleaseError {
  return fromCoreProblem(finding);
}
