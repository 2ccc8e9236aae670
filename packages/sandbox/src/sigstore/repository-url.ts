const SHORTCUTS: Record<string, string> = {
  github: 'github.com',
  gitlab: 'gitlab.com',
  bitbucket: 'bitbucket.org',
};

/**
 * `package.json` `repository` (a string or `{ url }`) as the `https://host/path` form provenance uses,
 * or undefined when it cannot be read as a git host URL. Accepts what npm accepts: `git+https://`,
 * `git://`, `ssh://git@`, scp-like `git@host:path`, the `github:`/`gitlab:` shortcuts and bare `owner/repo`.
 */
export function normalizeRepositoryUrl(raw: string): string | undefined {
  let s = raw.trim();
  if (!s) return undefined;
  const shortcut = /^(github|gitlab|bitbucket):([^/]+\/[^/]+)$/.exec(s);
  if (shortcut)
    return `https://${SHORTCUTS[shortcut[1] as string]}/${strip(shortcut[2] as string)}`;
  if (/^[\w.-]+\/[\w.-]+$/.test(s)) return `https://github.com/${strip(s)}`;
  const scp = /^(?:[\w.-]+@)?([\w.-]+):(?!\/\/)(.+)$/.exec(s);
  if (scp && !/^[a-z+]+$/i.test(scp[1] as string))
    return `https://${(scp[1] as string).toLowerCase()}/${strip(scp[2] as string)}`;
  s = s.replace(/^git\+/, '');
  try {
    const u = new URL(s);
    if (!['https:', 'http:', 'git:', 'ssh:'].includes(u.protocol)) return undefined;
    return `https://${u.hostname.toLowerCase()}/${strip(u.pathname.replace(/^\/+/, ''))}`;
  } catch {
    return undefined;
  }
}

const strip = (p: string): string => p.replace(/\/+$/, '').replace(/\.git$/, '');

/** The raw `repository.url` as npmjs prints it in its message (empty when missing). */
export function rawRepositoryUrl(repository: unknown): string {
  if (typeof repository === 'string') return repository;
  if (
    repository &&
    typeof repository === 'object' &&
    typeof (repository as { url?: unknown }).url === 'string'
  ) {
    return (repository as { url: string }).url;
  }
  return '';
}
