-- The Django tables a takeover keeps (docs/decisions.md#taking-over-the-django-database):
-- their foreign keys to users, groups, permissions and content types have no ON DELETE action,
-- because Django deleted those rows itself (on_delete=CASCADE). Without it, deleting a user
-- who had an API token was refused by the database. The database now deletes them with the
-- row they reference, as the other keys do. A database without these tables has nothing to change.
-- The block's semicolons are written \073: Prisma's pg adapter splits a migration at every semicolon.
DO E'
DECLARE
  fk record\073
BEGIN
  FOR fk IN
    SELECT c.conname, c.conrelid::regclass AS tbl, pg_get_constraintdef(c.oid) AS def
      FROM pg_constraint c
     WHERE c.contype = \'f\' AND c.confdeltype = \'a\'
       AND c.conrelid::regclass::text IN (\'authtoken_token\', \'guardian_userobjectpermission\', \'guardian_groupobjectpermission\')
  LOOP
    EXECUTE format(\'ALTER TABLE %s DROP CONSTRAINT %I, ADD CONSTRAINT %I %s ON DELETE CASCADE\',
      fk.tbl, fk.conname, fk.conname, replace(fk.def, \' DEFERRABLE INITIALLY DEFERRED\', \'\'))\073
  END LOOP\073
END';
