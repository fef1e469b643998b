#!/usr/bin/env node
// Prisma generator writing the full datamodel as JSON. The queryCompiler client strips
// Prisma.dmmf at runtime, and @adminjs/prisma needs it (see STACK.md).
const fs = require('node:fs');
const path = require('node:path');
const { generatorHandler } = require('@prisma/generator-helper');

generatorHandler({
  onManifest: () => ({ prettyName: 'Full datamodel JSON', defaultOutput: '../server/generated/dmmf.json' }),
  onGenerate: async (options) => {
    const output = options.generator.output.value;
    fs.mkdirSync(path.dirname(output), { recursive: true });
    fs.writeFileSync(output, JSON.stringify(options.dmmf.datamodel));
  },
});
