// Demo data for development (docs/decisions.md#commands), richer than the original: schools, tutoring groups
// and sessions, students and tutors (with the known accounts Jean Durant / Martin Bond),
// places, visits with organizers, participants and files, documents with Markdown images.
import crypto from 'node:crypto';
import type { Prisma, PrismaClient } from '@prisma/client';
import { newFileKey, withStoredFiles, type Storage } from '../platform/storage.ts';
import { hashPassword } from '../users/passwords.ts';
import { demoPdf, demoPng } from './demo-files.ts';
import {
  DEMO_SCHOOLS,
  DEMO_SLUGS,
  FIRST_NAMES,
  LAST_NAMES,
  PLACES,
  VISIT_TITLES,
  LOREM,
  pick,
  randomInt,
  emailPart,
} from './demo-words.ts';

export const KNOWN_ACCOUNTS = [
  { firstName: 'Jean', lastName: 'Durant', email: 'jean.durant@example.com', role: 'student' },
  { firstName: 'Martin', lastName: 'Bond', email: 'martin.bond@example.com', role: 'tutor' },
] as const;
export const KNOWN_PASSWORD = 'test1234';

const COUNTED = {
  lycéens: (tx: Prisma.TransactionClient) => tx.student.count(),
  tuteurs: (tx: Prisma.TransactionClient) => tx.tutor.count(),
  lycées: (tx: Prisma.TransactionClient) => tx.school.count(),
  'groupes de tutorat': (tx: Prisma.TransactionClient) => tx.tutoringGroup.count(),
  'séances de tutorat': (tx: Prisma.TransactionClient) => tx.tutoringSession.count(),
  lieux: (tx: Prisma.TransactionClient) => tx.place.count(),
  sorties: (tx: Prisma.TransactionClient) => tx.visit.count(),
  participations: (tx: Prisma.TransactionClient) => tx.participation.count(),
  documents: (tx: Prisma.TransactionClient) => tx.document.count(),
};
export const AFFECTED_MODELS = [
  'users.User',
  'profiles.Student',
  'profiles.Tutor',
  'tutoring.School',
  'tutoring.TutoringGroup',
  'tutoring.TutoringSession',
  'visits.Place',
  'visits.Visit',
  'visits.VisitOrganizer',
  'visits.Participation',
  'core.Document',
];

async function counts(tx: Prisma.TransactionClient): Promise<Record<string, number>> {
  const result: Record<string, number> = {};
  for (const [label, count] of Object.entries(COUNTED)) result[label] = await count(tx);
  return result;
}

const DAY = 24 * 3600 * 1000;
const VISITS = [1, 2, 3, 4, 5, 6, 7, 8];
const time = (hhmm: string) => new Date(`1970-01-01T${hhmm}:00Z`);
const dayOffset = (days: number) => {
  const today = new Date();
  return new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth(), today.getUTCDate()) + days * DAY);
};

/** The sample files, stored first; the two last ones stay unreferenced (for clean-media). */
function demoFiles() {
  const md = () => `markdownx/${crypto.randomUUID()}.png`;
  const files = {
    // One file per visit and field, as uploads through the admin would be: a key is never
    // shared, so replacing one visit's file can never take another visit's.
    images: VISITS.map((n) => newFileKey('visits/images/', `visit-${n}.png`)),
    factSheets: VISITS.map(() => newFileKey('visits/fact_sheets/', 'visit-factsheet.pdf')),
    permissions: VISITS.map(() => newFileKey('visits/visit_permissions/', 'visit-permission.pdf')),
    markdown: [md(), md(), md()],
    orphans: [newFileKey('visits/images/', 'ancienne-affiche.png'), md()],
  };
  const colours: [number, number, number][] = [
    [20, 60, 160],
    [200, 70, 40],
    [30, 140, 90],
    [120, 40, 140],
  ];
  const bodies = new Map<string, { body: Buffer; contentType: string }>();
  [...files.images, ...files.markdown, ...files.orphans].forEach((key, index) =>
    bodies.set(key, { body: demoPng(160, 100, colours[index % 4]!, [240, 220, 120]), contentType: 'image/png' }),
  );
  const factSheet = demoPdf('Fiche sortie', ['Rendez-vous 15 minutes avant le début.', 'Prévoir un titre de transport.']);
  const permission = demoPdf('Autorisation de sortie', ['Je soussigné(e) ........ autorise mon enfant à participer à la sortie.']);
  for (const key of files.factSheets) bodies.set(key, { body: factSheet, contentType: 'application/pdf' });
  files.permissions.forEach((key, index) => index % 2 === 0 && bodies.set(key, { body: permission, contentType: 'application/pdf' }));
  return { files, bodies };
}

async function createPerson(tx: Prisma.TransactionClient, index: number, password: string) {
  const gender = index % 2 === 0 ? 'M' : 'F';
  const firstName = pick(FIRST_NAMES[gender]);
  const lastName = pick(LAST_NAMES);
  return tx.user.create({
    data: {
      firstName,
      lastName,
      email: `${emailPart(firstName)}.${emailPart(lastName)}-${crypto.randomInt(1, 1_000_000)}@example.net`,
      password,
      gender,
      dateOfBirth: new Date(Date.UTC(randomInt(2000, 2010), randomInt(0, 11), randomInt(1, 28))),
      phoneNumber: `+33 6 ${Array.from({ length: 4 }, () => String(randomInt(0, 99)).padStart(2, '0')).join(' ')}`,
    },
  });
}

async function populateRows(tx: Prisma.TransactionClient, files: ReturnType<typeof demoFiles>['files'], knownHash: string) {
  const unusable = `!${crypto.randomBytes(20).toString('hex')}`; // Django's unusable password
  const groups = [];
  for (const school of DEMO_SCHOOLS) {
    const existing = await tx.school.findUnique({ where: { uaiCode: school.uaiCode } });
    if (!existing) await tx.school.create({ data: { uaiCode: school.uaiCode, name: school.name, address: { create: school.address } } });
    const name = `${school.name.replace(/^Lycée /, '')} (Seconde)`;
    groups.push(
      (await tx.tutoringGroup.findFirst({ where: { name, schoolId: school.uaiCode } })) ??
        (await tx.tutoringGroup.create({ data: { name, schoolId: school.uaiCode } })),
    );
  }
  for (const group of groups) {
    await tx.tutoringSession.createMany({
      data: [-7, 2, 9].map((days) => ({
        tutoringGroupId: group.id,
        date: dayOffset(days),
        startTime: time('17:00'),
        endTime: time('19:00'),
      })),
    });
  }

  const students = [];
  for (let index = 0; index < 5; index += 1) students.push(await createPerson(tx, index, unusable));
  const tutors = [];
  for (let index = 0; index < 5; index += 1) tutors.push(await createPerson(tx, index + 1, unusable));
  for (const known of KNOWN_ACCOUNTS) {
    if (await tx.user.findUnique({ where: { email: known.email } })) continue;
    const user = await tx.user.create({
      data: { firstName: known.firstName, lastName: known.lastName, email: known.email, password: knownHash },
    });
    (known.role === 'student' ? students : tutors).push(user);
  }
  const year = new Date().getUTCFullYear();
  const studentRows = [];
  for (const [index, user] of students.entries()) {
    const group = groups[index % groups.length]!;
    studentRows.push(await tx.student.create({ data: { userId: user.id, tutoringGroupId: group.id, schoolId: group.schoolId } }));
  }
  const tutorRows = [];
  for (const [index, user] of tutors.entries()) {
    await tx.user.update({ where: { id: user.id }, data: { isStaff: true } }); // docs/api.md#tutors
    const tutor = await tx.tutor.create({ data: { userId: user.id, promotion: year + (index % 3) } });
    tutorRows.push(tutor);
    await tx.tutorTutoringGroup.create({
      data: { tutorId: tutor.id, tutoringGroupId: groups[index % groups.length]!.id, isLeader: index < groups.length },
    });
  }

  const places = [];
  for (const [index, place] of PLACES.entries()) {
    places.push(
      await tx.place.create({
        data: {
          name: place.name,
          description: `${place.description}\n\n![plan](/media/${files.markdown[index % files.markdown.length]})\n\n[Site officiel](${place.url})`,
          address: { create: place.address },
        },
      }),
    );
  }

  const visits = [];
  for (let index = 0; index < VISITS.length; index += 1) {
    const date = dayOffset((index - 2) * 7 + 1);
    const description = [
      `## Programme\n\n${LOREM[index % LOREM.length]}`,
      index === 0 ? `![la salle](/media/${files.markdown[0]})` : '',
      '- visite guidée\n- atelier\n- goûter',
    ]
      .filter(Boolean)
      .join('\n\n');
    visits.push(
      await tx.visit.create({
        data: {
          title: VISIT_TITLES[index % VISIT_TITLES.length]!,
          summary: 'Une sortie pour découvrir, expérimenter et poser toutes ses questions.',
          description,
          date,
          startTime: time('14:00'),
          endTime: time('17:00'),
          deadline: new Date(date.getTime() - 3 * DAY + 21 * 3600 * 1000 + 59 * 60 * 1000),
          meeting: "Devant l'entrée principale",
          placeId: places[index % places.length]!.id,
          image: files.images[index],
          factSheet: files.factSheets[index],
          permission: index % 2 === 0 ? files.permissions[index] : null,
        },
      }),
    );
  }
  const martin = await tx.tutor.findFirst({ where: { user: { email: 'martin.bond@example.com' } } });
  for (const [index, visit] of visits.entries()) {
    const organizers = new Set([tutorRows[index % tutorRows.length]!.id, tutorRows[(index + 1) % tutorRows.length]!.id]);
    if (index === visits.length - 1 && martin) organizers.add(martin.id);
    await tx.visitOrganizer.createMany({ data: [...organizers].map((tutorId) => ({ tutorId, visitId: visit.id })) });
    const past = visit.date.getTime() < Date.now();
    await tx.participation.createMany({
      data: studentRows.slice(0, 3 + (index % 3)).map((student, rank) => ({
        userId: student.userId!,
        visitId: visit.id,
        accepted: rank % 3 === 2 ? false : past || rank % 3 === 0 ? true : null,
        present: past && rank % 3 !== 2 ? rank !== 1 : null,
      })),
    });
  }

  for (const [slug, title] of DEMO_SLUGS) {
    if (await tx.document.findUnique({ where: { slug } })) continue;
    await tx.document.create({
      data: { slug, title, content: `# ${title}\n\n${LOREM[0]}\n\n![illustration](/media/${files.markdown[1]})\n\n${LOREM[1]}` },
    });
  }
}

/** Populates in one transaction; the sample files are deleted again if it fails. */
export async function populateDemo(prisma: PrismaClient, storage: Storage): Promise<string[]> {
  const knownHash = await hashPassword(KNOWN_PASSWORD);
  const { files, bodies } = demoFiles();
  return withStoredFiles(storage, [...bodies.keys()], async () => {
    for (const [key, { body, contentType }] of bodies) await storage.put(key, body, { contentType });
    return prisma.$transaction(
      async (tx) => {
        const before = await counts(tx);
        await populateRows(tx, files, knownHash);
        const after = await counts(tx);
        return Object.keys(after)
          .filter((label) => after[label] !== before[label])
          .map((label) => `Created ${after[label]! - before[label]!} ${label}`);
      },
      { timeout: 120_000, maxWait: 30_000 },
    );
  });
}

/** docs/decisions.md#commands --clean: students, tutors, visits, places, every non-superuser user, and the demo's own rows. */
export async function cleanDemo(prisma: PrismaClient): Promise<void> {
  const codes = DEMO_SCHOOLS.map((school) => school.uaiCode);
  await prisma.$transaction(
    async (tx) => {
      await tx.visit.deleteMany();
      const places = await tx.place.findMany({ select: { addressId: true } });
      await tx.place.deleteMany();
      const schools = await tx.school.findMany({ where: { uaiCode: { in: codes } }, select: { addressId: true } });
      await tx.tutoringGroup.deleteMany({ where: { schoolId: { in: codes } } });
      await tx.school.deleteMany({ where: { uaiCode: { in: codes } } });
      const addressIds = [...places, ...schools].map((row) => row.addressId).filter((id): id is number => id !== null);
      await tx.address.deleteMany({ where: { id: { in: addressIds }, school: null, registrations: { none: {} }, places: { none: {} } } });
      await tx.user.deleteMany({ where: { isSuperuser: false, email: { not: 'AnonymousUser' } } });
      await tx.student.deleteMany();
      await tx.tutor.deleteMany();
      await tx.document.deleteMany({ where: { slug: { in: DEMO_SLUGS.map(([slug]) => slug) } } });
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
}
