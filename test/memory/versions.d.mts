// Types of versions.mjs for the TypeScript tests.
export declare const MEMORY_FLINK_RELEASES: Record<string, string>;
export declare const memoryCacheDir: string;
export declare const memoryRepo: string;
export declare function classpathFile(release: string): string;
