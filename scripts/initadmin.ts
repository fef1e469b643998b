// npm run initadmin: creates the administrators of the settings when no user exists (docs/decisions.md#commands).
import { AdminsAlreadyInitialized, initializeAdmins } from '../server/users/service.ts';
import { fail, loadConfigOrExit, parseFlagsOrExit, withDatabase } from './cli.ts';

parseFlagsOrExit(
  {},
  `Usage: npm run initadmin

Creates the administrators named by ADMINS (or ADMIN_NAME/ADMIN_EMAIL) as active staff
superusers, with the password ADMIN_INITIAL_PASSWORD, only when the database has no user.
Uses DATABASE_URL, or the embedded database under DATA_DIR when it is unset.`,
);

const config = loadConfigOrExit();
const password = config.adminInitialPassword ?? fail('ADMIN_INITIAL_PASSWORD must be set in production');
try {
  await withDatabase(config, async (db) => {
    const created = await initializeAdmins(db.prisma, config.admins, password);
    for (const admin of created) console.log(`Created ${admin.name} (email: ${admin.email})`);
    console.log('Log in to the admin panel and change this password now.');
  });
} catch (error) {
  if (error instanceof AdminsAlreadyInitialized) fail(error.message);
  throw error;
}
