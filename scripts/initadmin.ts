// npm run initadmin: creates the administrators of the settings when no user exists (SPEC 6.2).
import { ConfigError, parseConfig } from '../server/platform/config.ts';
import { AdminsAlreadyInitialized, initializeAdmins } from '../server/users/service.ts';
import { withDatabase } from './cli.ts';

if (process.argv.includes('--help')) {
  console.log(`Usage: npm run initadmin

Creates the administrators named by ADMINS (or ADMIN_NAME/ADMIN_EMAIL) as active staff
superusers, with the password ADMIN_INITIAL_PASSWORD, only when the database has no user.
Uses DATABASE_URL, or the embedded database under DATA_DIR when it is unset.`);
  process.exit(0);
}

try {
  const config = parseConfig(process.env);
  if (!config.adminInitialPassword) throw new ConfigError('ADMIN_INITIAL_PASSWORD must be set in production');
  const password = config.adminInitialPassword;
  await withDatabase(config, async (db) => {
    const created = await initializeAdmins(db.prisma, config.admins, password);
    for (const admin of created) console.log(`Created ${admin.name} (email: ${admin.email})`);
    console.log('Log in to the admin panel and change this password now.');
  });
} catch (error) {
  if (error instanceof AdminsAlreadyInitialized || error instanceof ConfigError) {
    console.error(error.message);
    process.exit(1);
  }
  throw error;
}
