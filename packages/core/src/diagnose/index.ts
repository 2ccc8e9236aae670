// diagnose/: every pre-flight check (environment, package, exchange, dependencies) as findings.
export { diagnose } from './diagnose.js';
export type { DiagnoseInput, DiagnosePackage } from './diagnose.js';
