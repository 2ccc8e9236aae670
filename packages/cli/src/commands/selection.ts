import { readFile } from 'node:fs/promises';
import path from 'node:path';
import {
  discoverWorkspace,
  FIXES,
  TrustpubError,
  type CoreContext,
  type ReleasePlan,
} from '@trustpub/core/startup';

/** What `publish` and `doctor` were asked to look at: the workspace packages, PATHs, or the current package. */
export interface Selection {
  workspaces: boolean;
  paths: readonly string[];
}

/** planRelease's `packages` for a selection (absent: every workspace package). */
export function selectedPackages(s: Selection): { packages?: string[] } {
  if (s.workspaces) return s.paths.length ? { packages: [...s.paths] } : {};
  return { packages: s.paths.length ? [...s.paths] : ['.'] };
}

/** One sentence saying what was selected and why, for doctor's report. */
export function describeSelection(s: Selection, plan: ReleasePlan): string {
  const count = plan.chunks.flat().length + plan.alreadyPublished.length;
  const what = `${count} publishable package(s)${plan.skipped.length ? ` (${plan.skipped.length} private left out)` : ''}`;
  if (s.workspaces)
    return s.paths.length
      ? `Selected ${what}: the workspace packages named (${s.paths.join(', ')}; --workspaces).`
      : `Selected ${what}: every workspace package under ${plan.root} (--workspaces).`;
  if (s.paths.length) return `Selected ${what}: the PATHs given (${s.paths.join(', ')}).`;
  return `Selected ${what}: the package in the current directory (no --workspaces, no PATH).`;
}

/**
 * A private workspace root selected by default (no --workspaces, no PATH) is the usual way to publish
 * nothing by mistake: checked before planning, so the error names --workspaces whatever else the root
 * lacks (it often has no "version" either).
 */
export async function assertRootSelectable(
  s: Selection,
  cwd: string,
  ctx: CoreContext,
): Promise<void> {
  if (s.workspaces || s.paths.length) return;
  let root: Record<string, unknown>;
  try {
    root = JSON.parse(await readFile(path.join(cwd, 'package.json'), 'utf8')) as Record<
      string,
      unknown
    >;
  } catch {
    return; // planning reports a missing or unreadable package.json with its own code
  }
  // `null`, an array or a number parse fine; planning reports them as not an object.
  if (typeof root !== 'object' || root === null || root.private !== true) return;
  let members: string[];
  try {
    const ws = await discoverWorkspace(cwd, ctx);
    members = ws.packages
      .filter((p) => path.resolve(p.dir) !== path.resolve(cwd))
      .map((p) => p.name);
  } catch {
    return; // not a workspace root: the private package itself is reported after planning
  }
  if (!members.length) return;
  const name = typeof root.name === 'string' ? root.name : cwd;
  throw new TrustpubError(
    'CONFIG_PRIVATE_PACKAGE',
    `${name} is private ("private": true) and is the root of a workspace of ${members.length} package(s); without --workspaces only the package in the current directory is selected, so nothing would be published.`,
    {
      hint: FIXES.CONFIG_PRIVATE_PACKAGE.workspaceRoot({
        packages: `${members.slice(0, 5).join(', ')}${members.length > 5 ? ', ...' : ''}`,
      }),
      details: { root: name, workspacePackages: members.length },
    },
  );
}

/**
 * Nothing publishable but private packages selected is an error, never an "everything done": npm
 * refuses a private package (EPRIVATE).
 */
export function assertSomethingPublishable(plan: ReleasePlan): void {
  const publishable = plan.chunks.flat().length + plan.alreadyPublished.length;
  const privates = plan.skipped.filter((p) => p.reason === 'private');
  if (publishable > 0 || privates.length === 0) return;
  const names = privates.map((p) => p.name).join(', ');
  throw new TrustpubError(
    'CONFIG_PRIVATE_PACKAGE',
    `Every selected package is private ("private": true): ${names}. npm never publishes a private package (EPRIVATE), so nothing would be published.`,
    {
      hint: FIXES.CONFIG_PRIVATE_PACKAGE.allPrivate,
      details: { selected: privates.map((p) => p.name) },
    },
  );
}
