// Types of build-if-changed.js (plain JavaScript: it runs before tsx is loaded).
export function fingerprintFile(root?: string): string;
export function inputsFingerprint(root?: string): string;
export function buildIsCurrent(root?: string): boolean;
export function buildIfChanged(build: () => number, root?: string): number;
