// negotiator 1.x (Express's own, also listed in package.json for compression.ts): what
// compression.ts uses of it. @types/negotiator describes 0.6, without the `preferred` option.
declare module 'negotiator' {
  import type { IncomingMessage } from 'node:http';

  export default class Negotiator {
    constructor(request: Pick<IncomingMessage, 'headers'>);
    encoding(available: string[], options?: { preferred?: string[] }): string | undefined;
  }
}
