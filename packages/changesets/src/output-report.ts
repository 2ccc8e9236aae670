import fs from 'node:fs';
import path from 'node:path';

/** One line of changesets 3's `--output` / `CHANGESETS_OUTPUT` NDJSON file. */
export interface GitTagEvent {
  type: 'git-tag';
  tag: string;
  packageName: string;
}

export interface OutputReport {
  write(event: GitTagEvent): void;
}

/**
 * Appends NDJSON events to `file` as changesets 3 does (the directory is created, the file is appended
 * to, never truncated: changesets/action v2 reads every `git-tag` line after the run). Each line is
 * written synchronously, so a crash later in the run cannot lose a tag that was already created.
 */
export function createOutputReport(file: string | undefined): OutputReport | undefined {
  if (!file) return undefined;
  fs.mkdirSync(path.dirname(file), { recursive: true });
  return {
    write(event) {
      fs.appendFileSync(file, `${JSON.stringify(event)}\n`);
    },
  };
}
