import fs from 'node:fs';
import path from 'node:path';
import { SandboxError } from './sandbox-error.js';
import { readIfPresent } from './state-file.js';
import type { TrustConfig } from './types.js';

/** What npmjs keeps and Verdaccio does not: saved next to Verdaccio's storage so a restart keeps it. */
export interface RegistryState {
  trust: Record<string, TrustConfig>;
  restrictedPackages: string[];
  attestations: Record<string, { predicateType: string; bundle: unknown }>;
}

const FILE = 'registry-state.json';

/**
 * The saved state of a previous run in this directory, or an empty one when there was none. A file that
 * cannot be read as that state stops the start: resetting it would silently drop trusted publishers and
 * provenance that the stored packages still have.
 */
export function loadRegistryState(dir: string): RegistryState {
  const file = path.join(dir, FILE);
  const text = readIfPresent(file);
  if (text === undefined) return { trust: {}, restrictedPackages: [], attestations: {} };
  let saved: Partial<RegistryState> | null;
  try {
    saved = JSON.parse(text) as Partial<RegistryState> | null;
  } catch (error) {
    saved = null;
    if (!(error instanceof SyntaxError)) throw error;
  }
  if (!saved || typeof saved !== 'object' || Array.isArray(saved)) {
    throw new SandboxError(
      `${file} is corrupt: it is not the sandbox's saved state (trusted publishers, restricted packages, attestations)`,
      `Restore it, or start over in a new --dir (or delete ${dir}, which removes its packages too).`,
    );
  }
  return {
    trust: saved.trust ?? {},
    restrictedPackages: saved.restrictedPackages ?? [],
    attestations: saved.attestations ?? {},
  };
}

/** Writes the state atomically (write, then rename), synchronously: changes are rare and small. */
export function saveRegistryState(dir: string, state: RegistryState): void {
  const file = path.join(dir, FILE);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(state));
  fs.renameSync(`${file}.tmp`, file);
}
