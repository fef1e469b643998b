// The project's folders, found the same way whether this code runs from its TypeScript
// sources (tests, commands under tsx) or from the server's build in dist/ (npm start).
import fs from 'node:fs';
import path from 'node:path';

function nearestPackageRoot(from: string): string {
  for (let dir = from; ; dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) return dir;
    if (path.dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

export const projectRoot = nearestPackageRoot(import.meta.dirname);
