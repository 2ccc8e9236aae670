// diagnose/: every pre-flight check (environment, package, exchange, dependencies) as findings.
export { diagnose } from './diagnose.js';
export type { DiagnoseInput, DiagnosePackage, PackedScan } from './diagnose.js';
export { scanListedFiles } from './secrets.js';
export type { ListedFiles } from './secrets.js';
export { lintWorkflows } from './workflow-lint.js';
export type { ExpectedPublisher, WorkflowLintOptions } from './workflow-lint.js';
export type { WorkflowFinding } from './workflow-yaml.js';
