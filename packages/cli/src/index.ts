// Public API of the trustpub CLI package: the dispatcher, so other programs and tests can run commands
// with their own io.
export const PACKAGE_NAME = 'trustpub';
export { runCli, CLI_VERSION, MAIN_HELP } from './cli.js';
export type { CliIo } from './io.js';
export { EXIT } from './exit-codes.js';
