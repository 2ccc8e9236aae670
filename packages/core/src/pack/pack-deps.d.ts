// Minimal typings for the CommonJS libraries the packing step uses exactly as npm uses them
// (none of them ships its own types). Only the members trustpub calls are declared.

declare module 'npm-packlist' {
  /** The slice of an arborist node npm-packlist reads. */
  export interface PacklistTree {
    path: string;
    package: Record<string, unknown>;
    isProjectRoot: boolean;
    isLink?: boolean;
    target?: PacklistTree;
    workspaces?: Map<string, string>;
    edgesOut: Map<string, { peer: boolean; dev: boolean; to: PacklistTree | null }>;
  }
  function packlist(
    tree: PacklistTree,
    options?: { path?: string; prefix?: string; workspaces?: string[] },
  ): Promise<string[]>;
  namespace packlist {
    /** The options of a walker: a package root's, or those `walkerOpt` gives a folder below it. */
    interface WalkerOptions {
      path?: string;
      prefix?: string;
      workspaces?: string[];
      isPackage?: boolean;
    }
    /** The walker `packlist()` runs for the package root (ignore-walk's Walker underneath). */
    class Walker {
      constructor(tree: PacklistTree, options: WalkerOptions);
      readonly tree: PacklistTree;
      /** The walker of the folder above (for a folder below the package root), else null. */
      readonly parent: Walker | null;
      /** The folder's own name. */
      readonly basename: string;
      /** Set on a folder below the root that its parent's rules name exactly. */
      readonly exact: boolean | undefined;
      /** The ignore files (and npm-packlist's synthetic rule sets) of this folder, in the order applied. */
      readonly ignoreFiles: readonly (string | symbol)[];
      /** The compiled rules of each ignore file of this folder, by file name. */
      ignoreRules: Record<string | symbol, unknown[] | null | undefined>;
      /** Compiles `data` (one rule per line) as the rules of `file`, then calls `then`. */
      onReadIgnoreFile(file: string, data: string, then: () => void): void;
      /** Whether `entry` (a path below this folder) is kept by this folder's rules and those above it. */
      filterEntry(entry: string, partial?: boolean, entryBasename?: string): boolean;
      /** Walks the folder `entry` below this one, then calls `then`. */
      walker(entry: string, options: unknown, then: () => void): void;
      /** The options of the walker of the folder `entry` below this one. */
      walkerOpt(entry: string, options: unknown): WalkerOptions;
      on(event: 'done', listener: (files: string[]) => void): this;
      on(event: 'error', listener: (error: unknown) => void): this;
      start(): this;
    }
  }
  export default packlist;
}

declare module '@npmcli/package-json' {
  class PackageJson {
    static load(path: string, opts?: { create?: boolean }): Promise<PackageJson>;
    static fix(path: string, opts?: { changes?: string[] }): Promise<PackageJson>;
    static prepare(path: string, opts?: { changes?: string[] }): Promise<PackageJson>;
    static normalize(path: string, opts?: { changes?: string[] }): Promise<PackageJson>;
    /** The steps `prepare()` runs, in order. */
    static readonly prepareSteps: readonly string[];
    readonly content: Record<string, unknown>;
    readonly path: string;
    /** Sets the folder (as `load` does) with an empty manifest. */
    create(path: string): PackageJson;
    /** Parses `data` as the manifest (as `load` does with the file's text). */
    fromJSON(data: string): PackageJson;
    fix(opts?: { changes?: string[] }): Promise<PackageJson>;
    prepare(opts?: { changes?: string[]; steps?: readonly string[] }): Promise<PackageJson>;
    normalize(opts?: { changes?: string[] }): Promise<PackageJson>;
  }
  export default PackageJson;
}

declare module '@npmcli/run-script' {
  interface RunScriptOptions {
    event: string;
    path: string;
    pkg: Record<string, unknown>;
    env?: Record<string, string | undefined>;
    stdio?: 'pipe' | 'inherit';
    scriptShell?: string;
  }
  interface RunScriptResult {
    code: number | null;
    signal: string | null;
    stdout: string | Buffer;
    stderr: string | Buffer;
  }
  function runScript(options: RunScriptOptions): Promise<RunScriptResult>;
  export default runScript;
}

declare module 'validate-npm-package-name' {
  function validate(name: unknown): {
    validForNewPackages: boolean;
    validForOldPackages: boolean;
    errors?: string[];
    warnings?: string[];
  };
  export default validate;
}
