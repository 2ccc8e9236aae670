// Fresh temporary directories for the e2e suites. The runner points TMPDIR at a per-run folder that it
// scans for leaked tokens, so every suite makes its directories through here.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

/** A fresh directory under the run's temp dir, named `<prefix><random>`. */
export function tempDir(prefix: string): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}
