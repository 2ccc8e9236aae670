import type { Finding, ProvenanceInfo, ReleaseEntry, TrustpubErrorJson } from '@trustpub/core';
import type { CreatedTag } from './git-tags.js';

export interface PublishedPackage {
  name: string;
  version: string;
  tag: string;
  provenance?: ProvenanceInfo;
}

/** What a run did, package by package. */
export interface ChangesetsPublishResult {
  /** 0 when nothing failed, 1 otherwise (the command's exit code). */
  exitCode: 0 | 1;
  published: PublishedPackage[];
  alreadyPublished: { name: string; version: string }[];
  /** Versions staged for approval (`--stage`): not installable until a maintainer approves them with 2FA. */
  staged: { name: string; version: string; tag: string; stageId: string }[];
  failed: { name: string; version?: string; error: TrustpubErrorJson }[];
  /** Packages that were planned but not attempted (preflight problems, an earlier chunk failed). */
  notAttempted: { name: string; version?: string; message: string }[];
  /** Git tags created by this run (also written as NDJSON `git-tag` events). */
  gitTags: CreatedTag[];
  /** Git tags that already existed and were left alone. */
  existingGitTags: CreatedTag[];
  findings: Finding[];
  /** A failure before anything was published (configuration, plan). */
  error?: TrustpubErrorJson;
}

/** Sorts the core's release entries into the result, package by package. */
export function collectEntries(
  result: ChangesetsPublishResult,
  entries: readonly ReleaseEntry[],
): void {
  for (const e of entries) {
    const version = e.version ? { version: e.version } : {};
    if (e.status === 'published') {
      result.published.push({
        name: e.name,
        version: e.version,
        tag: e.tag,
        ...(e.provenance ? { provenance: e.provenance } : {}),
      });
    } else if (e.status === 'staged') {
      result.staged.push({ name: e.name, version: e.version, tag: e.tag, stageId: e.stageId });
    } else if (e.status === 'already-published') {
      result.alreadyPublished.push({ name: e.name, version: e.version });
    } else if (e.status === 'failed') {
      result.failed.push({ name: e.name, ...version, error: e.error.toJSON() });
    } else {
      result.notAttempted.push({ name: e.name, ...version, message: e.message });
    }
  }
}
