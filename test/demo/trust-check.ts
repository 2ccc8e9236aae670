// Reads back what the registry stores, so a step can confirm a tool did what it said.
import type { Sandbox, UserToken } from '@trustpub/sandbox';
import type { StepIo } from './demo-report.js';
import { PACKAGES } from './example-monorepo.js';

/** The package's trusted publisher in one line (`github owner/repo file`, `gitlab group/project file`), or `none`. */
export async function trustFor(sandbox: Sandbox, user: UserToken, name: string): Promise<string> {
  const res = await fetch(
    new URL(`-/package/${name.replace('/', '%2f')}/trust`, sandbox.registry),
    {
      headers: { authorization: `Bearer ${user.token}` },
    },
  );
  if (res.status !== 200) return `none (HTTP ${res.status})`;
  const configs = (await res.json()) as Array<{ type: string; claims: Record<string, unknown> }>;
  if (configs.length === 0) return 'none';
  return configs
    .map((c) => {
      const where = c.type === 'gitlab' ? c.claims.project_path : c.claims.repository;
      const file =
        c.type === 'gitlab'
          ? (c.claims.ci_config_ref_uri as { file?: string } | undefined)?.file
          : (c.claims.workflow_ref as { file?: string } | undefined)?.file;
      return `${c.type} ${String(where)} ${String(file)}`;
    })
    .join(', ');
}

/**
 * Fails the step unless every demo package is trusted for exactly `expected` (as trustFor prints it);
 * `label` says in the failure what it should have been trusted for.
 */
export async function checkTrustedFor(
  io: StepIo,
  sandbox: Sandbox,
  user: UserToken,
  expected: string,
  label: string,
): Promise<void> {
  for (const name of PACKAGES) {
    const trust = await trustFor(sandbox, user, name);
    io.check(trust === expected, `${name} is trusted for "${trust}", not for ${label}`);
  }
}

/** The versions and dist-tags the registry serves for a public package. */
export async function published(
  sandbox: Sandbox,
  name: string,
): Promise<{
  versions: Record<string, { dist: { integrity: string; attestations?: unknown } }>;
  tags: Record<string, string>;
}> {
  const res = await fetch(new URL(name.replace('/', '%2f'), sandbox.registry));
  if (res.status !== 200) return { versions: {}, tags: {} };
  const doc = (await res.json()) as {
    versions: Record<string, { dist: { integrity: string; attestations?: unknown } }>;
    'dist-tags': Record<string, string>;
  };
  return { versions: doc.versions, tags: doc['dist-tags'] };
}
