// Makes the embedded database's pristine data folder (server/platform/embedded-postgres.ts
// `createPgliteTemplate`), which a first start copies instead of running initdb. Run by
// scripts/build.ts in a process of its own, beside the admin bundle, when the installed
// PGlite has none.
import { createPgliteTemplate, DEFAULT_TEMPLATE_DIR } from '../server/platform/embedded-postgres.ts';

await createPgliteTemplate(process.argv[2] ?? DEFAULT_TEMPLATE_DIR);
