import fs from 'node:fs';
import path from 'node:path';
import type { TrustConfig } from './types.js';

/** What npmjs keeps and Verdaccio does not: saved next to Verdaccio's storage so a restart keeps it. */
export interface RegistryState {
  trust: Record<string, TrustConfig>;
  restrictedPackages: string[];
  attestations: Record<string, { predicateType: string; bundle: unknown }>;
}

const FILE = 'registry-state.json';

/** The saved state of a previous run in this directory, or an empty one. */
export function loadRegistryState(dir: string): RegistryState {
  try {
    const saved = JSON.parse(
      fs.readFileSync(path.join(dir, FILE), 'utf8'),
    ) as Partial<RegistryState>;
    return {
      trust: saved.trust ?? {},
      restrictedPackages: saved.restrictedPackages ?? [],
      attestations: saved.attestations ?? {},
    };
  } catch {
    return { trust: {}, restrictedPackages: [], attestations: {} };
  }
}

/** Writes the state atomically (write, then rename), synchronously: changes are rare and small. */
export function saveRegistryState(dir: string, state: RegistryState): void {
  const file = path.join(dir, FILE);
  fs.writeFileSync(`${file}.tmp`, JSON.stringify(state));
  fs.renameSync(`${file}.tmp`, file);
}
