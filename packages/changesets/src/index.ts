// Public API of @trustpub/changesets: `changeset publish` with npm trusted publishing.
export { publish } from './publish.js';
export type {
  ChangesetsPublishOptions,
  ChangesetsPublishResult,
  PublishedPackage,
} from './publish.js';
export { runCli, CHANGESETS_OIDC_VERSION } from './cli.js';
export { parsePublishArgs, USAGE } from './args.js';
export type { PublishArgs, ParsedCommand } from './args.js';
export { gitTagName } from './git-tags.js';
export type { CreatedTag, TagRelease } from './git-tags.js';
export type { GitTagEvent } from './output-report.js';
export type { OutputStreams } from './butterfly-log.js';
