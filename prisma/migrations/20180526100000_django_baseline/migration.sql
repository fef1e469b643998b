-- Baseline: the schema the original Django backend (oser-cs/oser-backend) creates,
-- extracted from shared/fixtures/original-oser.sql (tables this project keeps).
-- A database taken over from Django already has it: `npm run db:takeover` marks it applied.

CREATE TABLE auth_group (
    id integer NOT NULL,
    name character varying(150) NOT NULL
);

CREATE SEQUENCE auth_group_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE auth_group_id_seq OWNED BY auth_group.id;

CREATE TABLE auth_group_permissions (
    id integer NOT NULL,
    group_id integer NOT NULL,
    permission_id integer NOT NULL
);

CREATE SEQUENCE auth_group_permissions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE auth_group_permissions_id_seq OWNED BY auth_group_permissions.id;

CREATE TABLE auth_permission (
    id integer NOT NULL,
    name character varying(255) NOT NULL,
    content_type_id integer NOT NULL,
    codename character varying(100) NOT NULL
);

CREATE SEQUENCE auth_permission_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE auth_permission_id_seq OWNED BY auth_permission.id;

CREATE TABLE core_address (
    id integer NOT NULL,
    line1 character varying(300) NOT NULL,
    line2 character varying(300) NOT NULL,
    post_code character varying(20) NOT NULL,
    city character varying(100) NOT NULL,
    country character varying(2) NOT NULL
);

CREATE SEQUENCE core_address_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE core_address_id_seq OWNED BY core_address.id;

CREATE TABLE core_document (
    id integer NOT NULL,
    title character varying(300) NOT NULL,
    slug character varying(100) NOT NULL,
    content text NOT NULL
);

CREATE SEQUENCE core_document_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE core_document_id_seq OWNED BY core_document.id;

CREATE TABLE django_admin_log (
    id integer NOT NULL,
    action_time timestamp with time zone NOT NULL,
    object_id text,
    object_repr character varying(200) NOT NULL,
    action_flag smallint NOT NULL,
    change_message text NOT NULL,
    content_type_id integer,
    user_id integer NOT NULL,
    CONSTRAINT django_admin_log_action_flag_check CHECK ((action_flag >= 0))
);

CREATE SEQUENCE django_admin_log_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE django_admin_log_id_seq OWNED BY django_admin_log.id;

CREATE TABLE django_content_type (
    id integer NOT NULL,
    app_label character varying(100) NOT NULL,
    model character varying(100) NOT NULL
);

CREATE SEQUENCE django_content_type_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE django_content_type_id_seq OWNED BY django_content_type.id;

CREATE TABLE profiles_student (
    id integer NOT NULL,
    registration_id integer,
    school_id character varying(8),
    tutoring_group_id integer,
    user_id integer
);

CREATE SEQUENCE profiles_student_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE profiles_student_id_seq OWNED BY profiles_student.id;

CREATE TABLE profiles_tutor (
    id integer NOT NULL,
    promotion integer NOT NULL,
    user_id integer
);

CREATE SEQUENCE profiles_tutor_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE profiles_tutor_id_seq OWNED BY profiles_tutor.id;

CREATE TABLE register_emergencycontact (
    id integer NOT NULL,
    first_name character varying(50) NOT NULL,
    last_name character varying(50) NOT NULL,
    email character varying(254),
    home_phone character varying(50),
    mobile_phone character varying(50)
);

CREATE SEQUENCE register_emergencycontact_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE register_emergencycontact_id_seq OWNED BY register_emergencycontact.id;

CREATE TABLE register_registration (
    id integer NOT NULL,
    first_name character varying(50) NOT NULL,
    last_name character varying(50) NOT NULL,
    email character varying(254) NOT NULL,
    phone character varying(30),
    date_of_birth date,
    submitted timestamp with time zone NOT NULL,
    address_id integer,
    emergency_contact_id integer,
    validated boolean NOT NULL,
    school_id character varying(8),
    grade character varying(200)
);

CREATE SEQUENCE register_registration_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE register_registration_id_seq OWNED BY register_registration.id;

CREATE TABLE tutoring_school (
    name character varying(200) NOT NULL,
    uai_code character varying(8) NOT NULL,
    address_id integer
);

CREATE TABLE tutoring_tutoringgroup (
    id integer NOT NULL,
    name character varying(200) NOT NULL,
    school_id character varying(8)
);

CREATE SEQUENCE tutoring_tutoringgroup_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE tutoring_tutoringgroup_id_seq OWNED BY tutoring_tutoringgroup.id;

CREATE TABLE tutoring_tutoringsession (
    id integer NOT NULL,
    date date NOT NULL,
    start_time time without time zone NOT NULL,
    end_time time without time zone NOT NULL,
    tutoring_group_id integer NOT NULL
);

CREATE SEQUENCE tutoring_tutoringsession_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE tutoring_tutoringsession_id_seq OWNED BY tutoring_tutoringsession.id;

CREATE TABLE tutoring_tutortutoringgroup (
    id integer NOT NULL,
    is_leader boolean NOT NULL,
    tutoring_group_id integer NOT NULL,
    tutor_id integer NOT NULL
);

CREATE SEQUENCE tutoring_tutortutoringgroup_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE tutoring_tutortutoringgroup_id_seq OWNED BY tutoring_tutortutoringgroup.id;

CREATE TABLE users_user (
    id integer NOT NULL,
    password character varying(128) NOT NULL,
    last_login timestamp with time zone,
    is_superuser boolean NOT NULL,
    username character varying(150),
    first_name character varying(30) NOT NULL,
    last_name character varying(150) NOT NULL,
    email character varying(254) NOT NULL,
    is_staff boolean NOT NULL,
    is_active boolean NOT NULL,
    date_joined timestamp with time zone NOT NULL,
    date_of_birth date,
    gender character varying(1),
    phone_number character varying(20),
    profile_type character varying(20)
);

CREATE TABLE users_user_groups (
    id integer NOT NULL,
    user_id integer NOT NULL,
    group_id integer NOT NULL
);

CREATE SEQUENCE users_user_groups_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE users_user_groups_id_seq OWNED BY users_user_groups.id;

CREATE SEQUENCE users_user_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE users_user_id_seq OWNED BY users_user.id;

CREATE TABLE users_user_user_permissions (
    id integer NOT NULL,
    user_id integer NOT NULL,
    permission_id integer NOT NULL
);

CREATE SEQUENCE users_user_user_permissions_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE users_user_user_permissions_id_seq OWNED BY users_user_user_permissions.id;

CREATE TABLE visits_participation (
    id integer NOT NULL,
    present boolean,
    user_id integer,
    visit_id integer NOT NULL,
    accepted boolean
);

CREATE TABLE visits_place (
    id integer NOT NULL,
    name character varying(200) NOT NULL,
    address_id integer,
    description text NOT NULL
);

CREATE SEQUENCE visits_place_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE visits_place_id_seq OWNED BY visits_place.id;

CREATE TABLE visits_visit (
    id integer NOT NULL,
    title character varying(100) NOT NULL,
    summary character varying(300) NOT NULL,
    description text NOT NULL,
    date date NOT NULL,
    deadline timestamp with time zone NOT NULL,
    image character varying(100),
    fact_sheet character varying(100),
    place_id integer,
    end_time time without time zone NOT NULL,
    meeting character varying(100) NOT NULL,
    permission character varying(100),
    start_time time without time zone NOT NULL
);

CREATE SEQUENCE visits_visit_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE visits_visit_id_seq OWNED BY visits_visit.id;

CREATE TABLE visits_visitorganizer (
    id integer NOT NULL,
    tutor_id integer NOT NULL,
    visit_id integer NOT NULL
);

CREATE SEQUENCE visits_visitorganizer_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE visits_visitorganizer_id_seq OWNED BY visits_visitorganizer.id;

CREATE SEQUENCE visits_visitparticipant_id_seq
    AS integer
    START WITH 1
    INCREMENT BY 1
    NO MINVALUE
    NO MAXVALUE
    CACHE 1;

ALTER SEQUENCE visits_visitparticipant_id_seq OWNED BY visits_participation.id;

ALTER TABLE ONLY auth_group ALTER COLUMN id SET DEFAULT nextval('auth_group_id_seq'::regclass);

ALTER TABLE ONLY auth_group_permissions ALTER COLUMN id SET DEFAULT nextval('auth_group_permissions_id_seq'::regclass);

ALTER TABLE ONLY auth_permission ALTER COLUMN id SET DEFAULT nextval('auth_permission_id_seq'::regclass);

ALTER TABLE ONLY core_address ALTER COLUMN id SET DEFAULT nextval('core_address_id_seq'::regclass);

ALTER TABLE ONLY core_document ALTER COLUMN id SET DEFAULT nextval('core_document_id_seq'::regclass);

ALTER TABLE ONLY django_admin_log ALTER COLUMN id SET DEFAULT nextval('django_admin_log_id_seq'::regclass);

ALTER TABLE ONLY django_content_type ALTER COLUMN id SET DEFAULT nextval('django_content_type_id_seq'::regclass);

ALTER TABLE ONLY profiles_student ALTER COLUMN id SET DEFAULT nextval('profiles_student_id_seq'::regclass);

ALTER TABLE ONLY profiles_tutor ALTER COLUMN id SET DEFAULT nextval('profiles_tutor_id_seq'::regclass);

ALTER TABLE ONLY register_emergencycontact ALTER COLUMN id SET DEFAULT nextval('register_emergencycontact_id_seq'::regclass);

ALTER TABLE ONLY register_registration ALTER COLUMN id SET DEFAULT nextval('register_registration_id_seq'::regclass);

ALTER TABLE ONLY tutoring_tutoringgroup ALTER COLUMN id SET DEFAULT nextval('tutoring_tutoringgroup_id_seq'::regclass);

ALTER TABLE ONLY tutoring_tutoringsession ALTER COLUMN id SET DEFAULT nextval('tutoring_tutoringsession_id_seq'::regclass);

ALTER TABLE ONLY tutoring_tutortutoringgroup ALTER COLUMN id SET DEFAULT nextval('tutoring_tutortutoringgroup_id_seq'::regclass);

ALTER TABLE ONLY users_user ALTER COLUMN id SET DEFAULT nextval('users_user_id_seq'::regclass);

ALTER TABLE ONLY users_user_groups ALTER COLUMN id SET DEFAULT nextval('users_user_groups_id_seq'::regclass);

ALTER TABLE ONLY users_user_user_permissions ALTER COLUMN id SET DEFAULT nextval('users_user_user_permissions_id_seq'::regclass);

ALTER TABLE ONLY visits_participation ALTER COLUMN id SET DEFAULT nextval('visits_visitparticipant_id_seq'::regclass);

ALTER TABLE ONLY visits_place ALTER COLUMN id SET DEFAULT nextval('visits_place_id_seq'::regclass);

ALTER TABLE ONLY visits_visit ALTER COLUMN id SET DEFAULT nextval('visits_visit_id_seq'::regclass);

ALTER TABLE ONLY visits_visitorganizer ALTER COLUMN id SET DEFAULT nextval('visits_visitorganizer_id_seq'::regclass);

ALTER TABLE ONLY auth_group
    ADD CONSTRAINT auth_group_name_key UNIQUE (name);

ALTER TABLE ONLY auth_group_permissions
    ADD CONSTRAINT auth_group_permissions_group_id_permission_id_0cd325b0_uniq UNIQUE (group_id, permission_id);

ALTER TABLE ONLY auth_group_permissions
    ADD CONSTRAINT auth_group_permissions_pkey PRIMARY KEY (id);

ALTER TABLE auth_group_permissions CLUSTER ON auth_group_permissions_pkey;

ALTER TABLE ONLY auth_group
    ADD CONSTRAINT auth_group_pkey PRIMARY KEY (id);

ALTER TABLE auth_group CLUSTER ON auth_group_pkey;

ALTER TABLE ONLY auth_permission
    ADD CONSTRAINT auth_permission_content_type_id_codename_01ab375a_uniq UNIQUE (content_type_id, codename);

ALTER TABLE ONLY auth_permission
    ADD CONSTRAINT auth_permission_pkey PRIMARY KEY (id);

ALTER TABLE auth_permission CLUSTER ON auth_permission_pkey;

ALTER TABLE ONLY core_address
    ADD CONSTRAINT core_address_pkey PRIMARY KEY (id);

ALTER TABLE core_address CLUSTER ON core_address_pkey;

ALTER TABLE ONLY core_document
    ADD CONSTRAINT core_document_pkey PRIMARY KEY (id);

ALTER TABLE core_document CLUSTER ON core_document_pkey;

ALTER TABLE ONLY core_document
    ADD CONSTRAINT core_document_slug_key UNIQUE (slug);

ALTER TABLE ONLY django_admin_log
    ADD CONSTRAINT django_admin_log_pkey PRIMARY KEY (id);

ALTER TABLE django_admin_log CLUSTER ON django_admin_log_pkey;

ALTER TABLE ONLY django_content_type
    ADD CONSTRAINT django_content_type_app_label_model_76bd3d3b_uniq UNIQUE (app_label, model);

ALTER TABLE ONLY django_content_type
    ADD CONSTRAINT django_content_type_pkey PRIMARY KEY (id);

ALTER TABLE django_content_type CLUSTER ON django_content_type_pkey;

ALTER TABLE ONLY profiles_student
    ADD CONSTRAINT profiles_student_pkey PRIMARY KEY (id);

ALTER TABLE profiles_student CLUSTER ON profiles_student_pkey;

ALTER TABLE ONLY profiles_student
    ADD CONSTRAINT profiles_student_registration_id_key UNIQUE (registration_id);

ALTER TABLE ONLY profiles_student
    ADD CONSTRAINT profiles_student_user_id_key UNIQUE (user_id);

ALTER TABLE ONLY profiles_tutor
    ADD CONSTRAINT profiles_tutor_pkey PRIMARY KEY (id);

ALTER TABLE profiles_tutor CLUSTER ON profiles_tutor_pkey;

ALTER TABLE ONLY profiles_tutor
    ADD CONSTRAINT profiles_tutor_user_id_key UNIQUE (user_id);

ALTER TABLE ONLY register_emergencycontact
    ADD CONSTRAINT register_emergencycontact_pkey PRIMARY KEY (id);

ALTER TABLE register_emergencycontact CLUSTER ON register_emergencycontact_pkey;

ALTER TABLE ONLY register_registration
    ADD CONSTRAINT register_registration_emergency_contact_id_be4952ba_uniq UNIQUE (emergency_contact_id);

ALTER TABLE ONLY register_registration
    ADD CONSTRAINT register_registration_pkey PRIMARY KEY (id);

ALTER TABLE register_registration CLUSTER ON register_registration_pkey;

ALTER TABLE ONLY tutoring_school
    ADD CONSTRAINT tutoring_school_address_id_5f348669_uniq UNIQUE (address_id);

ALTER TABLE ONLY tutoring_school
    ADD CONSTRAINT tutoring_school_pkey PRIMARY KEY (uai_code);

ALTER TABLE tutoring_school CLUSTER ON tutoring_school_pkey;

ALTER TABLE ONLY tutoring_tutoringgroup
    ADD CONSTRAINT tutoring_tutoringgroup_pkey PRIMARY KEY (id);

ALTER TABLE tutoring_tutoringgroup CLUSTER ON tutoring_tutoringgroup_pkey;

ALTER TABLE ONLY tutoring_tutoringsession
    ADD CONSTRAINT tutoring_tutoringsession_pkey PRIMARY KEY (id);

ALTER TABLE tutoring_tutoringsession CLUSTER ON tutoring_tutoringsession_pkey;

ALTER TABLE ONLY tutoring_tutortutoringgroup
    ADD CONSTRAINT tutoring_tutortutoringgroup_pkey PRIMARY KEY (id);

ALTER TABLE tutoring_tutortutoringgroup CLUSTER ON tutoring_tutortutoringgroup_pkey;

ALTER TABLE ONLY users_user
    ADD CONSTRAINT users_user_email_key UNIQUE (email);

ALTER TABLE ONLY users_user_groups
    ADD CONSTRAINT users_user_groups_pkey PRIMARY KEY (id);

ALTER TABLE users_user_groups CLUSTER ON users_user_groups_pkey;

ALTER TABLE ONLY users_user_groups
    ADD CONSTRAINT users_user_groups_user_id_group_id_b88eab82_uniq UNIQUE (user_id, group_id);

ALTER TABLE ONLY users_user
    ADD CONSTRAINT users_user_pkey PRIMARY KEY (id);

ALTER TABLE users_user CLUSTER ON users_user_pkey;

ALTER TABLE ONLY users_user_user_permissions
    ADD CONSTRAINT users_user_user_permissions_pkey PRIMARY KEY (id);

ALTER TABLE users_user_user_permissions CLUSTER ON users_user_user_permissions_pkey;

ALTER TABLE ONLY users_user_user_permissions
    ADD CONSTRAINT users_user_user_permissions_user_id_permission_id_43338c45_uniq UNIQUE (user_id, permission_id);

ALTER TABLE ONLY visits_place
    ADD CONSTRAINT visits_place_pkey PRIMARY KEY (id);

ALTER TABLE visits_place CLUSTER ON visits_place_pkey;

ALTER TABLE ONLY visits_visit
    ADD CONSTRAINT visits_visit_pkey PRIMARY KEY (id);

ALTER TABLE visits_visit CLUSTER ON visits_visit_pkey;

ALTER TABLE ONLY visits_visitorganizer
    ADD CONSTRAINT visits_visitorganizer_pkey PRIMARY KEY (id);

ALTER TABLE visits_visitorganizer CLUSTER ON visits_visitorganizer_pkey;

ALTER TABLE ONLY visits_participation
    ADD CONSTRAINT visits_visitparticipant_pkey PRIMARY KEY (id);

ALTER TABLE visits_participation CLUSTER ON visits_visitparticipant_pkey;

ALTER TABLE ONLY visits_participation
    ADD CONSTRAINT visits_visitparticipant_user_id_visit_id_1993d140_uniq UNIQUE (user_id, visit_id);

CREATE INDEX auth_group_name_a6ea08ec_like ON auth_group USING btree (name varchar_pattern_ops);

CREATE INDEX auth_group_permissions_group_id_b120cbf9 ON auth_group_permissions USING btree (group_id);

CREATE INDEX auth_group_permissions_permission_id_84c5c92e ON auth_group_permissions USING btree (permission_id);

CREATE INDEX auth_permission_content_type_id_2f476e4b ON auth_permission USING btree (content_type_id);

CREATE INDEX core_document_slug_9ffd5a20_like ON core_document USING btree (slug varchar_pattern_ops);

CREATE INDEX django_admin_log_content_type_id_c4bce8eb ON django_admin_log USING btree (content_type_id);

CREATE INDEX django_admin_log_user_id_c564eba6 ON django_admin_log USING btree (user_id);

CREATE INDEX profiles_student_school_id_ad47a4e6 ON profiles_student USING btree (school_id);

CREATE INDEX profiles_student_school_id_ad47a4e6_like ON profiles_student USING btree (school_id varchar_pattern_ops);

CREATE INDEX profiles_student_tutoring_group_id_2b5046fe ON profiles_student USING btree (tutoring_group_id);

CREATE INDEX register_registration_address_id_1b153403 ON register_registration USING btree (address_id);

CREATE INDEX register_registration_school_id_0a59de0c ON register_registration USING btree (school_id);

CREATE INDEX register_registration_school_id_0a59de0c_like ON register_registration USING btree (school_id varchar_pattern_ops);

CREATE INDEX tutoring_school_uai_code_32db157d_like ON tutoring_school USING btree (uai_code varchar_pattern_ops);

CREATE INDEX tutoring_tutoringgroup_school_id_a388b5eb ON tutoring_tutoringgroup USING btree (school_id);

CREATE INDEX tutoring_tutoringgroup_school_id_a388b5eb_like ON tutoring_tutoringgroup USING btree (school_id varchar_pattern_ops);

CREATE INDEX tutoring_tutoringsession_tutoring_group_id_0e3872fd ON tutoring_tutoringsession USING btree (tutoring_group_id);

CREATE INDEX tutoring_tutortutoringgroup_tutor_id_a3bd6fe5 ON tutoring_tutortutoringgroup USING btree (tutor_id);

CREATE INDEX tutoring_tutortutoringgroup_tutoring_group_id_eb857d37 ON tutoring_tutortutoringgroup USING btree (tutoring_group_id);

CREATE INDEX users_user_email_243f6e77_like ON users_user USING btree (email varchar_pattern_ops);

CREATE INDEX users_user_groups_group_id_9afc8d0e ON users_user_groups USING btree (group_id);

CREATE INDEX users_user_groups_user_id_5f6f5a90 ON users_user_groups USING btree (user_id);

CREATE INDEX users_user_user_permissions_permission_id_0b93982e ON users_user_user_permissions USING btree (permission_id);

CREATE INDEX users_user_user_permissions_user_id_20aca447 ON users_user_user_permissions USING btree (user_id);

CREATE INDEX visits_place_address_id_c9022384 ON visits_place USING btree (address_id);

CREATE INDEX visits_visit_place_id_88b64292 ON visits_visit USING btree (place_id);

CREATE INDEX visits_visitorganizer_tutor_id_17eaf4d9 ON visits_visitorganizer USING btree (tutor_id);

CREATE INDEX visits_visitorganizer_visit_id_5b7a76dd ON visits_visitorganizer USING btree (visit_id);

CREATE INDEX visits_visitparticipant_user_id_18f524b1 ON visits_participation USING btree (user_id);

CREATE INDEX visits_visitparticipant_visit_id_0db635ac ON visits_participation USING btree (visit_id);

ALTER TABLE ONLY auth_group_permissions
    ADD CONSTRAINT auth_group_permissio_permission_id_84c5c92e_fk_auth_perm FOREIGN KEY (permission_id) REFERENCES auth_permission(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY auth_group_permissions
    ADD CONSTRAINT auth_group_permissions_group_id_b120cbf9_fk_auth_group_id FOREIGN KEY (group_id) REFERENCES auth_group(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY auth_permission
    ADD CONSTRAINT auth_permission_content_type_id_2f476e4b_fk_django_co FOREIGN KEY (content_type_id) REFERENCES django_content_type(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY django_admin_log
    ADD CONSTRAINT django_admin_log_content_type_id_c4bce8eb_fk_django_co FOREIGN KEY (content_type_id) REFERENCES django_content_type(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY django_admin_log
    ADD CONSTRAINT django_admin_log_user_id_c564eba6_fk_users_user_id FOREIGN KEY (user_id) REFERENCES users_user(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY profiles_student
    ADD CONSTRAINT profiles_student_registration_id_090904a7_fk_register_ FOREIGN KEY (registration_id) REFERENCES register_registration(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY profiles_student
    ADD CONSTRAINT profiles_student_school_id_ad47a4e6_fk_tutoring_school_uai_code FOREIGN KEY (school_id) REFERENCES tutoring_school(uai_code) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY profiles_student
    ADD CONSTRAINT profiles_student_tutoring_group_id_2b5046fe_fk_tutoring_ FOREIGN KEY (tutoring_group_id) REFERENCES tutoring_tutoringgroup(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY profiles_student
    ADD CONSTRAINT profiles_student_user_id_2ea972cd_fk_users_user_id FOREIGN KEY (user_id) REFERENCES users_user(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY profiles_tutor
    ADD CONSTRAINT profiles_tutor_user_id_bdbd9ace_fk_users_user_id FOREIGN KEY (user_id) REFERENCES users_user(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY register_registration
    ADD CONSTRAINT register_registratio_emergency_contact_id_be4952ba_fk_register_ FOREIGN KEY (emergency_contact_id) REFERENCES register_emergencycontact(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY register_registration
    ADD CONSTRAINT register_registratio_school_id_0a59de0c_fk_tutoring_ FOREIGN KEY (school_id) REFERENCES tutoring_school(uai_code) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY register_registration
    ADD CONSTRAINT register_registration_address_id_1b153403_fk_core_address_id FOREIGN KEY (address_id) REFERENCES core_address(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY tutoring_school
    ADD CONSTRAINT tutoring_school_address_id_5f348669_fk_core_address_id FOREIGN KEY (address_id) REFERENCES core_address(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY tutoring_tutoringgroup
    ADD CONSTRAINT tutoring_tutoringgro_school_id_a388b5eb_fk_tutoring_ FOREIGN KEY (school_id) REFERENCES tutoring_school(uai_code) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY tutoring_tutoringsession
    ADD CONSTRAINT tutoring_tutoringses_tutoring_group_id_0e3872fd_fk_tutoring_ FOREIGN KEY (tutoring_group_id) REFERENCES tutoring_tutoringgroup(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY tutoring_tutortutoringgroup
    ADD CONSTRAINT tutoring_tutortutori_tutor_id_a3bd6fe5_fk_profiles_ FOREIGN KEY (tutor_id) REFERENCES profiles_tutor(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY tutoring_tutortutoringgroup
    ADD CONSTRAINT tutoring_tutortutori_tutoring_group_id_eb857d37_fk_tutoring_ FOREIGN KEY (tutoring_group_id) REFERENCES tutoring_tutoringgroup(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY users_user_groups
    ADD CONSTRAINT users_user_groups_group_id_9afc8d0e_fk_auth_group_id FOREIGN KEY (group_id) REFERENCES auth_group(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY users_user_groups
    ADD CONSTRAINT users_user_groups_user_id_5f6f5a90_fk_users_user_id FOREIGN KEY (user_id) REFERENCES users_user(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY users_user_user_permissions
    ADD CONSTRAINT users_user_user_perm_permission_id_0b93982e_fk_auth_perm FOREIGN KEY (permission_id) REFERENCES auth_permission(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY users_user_user_permissions
    ADD CONSTRAINT users_user_user_permissions_user_id_20aca447_fk_users_user_id FOREIGN KEY (user_id) REFERENCES users_user(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY visits_place
    ADD CONSTRAINT visits_place_address_id_c9022384_fk_core_address_id FOREIGN KEY (address_id) REFERENCES core_address(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY visits_visit
    ADD CONSTRAINT visits_visit_place_id_88b64292_fk_visits_place_id FOREIGN KEY (place_id) REFERENCES visits_place(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY visits_visitorganizer
    ADD CONSTRAINT visits_visitorganizer_tutor_id_17eaf4d9_fk_profiles_tutor_id FOREIGN KEY (tutor_id) REFERENCES profiles_tutor(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY visits_visitorganizer
    ADD CONSTRAINT visits_visitorganizer_visit_id_5b7a76dd_fk_visits_visit_id FOREIGN KEY (visit_id) REFERENCES visits_visit(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY visits_participation
    ADD CONSTRAINT visits_visitparticipant_user_id_18f524b1_fk_users_user_id FOREIGN KEY (user_id) REFERENCES users_user(id) DEFERRABLE INITIALLY DEFERRED;

ALTER TABLE ONLY visits_participation
    ADD CONSTRAINT visits_visitparticipant_visit_id_0db635ac_fk_visits_visit_id FOREIGN KEY (visit_id) REFERENCES visits_visit(id) DEFERRABLE INITIALLY DEFERRED;
