import { existsSync } from 'node:fs';
import path from 'node:path';
import {
  audienceFor,
  lintWorkflows,
  readTrustConfigFile,
  type CoreContext,
  type ExpectedPublisher,
  type Finding,
  type ReleasePlan,
  type TrustpubErrorCode,
  type WorkflowFinding,
} from '@trustpub/core';

const CODES: Record<WorkflowFinding['rule'], TrustpubErrorCode> = {
  'id-token': 'WORKFLOW_ID_TOKEN',
  'self-hosted-runner': 'WORKFLOW_SELF_HOSTED_RUNNER',
  'registry-url': 'WORKFLOW_REGISTRY_URL',
  'token-masks-oidc': 'WORKFLOW_WRITE_TOKEN',
  'trusted-publisher-file': 'WORKFLOW_TRUSTED_PUBLISHER_MISMATCH',
  'trusted-publisher-environment': 'WORKFLOW_TRUSTED_PUBLISHER_MISMATCH',
  'npm-upgrade': 'WORKFLOW_NPM_UPGRADE',
  'invalid-yaml': 'WORKFLOW_INVALID_YAML',
};

/**
 * doctor's lint of the repository's CI files, as findings that carry their file and line (`details`), so
 * the GitHub annotations point at the line. The trusted publisher each package should have comes from
 * `.trustpub.json` (the file `trustpub trust sync` applies), when the repository has one.
 */
export async function workflowFindings(plan: ReleasePlan, ctx: CoreContext): Promise<Finding[]> {
  const packages = [...plan.chunks.flat(), ...plan.alreadyPublished].map((p) => p.name);
  const expected = await expectedPublishers(plan.root, packages);
  const found = await lintWorkflows(plan.root, {
    audience: audienceFor(plan.registry),
    expected,
  });
  ctx.logger.debug(`workflow lint: ${found.length} finding(s)`);
  return found.map((f) => ({
    code: CODES[f.rule],
    severity: f.severity,
    message: `${f.file}:${f.line}: ${f.message}`,
    hint: f.hint,
    details: { file: f.file, line: f.line, ...(f.job ? { job: f.job } : {}) },
  }));
}

async function expectedPublishers(
  root: string,
  packages: readonly string[],
): Promise<ExpectedPublisher[]> {
  const file = path.join(root, '.trustpub.json');
  if (!existsSync(file)) return [];
  const config = await readTrustConfigFile(file);
  const out: ExpectedPublisher[] = [];
  for (const name of packages) {
    const override = config.packages?.[name];
    if (override === false) continue;
    const merged = { ...config, ...(override ?? {}) };
    if (!merged.provider) continue;
    out.push({
      packageName: name,
      provider: merged.provider,
      ...(merged.file ? { file: merged.file } : {}),
      ...(merged.environment ? { environment: merged.environment } : {}),
    });
  }
  return out;
}
