import SemanticReleaseError from '@semantic-release/error';
import type { Finding, TrustpubError } from '@trustpub/core';
import { PLUGIN_ERRORS, linkify, type PluginErrorCode } from './definitions/errors.js';
import { pluginAdvice } from './definitions/plugin-advice.js';
import { releaseCodeFor } from './definitions/core-codes.js';

type ErrorContext = Parameters<(typeof PLUGIN_ERRORS)[PluginErrorCode]>[0];

/** A plugin-level error from the catalogue. */
export function getError(code: PluginErrorCode, ctx: ErrorContext = {}): SemanticReleaseError {
  const { message, details } = PLUGIN_ERRORS[code](ctx);
  return new SemanticReleaseError(message, code, details);
}

/**
 * Markdown for the structured facts of a finding or error (claims, expected settings), leaving out
 * what the message already shows (a diagnosis prints the claims and the matching publisher in its
 * text) and the command (the fix paragraph names it).
 */
function renderFacts(
  facts: Readonly<Record<string, unknown>> | undefined,
  message: string,
): string {
  if (!facts) return '';
  const shownInMessage = message.includes('\n');
  const lines = Object.entries(facts)
    .filter(
      ([key]) =>
        key !== 'command' &&
        !(shownInMessage && (key === 'claims' || key === 'expectedTrustedPublisher')),
    )
    .map(([key, value]) => {
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
  const advice = pluginAdvice(problem.code, problem.hint);
  const details =
    `${problem.message}${registry}\n\n**How to fix it:** ${problem.hint}` +
    `${advice ? `\n\n**With this plugin:** ${advice}` : ''}${renderFacts(problem.details, problem.message)}\n\n` +
    `See ${linkify(code)} (trustpub code \`${problem.code}\`).`;
  // semantic-release logs the message and then prints the details: the message is the diagnosis'
  // first line, so its claims block appears once, in the details.
  const headline = problem.message.split('\n')[0] ?? problem.message;
  const prefix =
    problem.packageName && !headline.includes(problem.packageName)
      ? `${problem.packageName}: `
      : '';
  return new SemanticReleaseError(`${prefix}${headline}`, code, details);
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
