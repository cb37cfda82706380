// Types of what the tests take from gen-flink-catalog.mjs.
export const CACHE: string;
export function jarFiles(dir: string): string[];
