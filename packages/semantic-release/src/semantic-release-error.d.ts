// @semantic-release/error@4 ships no types; this is its whole surface.
declare module '@semantic-release/error' {
  // The module is default-export only (as published); this declaration mirrors it, it does not export ours.
  export default class SemanticReleaseError extends Error {
    constructor(message: string, code?: string, details?: string);
    readonly code: string | undefined;
    readonly details: string | undefined;
    readonly semanticRelease: true;
  }
}
