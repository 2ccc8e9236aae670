import type { ReleaseEvent } from '@trustpub/core/startup';
import { githubGroup, gitlabSection } from './ci-output.js';
import type { CliIo } from './io.js';

/**
 * Turns release events into progress on stderr, always (a CI log is where long releases are watched): the
 * preflight, a line when a chunk starts, and a line per finished package with the count so far; on a
 * terminal also the packages being published. Chunks overlap (a later chunk is packed and exchanged for
 * while an earlier one uploads), so the log has two collapsible parts on GitHub Actions and GitLab: the
 * preflight and the publishing. Nothing with --json.
 */
export function createProgress(io: CliIo, json: boolean): (event: ReleaseEvent) => void {
  if (json) return () => {};
  let endSection: () => void = () => {};
  const active = new Set<string>();
  let done = 0;
  let total = 0;
  let chunks = 0;
  let publishing = false;
  // Whether the terminal's last line is the status line (cleared before any other line is written).
  let drawn = false;
  const status = () => {
    if (!io.isTTY || active.size === 0) return;
    const current =
      [...active].slice(0, 3).join(', ') + (active.size > 3 ? ` +${active.size - 3}` : '');
    io.stderr(`\r\u001b[2K[${done}/${total}] publishing ${current}`);
    drawn = true;
  };
  const clear = () => {
    if (!drawn) return;
    io.stderr('\r\u001b[2K');
    drawn = false;
  };
  return (event) => {
    switch (event.type) {
      case 'preflight':
        endSection = section(
          io,
          'trustpub_preflight',
          `Preflight: checking ${event.packages} package(s)`,
        );
        io.stderr(`Preflight: checking ${event.packages} package(s) before the first upload...\n`);
        break;
      case 'chunk':
        if (!publishing) {
          publishing = true;
          endSection();
          clear();
          endSection = section(io, 'trustpub_publish', `Publishing in ${event.chunks} chunk(s)`);
        }
        clear();
        io.stderr(
          `Chunk ${event.chunk + 1}/${event.chunks}: ${event.packages.length} package(s)\n`,
        );
        chunks = event.chunks;
        total = event.total;
        status();
        break;
      case 'package-start':
        active.add(event.name);
        status();
        break;
      case 'package-done': {
        active.delete(event.entry.name);
        done = event.done;
        total = event.total;
        const e = event.entry;
        // Held back by a failed preflight: the preflight's findings and the report say it once.
        if (publishing || e.status !== 'skipped') {
          clear();
          const what =
            e.status === 'failed'
              ? `failed ${e.error.code}`
              : e.status === 'skipped'
                ? `skipped (${e.reason})`
                : e.status;
          const chunk = e.chunk >= 0 && chunks ? ` (chunk ${e.chunk + 1}/${chunks})` : '';
          io.stderr(
            `  [${done}/${total}] ${what}: ${e.name}${e.version ? `@${e.version}` : ''}${chunk}\n`,
          );
          status();
        }
        if (event.done === event.total) {
          clear();
          endSection();
          endSection = () => {};
        }
        break;
      }
    }
  };
}

/** A collapsible part of the log on both CI systems that have them (each call is a no-op elsewhere). */
function section(io: CliIo, id: string, header: string): () => void {
  const endGitlab = gitlabSection(io, id, header);
  const endGithub = githubGroup(io, header);
  return () => {
    endGithub();
    endGitlab();
  };
}
