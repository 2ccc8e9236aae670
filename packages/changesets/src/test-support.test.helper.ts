// Helpers for this package's tests (excluded from the published package by the `*.test.*` pattern).
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createContext, type CoreContext } from '@trustpub/core';

/** A temporary directory holding the given files (paths relative to it; objects are written as JSON). */
export function tempRepo(files: Record<string, string | object>): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'changeset-oidc-'));
  for (const [rel, content] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(
      file,
      typeof content === 'string' ? content : `${JSON.stringify(content, null, 2)}\n`,
    );
  }
  return dir;
}

/** Runs git in `dir` (identity from the test runner's environment). */
export function git(dir: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd: dir, encoding: 'utf8' }).trim();
}

/** `git init` + one commit of everything in `dir`. */
export function commitAll(dir: string): void {
  git(dir, 'init', '-q', '-b', 'main');
  git(dir, 'add', '-A');
  git(dir, 'commit', '-q', '-m', 'initial');
}

export function testContext(cwd: string): CoreContext {
  return createContext({ cwd, env: { ...process.env }, onSecret: () => {} });
}
