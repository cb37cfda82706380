export function partOf(file: string): string;
export function importEdges(): string[];
export function mermaid(): string;
export function document(): string;
