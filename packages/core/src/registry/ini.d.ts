// `ini` ships no types and @types/ini is not installed; this is the one function the core uses.
declare module 'ini' {
  export function parse(text: string): Record<string, unknown>;
}
