import type { ReleaseEvent } from '@trustpub/core';
import { gitlabSection } from './ci-output.js';
import type { CliIo } from './io.js';

/**
 * Turns release events into progress on stderr: chunk headers always (they are few), and on a terminal
 * a line per finished package plus the package being published. Nothing with --json.
 */
export function createProgress(io: CliIo, json: boolean): (event: ReleaseEvent) => void {
  if (json) return () => {};
  let endSection: () => void = () => {};
  const active = new Set<string>();
  let done = 0;
  let total = 0;
  const status = () => {
    if (!io.isTTY) return;
    const current =
      [...active].slice(0, 3).join(', ') + (active.size > 3 ? ` +${active.size - 3}` : '');
    io.stderr(`\r\u001b[2K[${done}/${total}] ${current ? `publishing ${current}` : ''}`);
  };
  const clear = () => io.isTTY && io.stderr('\r\u001b[2K');
  return (event) => {
    switch (event.type) {
      case 'preflight':
        endSection = gitlabSection(
          io,
          'trustpub_preflight',
          `Preflight: checking ${event.packages} package(s)`,
        );
        io.stderr(`Preflight: checking ${event.packages} package(s) before the first upload...\n`);
        break;
      case 'chunk':
        endSection();
        clear();
        endSection = gitlabSection(
          io,
          `trustpub_chunk_${event.chunk + 1}`,
          `Chunk ${event.chunk + 1}/${event.chunks}`,
        );
        io.stderr(
          `Chunk ${event.chunk + 1}/${event.chunks}: ${event.packages.length} package(s)\n`,
        );
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
        if (io.isTTY) {
          clear();
          const e = event.entry;
          const what =
            e.status === 'failed'
              ? `failed ${e.error.code}`
              : e.status === 'skipped'
                ? `skipped (${e.reason})`
                : e.status;
          io.stderr(`  ${what}: ${e.name}${e.version ? `@${e.version}` : ''}\n`);
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
