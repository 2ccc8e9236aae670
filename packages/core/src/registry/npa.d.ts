// npm-package-arg ships no types; only the call the registry client makes is declared.
declare module 'npm-package-arg' {
  interface NpaResult {
    name: string | null;
    escapedName: string | undefined;
  }
  function npa(arg: string): NpaResult;
  namespace npa {
    /** Validates `name` as npm does (old-package rules) and throws when it never could be published. */
    function resolve(name: string, spec: string): NpaResult;
  }
  export default npa;
}
