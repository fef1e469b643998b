-- Brings the Django baseline to this server's schema (SPEC 2.18): referential actions
-- in the database, defaults, widened user columns (B10), unique organizers and group
-- memberships (B15), case-insensitive unique emails (4.12), the mail outbox and the
-- admin session store, and the permission catalogue of every model.

-- Django's foreign keys carry no ON DELETE action: replace them all.
ALTER TABLE "auth_group_permissions" DROP CONSTRAINT "auth_group_permissio_permission_id_84c5c92e_fk_auth_perm";
ALTER TABLE "auth_group_permissions" DROP CONSTRAINT "auth_group_permissions_group_id_b120cbf9_fk_auth_group_id";
ALTER TABLE "auth_permission" DROP CONSTRAINT "auth_permission_content_type_id_2f476e4b_fk_django_co";
ALTER TABLE "django_admin_log" DROP CONSTRAINT "django_admin_log_content_type_id_c4bce8eb_fk_django_co";
ALTER TABLE "django_admin_log" DROP CONSTRAINT "django_admin_log_user_id_c564eba6_fk_users_user_id";
ALTER TABLE "profiles_student" DROP CONSTRAINT "profiles_student_registration_id_090904a7_fk_register_";
ALTER TABLE "profiles_student" DROP CONSTRAINT "profiles_student_school_id_ad47a4e6_fk_tutoring_school_uai_code";
ALTER TABLE "profiles_student" DROP CONSTRAINT "profiles_student_tutoring_group_id_2b5046fe_fk_tutoring_";
ALTER TABLE "profiles_student" DROP CONSTRAINT "profiles_student_user_id_2ea972cd_fk_users_user_id";
ALTER TABLE "profiles_tutor" DROP CONSTRAINT "profiles_tutor_user_id_bdbd9ace_fk_users_user_id";
ALTER TABLE "register_registration" DROP CONSTRAINT "register_registratio_emergency_contact_id_be4952ba_fk_register_";
ALTER TABLE "register_registration" DROP CONSTRAINT "register_registratio_school_id_0a59de0c_fk_tutoring_";
ALTER TABLE "register_registration" DROP CONSTRAINT "register_registration_address_id_1b153403_fk_core_address_id";
ALTER TABLE "tutoring_school" DROP CONSTRAINT "tutoring_school_address_id_5f348669_fk_core_address_id";
ALTER TABLE "tutoring_tutoringgroup" DROP CONSTRAINT "tutoring_tutoringgro_school_id_a388b5eb_fk_tutoring_";
ALTER TABLE "tutoring_tutoringsession" DROP CONSTRAINT "tutoring_tutoringses_tutoring_group_id_0e3872fd_fk_tutoring_";
ALTER TABLE "tutoring_tutortutoringgroup" DROP CONSTRAINT "tutoring_tutortutori_tutor_id_a3bd6fe5_fk_profiles_";
ALTER TABLE "tutoring_tutortutoringgroup" DROP CONSTRAINT "tutoring_tutortutori_tutoring_group_id_eb857d37_fk_tutoring_";
ALTER TABLE "users_user_groups" DROP CONSTRAINT "users_user_groups_group_id_9afc8d0e_fk_auth_group_id";
ALTER TABLE "users_user_groups" DROP CONSTRAINT "users_user_groups_user_id_5f6f5a90_fk_users_user_id";
ALTER TABLE "users_user_user_permissions" DROP CONSTRAINT "users_user_user_perm_permission_id_0b93982e_fk_auth_perm";
ALTER TABLE "users_user_user_permissions" DROP CONSTRAINT "users_user_user_permissions_user_id_20aca447_fk_users_user_id";
ALTER TABLE "visits_place" DROP CONSTRAINT "visits_place_address_id_c9022384_fk_core_address_id";
ALTER TABLE "visits_visit" DROP CONSTRAINT "visits_visit_place_id_88b64292_fk_visits_place_id";
ALTER TABLE "visits_visitorganizer" DROP CONSTRAINT "visits_visitorganizer_tutor_id_17eaf4d9_fk_profiles_tutor_id";
ALTER TABLE "visits_visitorganizer" DROP CONSTRAINT "visits_visitorganizer_visit_id_5b7a76dd_fk_visits_visit_id";
ALTER TABLE "visits_participation" DROP CONSTRAINT "visits_visitparticipant_user_id_18f524b1_fk_users_user_id";
ALTER TABLE "visits_participation" DROP CONSTRAINT "visits_visitparticipant_visit_id_0db635ac_fk_visits_visit_id";

-- LIKE-prefix indexes Django adds on varchar keys: lookups here use exact or lower() matches.
DROP INDEX "auth_group_name_a6ea08ec_like";
DROP INDEX "core_document_slug_9ffd5a20_like";
DROP INDEX "profiles_student_school_id_ad47a4e6_like";
DROP INDEX "register_registration_school_id_0a59de0c_like";
DROP INDEX "tutoring_school_uai_code_32db157d_like";
DROP INDEX "tutoring_tutoringgroup_school_id_a388b5eb_like";
DROP INDEX "users_user_email_243f6e77_like";

-- SPEC 9, B10: registration data must fit the user columns.
ALTER TABLE "users_user" ALTER COLUMN "first_name" SET DATA TYPE VARCHAR(150);
ALTER TABLE "users_user" ALTER COLUMN "phone_number" SET DATA TYPE VARCHAR(30);

-- Defaults Django kept in application code.
ALTER TABLE "users_user" ALTER COLUMN "is_superuser" SET DEFAULT false,
  ALTER COLUMN "first_name" SET DEFAULT '',
  ALTER COLUMN "last_name" SET DEFAULT '',
  ALTER COLUMN "is_staff" SET DEFAULT false,
  ALTER COLUMN "is_active" SET DEFAULT true,
  ALTER COLUMN "date_joined" SET DEFAULT CURRENT_TIMESTAMP;
ALTER TABLE "django_admin_log" ALTER COLUMN "action_time" SET DEFAULT CURRENT_TIMESTAMP,
  ALTER COLUMN "change_message" SET DEFAULT '';
ALTER TABLE "tutoring_tutortutoringgroup" ALTER COLUMN "is_leader" SET DEFAULT false;
ALTER TABLE "tutoring_tutoringsession" ALTER COLUMN "date" SET DEFAULT (now() AT TIME ZONE 'Europe/Paris')::date,
  ALTER COLUMN "start_time" SET DEFAULT '17:00:00'::time without time zone,
  ALTER COLUMN "end_time" SET DEFAULT '19:00:00'::time without time zone;
ALTER TABLE "core_address" ALTER COLUMN "line2" SET DEFAULT '',
  ALTER COLUMN "country" SET DEFAULT 'FR';
ALTER TABLE "register_registration" ALTER COLUMN "submitted" SET DEFAULT CURRENT_TIMESTAMP,
  ALTER COLUMN "validated" SET DEFAULT false;
ALTER TABLE "visits_visit" ALTER COLUMN "summary" SET DEFAULT '',
  ALTER COLUMN "description" SET DEFAULT '',
  ALTER COLUMN "meeting" SET DEFAULT '';
ALTER TABLE "visits_place" ALTER COLUMN "description" SET DEFAULT '';

-- SPEC 9, B15 (the takeover removes duplicates before this runs).
CREATE UNIQUE INDEX "tutoring_tutortutoringgroup_tutor_id_tutoring_group_id_key" ON "tutoring_tutortutoringgroup"("tutor_id", "tutoring_group_id");
CREATE UNIQUE INDEX "visits_visitorganizer_tutor_id_visit_id_key" ON "visits_visitorganizer"("tutor_id", "visit_id");

-- SPEC 4.12: emails are unique whatever their case.
CREATE UNIQUE INDEX "users_user_email_lower_key" ON "users_user"(lower("email"));

CREATE INDEX "visits_visit_date_idx" ON "visits_visit"("date");
CREATE INDEX "django_admin_log_content_type_id_object_id_idx" ON "django_admin_log"("content_type_id", "object_id");

CREATE TABLE "oser_mail_outbox" (
    "id" SERIAL NOT NULL,
    "notification" VARCHAR(50) NOT NULL,
    "recipients" TEXT[],
    "subject" VARCHAR(300) NOT NULL,
    "html" TEXT NOT NULL,
    "text" TEXT NOT NULL,
    "created_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "attempts" INTEGER NOT NULL DEFAULT 0,
    "next_attempt_at" TIMESTAMPTZ(6) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "last_error" TEXT,
    "sent_at" TIMESTAMPTZ(6),
    "locked_until" TIMESTAMPTZ(6),

    CONSTRAINT "oser_mail_outbox_pkey" PRIMARY KEY ("id")
);

CREATE TABLE "oser_admin_session" (
    "sid" VARCHAR NOT NULL,
    "sess" JSON NOT NULL,
    "expire" TIMESTAMP(6) NOT NULL,

    CONSTRAINT "oser_admin_session_pkey" PRIMARY KEY ("sid")
);

CREATE INDEX "oser_mail_outbox_sent_at_next_attempt_at_idx" ON "oser_mail_outbox"("sent_at", "next_attempt_at");
CREATE INDEX "oser_admin_session_expire_idx" ON "oser_admin_session"("expire");

-- Foreign keys with the referential actions of SPEC 2.3-2.16.
ALTER TABLE "auth_permission" ADD CONSTRAINT "auth_permission_content_type_id_fkey" FOREIGN KEY ("content_type_id") REFERENCES "django_content_type"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "auth_group_permissions" ADD CONSTRAINT "auth_group_permissions_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "auth_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "auth_group_permissions" ADD CONSTRAINT "auth_group_permissions_permission_id_fkey" FOREIGN KEY ("permission_id") REFERENCES "auth_permission"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "users_user_groups" ADD CONSTRAINT "users_user_groups_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "users_user_groups" ADD CONSTRAINT "users_user_groups_group_id_fkey" FOREIGN KEY ("group_id") REFERENCES "auth_group"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "users_user_user_permissions" ADD CONSTRAINT "users_user_user_permissions_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "users_user_user_permissions" ADD CONSTRAINT "users_user_user_permissions_permission_id_fkey" FOREIGN KEY ("permission_id") REFERENCES "auth_permission"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "django_admin_log" ADD CONSTRAINT "django_admin_log_content_type_id_fkey" FOREIGN KEY ("content_type_id") REFERENCES "django_content_type"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "django_admin_log" ADD CONSTRAINT "django_admin_log_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "profiles_student" ADD CONSTRAINT "profiles_student_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "profiles_student" ADD CONSTRAINT "profiles_student_tutoring_group_id_fkey" FOREIGN KEY ("tutoring_group_id") REFERENCES "tutoring_tutoringgroup"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "profiles_student" ADD CONSTRAINT "profiles_student_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "tutoring_school"("uai_code") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "profiles_student" ADD CONSTRAINT "profiles_student_registration_id_fkey" FOREIGN KEY ("registration_id") REFERENCES "register_registration"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "profiles_tutor" ADD CONSTRAINT "profiles_tutor_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "tutoring_school" ADD CONSTRAINT "tutoring_school_address_id_fkey" FOREIGN KEY ("address_id") REFERENCES "core_address"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "tutoring_tutoringgroup" ADD CONSTRAINT "tutoring_tutoringgroup_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "tutoring_school"("uai_code") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "tutoring_tutortutoringgroup" ADD CONSTRAINT "tutoring_tutortutoringgroup_tutoring_group_id_fkey" FOREIGN KEY ("tutoring_group_id") REFERENCES "tutoring_tutoringgroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "tutoring_tutortutoringgroup" ADD CONSTRAINT "tutoring_tutortutoringgroup_tutor_id_fkey" FOREIGN KEY ("tutor_id") REFERENCES "profiles_tutor"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "tutoring_tutoringsession" ADD CONSTRAINT "tutoring_tutoringsession_tutoring_group_id_fkey" FOREIGN KEY ("tutoring_group_id") REFERENCES "tutoring_tutoringgroup"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "register_registration" ADD CONSTRAINT "register_registration_address_id_fkey" FOREIGN KEY ("address_id") REFERENCES "core_address"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "register_registration" ADD CONSTRAINT "register_registration_emergency_contact_id_fkey" FOREIGN KEY ("emergency_contact_id") REFERENCES "register_emergencycontact"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "register_registration" ADD CONSTRAINT "register_registration_school_id_fkey" FOREIGN KEY ("school_id") REFERENCES "tutoring_school"("uai_code") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "visits_visit" ADD CONSTRAINT "visits_visit_place_id_fkey" FOREIGN KEY ("place_id") REFERENCES "visits_place"("id") ON DELETE SET NULL ON UPDATE CASCADE;
ALTER TABLE "visits_place" ADD CONSTRAINT "visits_place_address_id_fkey" FOREIGN KEY ("address_id") REFERENCES "core_address"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "visits_participation" ADD CONSTRAINT "visits_participation_user_id_fkey" FOREIGN KEY ("user_id") REFERENCES "users_user"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "visits_participation" ADD CONSTRAINT "visits_participation_visit_id_fkey" FOREIGN KEY ("visit_id") REFERENCES "visits_visit"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "visits_visitorganizer" ADD CONSTRAINT "visits_visitorganizer_tutor_id_fkey" FOREIGN KEY ("tutor_id") REFERENCES "profiles_tutor"("id") ON DELETE CASCADE ON UPDATE CASCADE;
ALTER TABLE "visits_visitorganizer" ADD CONSTRAINT "visits_visitorganizer_visit_id_fkey" FOREIGN KEY ("visit_id") REFERENCES "visits_visit"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- Content types and the add/change/delete/view permissions of every model, as Django's
-- catalogue (already present, with the same keys, in a database taken over from Django).
INSERT INTO "django_content_type" ("app_label", "model") VALUES
  ('admin', 'logentry'),
  ('auth', 'permission'),
  ('auth', 'group'),
  ('contenttypes', 'contenttype'),
  ('core', 'document'),
  ('core', 'address'),
  ('users', 'user'),
  ('profiles', 'student'),
  ('profiles', 'tutor'),
  ('tutoring', 'school'),
  ('tutoring', 'tutoringgroup'),
  ('tutoring', 'tutoringsession'),
  ('tutoring', 'tutortutoringgroup'),
  ('visits', 'place'),
  ('visits', 'visit'),
  ('visits', 'visitorganizer'),
  ('visits', 'participation'),
  ('register', 'registration'),
  ('register', 'emergencycontact')
ON CONFLICT ("app_label", "model") DO NOTHING;
INSERT INTO "auth_permission" ("name", "content_type_id", "codename")
SELECT 'Can ' || action || ' ' || label, ct."id", action || '_' || ct."model"
FROM (VALUES
  ('admin', 'logentry', 'log entry'),
  ('auth', 'permission', 'permission'),
  ('auth', 'group', 'group'),
  ('contenttypes', 'contenttype', 'content type'),
  ('core', 'document', 'document'),
  ('core', 'address', 'adresse'),
  ('users', 'user', 'utilisateur'),
  ('profiles', 'student', 'lycéen'),
  ('profiles', 'tutor', 'tuteur'),
  ('tutoring', 'school', 'lycée'),
  ('tutoring', 'tutoringgroup', 'groupe de tutorat'),
  ('tutoring', 'tutoringsession', 'séance de tutorat'),
  ('tutoring', 'tutortutoringgroup', 'membre du groupe de tutorat'),
  ('visits', 'place', 'lieu'),
  ('visits', 'visit', 'sortie'),
  ('visits', 'visitorganizer', 'organisateur'),
  ('visits', 'participation', 'participation'),
  ('register', 'registration', 'dossier d''inscription'),
  ('register', 'emergencycontact', 'contact d''urgence')
) AS catalogue(app_label, model, label)
JOIN "django_content_type" ct USING (app_label, model)
CROSS JOIN (VALUES ('add'), ('change'), ('delete'), ('view')) AS actions(action)
ORDER BY ct."id", array_position(ARRAY['add', 'change', 'delete', 'view'], action)
ON CONFLICT ("content_type_id", "codename") DO NOTHING;
