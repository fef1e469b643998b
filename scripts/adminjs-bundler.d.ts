// AdminJS exports its bundler as `adminjs/bundler` without types for that path: what
// scripts/build.ts uses of it.
declare module 'adminjs/bundler' {
  import type AdminJS from 'adminjs';

  export const componentsBundler: {
    createEntry(options: { content: string; dir?: string }): Promise<void>;
    build(): Promise<void>;
  };
  export function generateUserComponentEntry(admin: AdminJS, entryPath: string): string;
}
