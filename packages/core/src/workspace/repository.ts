import { createRequire } from 'node:module';

interface HostedGitInfo {
  type: string;
  user: string;
  project: string;
}

interface HostedGitInfoModule {
  fromUrl(url: string): HostedGitInfo | undefined;
}

// hosted-git-info ships no types; this is the one function npm's trust command uses from it. Required
// on first use: the workspace is part of every start-up, and only the trust commands and the checks
// read repositories (hosted-git-info and its cache cost a start-up about 10 ms).
let hostedGitInfo: HostedGitInfoModule | undefined;
const requireHostedGitInfo = (): HostedGitInfoModule =>
  (hostedGitInfo ??= createRequire(import.meta.url)('hosted-git-info') as HostedGitInfoModule);

/** The repository `npm trust` infers from package.json: `user/project` and the host type (github, gitlab, ...). */
export interface InferredRepository {
  repository: string;
  type: string;
}

/**
 * Reads `repository` (a string or `{ url }`) exactly as npm's trust command does, through
 * hosted-git-info, so `github:o/r`, `o/r`, `git+https://github.com/o/r.git` all give `o/r`.
 */
export function inferRepository(
  manifest: Readonly<Record<string, unknown>>,
): InferredRepository | undefined {
  const repo = manifest.repository;
  const url =
    repo && typeof repo === 'object' && typeof (repo as { url?: unknown }).url === 'string'
      ? (repo as { url: string }).url
      : typeof repo === 'string'
        ? repo
        : undefined;
  if (!url) return undefined;
  let info: HostedGitInfo | undefined;
  try {
    info = requireHostedGitInfo().fromUrl(url);
  } catch {
    // hosted-git-info throws on some malformed URLs; npm then infers nothing.
    return undefined;
  }
  if (!info) return undefined;
  return { repository: `${info.user}/${info.project}`, type: info.type };
}
