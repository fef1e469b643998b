// The visits notifications (docs/decisions.md#emails): French templates in the shared layout, queued in
// the outbox in the caller's transaction, or not at all when mails are disabled.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createTestContext, testConfig, type TestContext } from '../test/context.ts';
import { renderNotification } from '../platform/mail/render.ts';
import { queueAbandon, queueParticipationDecisions, visitNotifications } from './notifications.ts';
import { abandonNotification } from './templates/abandon.ts';
import { acceptedNotification, rejectedNotification } from './templates/participation.ts';

const config = testConfig({ VISITS_TEAM_EMAIL: 'sorties@example.org', SITE_URL: 'https://oser-cs.fr' });
const visit = { id: 7, title: "Visite de l'Opéra <Garnier>", date: new Date('2026-12-30T00:00:00Z') };

describe('rendering', () => {
  it('accepted: greeting, visit, link to the visits space, organizers, footer; text without entities', () => {
    const email = renderNotification(
      acceptedNotification,
      {
        user: { firstName: 'Léa', email: 'lea@example.com' },
        visit,
        accepted: true,
        organizers: ['Alice', 'Bob'],
      },
      config,
    );
    expect(email.subject).toBe("Participation à la sortie : Visite de l'Opéra <Garnier>");
    expect(email.recipients).toEqual(['lea@example.com']);
    expect(email.html).toContain('<p>Bonjour Léa,</p>');
    expect(email.html).toContain('<strong>Visite de l&#39;Opéra &lt;Garnier&gt;</strong>');
    expect(email.html).not.toContain('<Garnier>');
    expect(email.html).toContain('<strong>30 décembre 2026</strong>');
    expect(email.html).toContain('<a href="https://oser-cs.fr/visits/7">l&#39;espace sorties</a>');
    expect(email.html).toContain('<title>[OSER] Participation à la sortie : Visite de l&#x27;Opéra &lt;Garnier&gt;</title>');
    expect(email.text).toContain("Tu as demandé à participer à la sortie Visite de l'Opéra <Garnier> prévue le 30 décembre 2026.");
    expect(email.text).toContain("l'espace sorties (https://oser-cs.fr/visits/7)");
    expect(email.text).toContain('- télécharger la fiche sortie ;');
    expect(email.text).toContain('Les organisateurs : Alice, Bob');
    expect(email.text).toContain('sorties@example.org');
    expect(email.text).toMatch(/---\n\nCeci est un e-mail automatique .* Merci de ne pas y répondre\.$/);
    expect(email.text).not.toMatch(/&#|&amp;|&lt;/);
  });

  it('rejected: limited places, no link', () => {
    const email = renderNotification(
      rejectedNotification,
      {
        user: { firstName: 'Léa', email: 'lea@example.com' },
        visit,
        accepted: false,
        organizers: [],
      },
      config,
    );
    expect(email.text).toContain('les places sont limitées');
    expect(email.text).not.toContain('/visits/7');
    expect(email.text).toContain('Les organisateurs\n');
  });

  it('abandon: to the visits team, named by full name (B11), reason quoted and escaped', () => {
    const email = renderNotification(
      abandonNotification,
      {
        user: { firstName: 'Jean', lastName: 'Durant', email: 'jean@example.com' },
        visit,
        reason: 'Malade\n**vraiment** <script>',
      },
      config,
    );
    expect(email.subject).toBe("Désistement à la sortie: Visite de l'Opéra <Garnier>");
    expect(email.recipients).toEqual(['sorties@example.org']);
    expect(email.html).toContain('<blockquote>');
    expect(email.html).not.toContain('<script>');
    expect(email.html).not.toContain('<strong>vraiment</strong>');
    expect(email.text).toContain("Jean Durant s'est désinscrit(e) de la sortie Visite de l'Opéra <Garnier> prévue le 30 décembre 2026.");
    expect(email.text).toContain('> Malade\n**vraiment** <script>');
    expect(email.text).toContain("Vous pouvez contacter Jean Durant à l'adresse jean@example.com.");
    const anonymous = renderNotification(
      abandonNotification,
      {
        user: { firstName: '', lastName: '', email: 'x@example.com' },
        visit,
        reason: 'r',
      },
      config,
    );
    expect(anonymous.text).toContain("x@example.com s'est désinscrit(e)");
  });

  it('every template has an example that renders', () => {
    expect(visitNotifications.map((kind) => kind.name)).toEqual(['abandon', 'accepted', 'rejected']);
    for (const kind of visitNotifications) {
      expect(kind.renderExample(config).html).toContain('Ceci est un e-mail automatique');
    }
  });
});

describe('queueing', () => {
  let ctx: TestContext;
  let participationId: number;
  let userId: number;
  let visitId: number;
  beforeAll(async () => {
    ctx = await createTestContext({ MAILS_ENABLED: 'true', VISITS_TEAM_EMAIL: 'sorties@example.org' });
    const { prisma } = ctx.db;
    const student = await prisma.user.create({ data: { email: 'lea@example.com', password: '!', firstName: 'Léa', lastName: 'Petit' } });
    const tutors = await Promise.all(
      ['Alice', 'Bob'].map((firstName, index) =>
        prisma.tutor.create({ data: { promotion: 2027, user: { create: { email: `t${index}@example.com`, password: '!', firstName } } } }),
      ),
    );
    const created = await prisma.visit.create({
      data: {
        title: 'Concert',
        date: new Date('2031-05-21T00:00:00Z'),
        startTime: new Date('1970-01-01T14:00:00Z'),
        endTime: new Date('1970-01-01T16:00:00Z'),
        deadline: new Date('2031-05-14T21:59:00Z'),
        organizers: { create: tutors.map((tutor) => ({ tutorId: tutor.id })) },
        participations: { create: { userId: student.id, accepted: true } },
      },
      include: { participations: true },
    });
    participationId = created.participations[0]!.id;
    userId = student.id;
    visitId = created.id;
  });
  afterAll(() => ctx?.database.destroy());
  beforeEach(() => ctx.db.prisma.outboxMessage.deleteMany());

  it("queues the decision with the organizers' first names, in the caller's transaction", async () => {
    await ctx.db.prisma.$transaction((tx) => queueParticipationDecisions(tx, ctx.config, [participationId], true));
    const [message] = await ctx.db.prisma.outboxMessage.findMany();
    expect(message).toMatchObject({
      notification: 'accepted',
      recipients: ['lea@example.com'],
      subject: '[OSER] Participation à la sortie : Concert',
      attempts: 0,
      sentAt: null,
    });
    expect(message!.text).toContain('Les organisateurs : Alice, Bob');

    // A rolled-back change leaves no email behind.
    await expect(
      ctx.db.prisma.$transaction(async (tx) => {
        await queueParticipationDecisions(tx, ctx.config, [participationId], true);
        throw new Error('rollback');
      }),
    ).rejects.toThrow('rollback');
    expect(await ctx.db.prisma.outboxMessage.count()).toBe(1);
  });

  it('queues the abandon notice to the visits team and says when', async () => {
    const result = await ctx.db.prisma.$transaction((tx) => queueAbandon(tx, ctx.config, { userId, visitId, reason: 'Malade' }));
    expect(result.recipient).toBe('sorties@example.org');
    expect(result.queuedAt).toBeInstanceOf(Date);
    const message = await ctx.db.prisma.outboxMessage.findFirstOrThrow();
    expect(message).toMatchObject({
      notification: 'abandon',
      recipients: ['sorties@example.org'],
      subject: '[OSER] Désistement à la sortie: Concert',
    });
    expect(message.text).toContain('Léa Petit');
  });

  it('queues nothing when MAILS_ENABLED is false', async () => {
    const disabled = testConfig({ MAILS_ENABLED: 'false', VISITS_TEAM_EMAIL: 'sorties@example.org' });
    const result = await ctx.db.prisma.$transaction(async (tx) => {
      await queueParticipationDecisions(tx, disabled, [participationId], true);
      return queueAbandon(tx, disabled, { userId, visitId, reason: 'Malade' });
    });
    expect(result).toEqual({ queuedAt: null, recipient: 'sorties@example.org' });
    expect(await ctx.db.prisma.outboxMessage.count()).toBe(0);
  });
});
