import type { ButterflyLog } from './butterfly-log.js';
import type { ChangesetsPublishResult } from './publish-result.js';

/**
 * Prints what the release did in `changeset publish`'s words (CLI 2.x lines, which changesets/action
 * v1 parses), followed by what changesets never says: each preflight finding and each failure with its
 * code, message and fix, and why a package was not attempted.
 */
export function printOutcome(
  log: ButterflyLog,
  result: ChangesetsPublishResult,
  opts: { noop: boolean },
): void {
  if (opts.noop) log.warn('No unpublished projects to publish');
  for (const f of result.findings) {
    const line = `${f.code}${f.packageName ? ` (${f.packageName})` : ''}: ${f.message}\n  fix: ${f.hint}`;
    if (f.severity === 'error') log.error(line);
    else log.warn(line);
  }
  if (result.published.length) {
    log.success('packages published successfully:');
    log.log(result.published.map((p) => `${p.name}@${p.version}`).join('\n'));
    for (const p of result.published) {
      if (p.provenance?.transparencyLogUrl)
        log.info(`${p.name}@${p.version}: provenance ${p.provenance.transparencyLogUrl}`);
    }
  }
  if (result.staged.length) {
    log.success('packages staged for approval (not installable until approved with 2FA):');
    log.log(result.staged.map((p) => `${p.name}@${p.version} (stage id ${p.stageId})`).join('\n'));
    log.info(
      `approve with: trustpub stage approve ${result.staged.map((p) => p.stageId).join(' ')}`,
    );
  }
  for (const f of result.failed) {
    log.error(`an error occurred while publishing ${f.name}: ${f.error.code} ${f.error.message}`);
    log.error(`  fix: ${f.error.hint}`);
  }
  for (const n of result.notAttempted)
    log.warn(`${n.name}${n.version ? `@${n.version}` : ''} was not published: ${n.message}`);
}
