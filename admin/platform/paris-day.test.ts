// "Today" in the panel is the day of Paris by the context's clock (docs/admin.md#resources): the
// date filter choices on a DATE and a TIMESTAMPTZ column, the dashboard, a place's last visit,
// and whether a visit's registrations are open.
import { beforeAll, describe, expect, it } from 'vitest';
import { useSuperuserPanel } from '../test/test-support.ts';
import { createUser } from '../../server/test/actors.ts';

const panel = useSuperuserPanel();

const time = (value: string) => new Date(`1970-01-01T${value}Z`);

/** Runs `body` with the context's clock at `instant`. */
async function at<T>(instant: string, body: () => Promise<T>): Promise<T> {
  panel.ctx.now = () => new Date(instant);
  try {
    return await body();
  } finally {
    delete panel.ctx.now;
  }
}

async function listed(resource: string, query: string, label: string): Promise<string[]> {
  const response = await panel.agent.get(`/api/resources/${resource}/actions/list?perPage=500&${query}`);
  expect(response.status).toBe(200);
  return (response.body.records as { params: Record<string, string> }[]).map((record) => record.params[label]!).sort();
}

// Visits titled by their date (a DATE column).
const VISIT_DAYS = [
  '2030-03-31',
  '2030-04-01',
  '2030-06-04',
  '2030-06-05',
  '2030-06-10',
  '2030-06-11',
  '2030-06-30',
  '2030-07-01',
  '2030-12-25',
  '2030-12-26',
  '2030-12-31',
  '2031-01-01',
  '2031-01-02',
  '2031-01-31',
  '2031-02-01',
  '2031-12-31',
  '2032-01-01',
];

// Registrations named by their sending instant (a TIMESTAMPTZ column), around Paris midnights:
// 10/11 June 2030 (UTC+2), 31 March 2030 (23 hours: clocks go forward at 02:00) and 27 October
// 2030 (25 hours: clocks go back at 03:00).
const SUBMITTED = [
  '2030-03-30T22:59:59.999Z', // 23:59 on 30 March
  '2030-03-30T23:00:00.000Z', // 00:00 on 31 March
  '2030-03-31T21:59:59.999Z', // 23:59 on 31 March
  '2030-03-31T22:00:00.000Z', // 00:00 on 1 April
  '2030-06-03T21:59:59.999Z', // 23:59 on 3 June
  '2030-06-03T22:00:00.000Z', // 00:00 on 4 June
  '2030-06-04T22:00:00.000Z', // 00:00 on 5 June
  '2030-06-10T21:59:59.999Z', // 23:59 on 10 June
  '2030-06-10T22:00:00.000Z', // 00:00 on 11 June
  '2030-06-11T21:59:59.999Z', // 23:59 on 11 June
  '2030-06-11T22:00:00.000Z', // 00:00 on 12 June
  '2030-06-30T22:00:00.000Z', // 00:00 on 1 July
  '2030-10-26T21:59:59.999Z', // 23:59 on 26 October
  '2030-10-26T22:00:00.000Z', // 00:00 on 27 October
  '2030-10-27T22:59:59.999Z', // 23:59 on 27 October
  '2030-10-27T23:00:00.000Z', // 00:00 on 28 October
];

let placeId: number;
beforeAll(async () => {
  const { prisma } = panel.ctx.db;
  placeId = (await prisma.place.create({ data: { name: 'Cité des sciences' } })).id;
  for (const day of VISIT_DAYS) {
    await prisma.visit.create({
      data: {
        title: day,
        date: new Date(`${day}T00:00:00Z`),
        startTime: time('14:00:00'),
        endTime: time('16:00:00'),
        // The day before at 22:00 UTC: 00:00 in Paris in summer, 23:00 in winter.
        deadline: new Date(new Date(`${day}T22:00:00Z`).getTime() - 86_400_000),
        placeId,
      },
    });
  }
  await prisma.registration.createMany({
    data: SUBMITTED.map((submitted) => ({
      firstName: submitted,
      lastName: 'Inscrit',
      email: 'inscrit@example.org',
      submitted: new Date(submitted),
    })),
  });
});

describe('the date filter choices count the days of Paris, from the context clock', () => {
  it('on a DATE column (a visit’s date): 00:30 in Paris is already the next day', async () => {
    const visits = (choice: string) => listed('Visit', `filters.period=${choice}`, 'title');
    // 00:30 in Paris on 11 June 2030, still 10 June in UTC.
    await at('2030-06-10T22:30:00Z', async () => {
      expect(await visits('today')).toEqual(['2030-06-11']);
      // Django's "Past 7 days": the 7 days before today, and today.
      expect(await visits('week')).toEqual(['2030-06-04', '2030-06-05', '2030-06-10', '2030-06-11']);
      expect(await visits('month')).toEqual(['2030-06-04', '2030-06-05', '2030-06-10', '2030-06-11', '2030-06-30']);
    });
    // 00:30 in Paris on 1 April 2030, the day after clocks went forward.
    await at('2030-03-31T22:30:00Z', async () => {
      expect(await visits('today')).toEqual(['2030-04-01']);
    });
    // 00:30 in Paris on 1 January 2031: a new day, month and year.
    await at('2030-12-31T23:30:00Z', async () => {
      expect(await visits('today')).toEqual(['2031-01-01']);
      expect(await visits('week')).toEqual(['2030-12-25', '2030-12-26', '2030-12-31', '2031-01-01']);
      expect(await visits('month')).toEqual(['2031-01-01', '2031-01-02', '2031-01-31']);
      expect(await visits('year')).toEqual(['2031-01-01', '2031-01-02', '2031-01-31', '2031-02-01', '2031-12-31']);
    });
  });

  it('on a TIMESTAMPTZ column (a registration’s sending date): from Paris midnight to Paris midnight, DST included', async () => {
    const registrations = (choice: string) => listed('Registration', `filters.period=${choice}`, 'firstName');
    await at('2030-06-10T22:30:00Z', async () => {
      expect(await registrations('today')).toEqual(['2030-06-10T22:00:00.000Z', '2030-06-11T21:59:59.999Z']);
      expect(await registrations('week')).toEqual([
        '2030-06-03T22:00:00.000Z',
        '2030-06-04T22:00:00.000Z',
        '2030-06-10T21:59:59.999Z',
        '2030-06-10T22:00:00.000Z',
        '2030-06-11T21:59:59.999Z',
      ]);
    });
    // 31 March 2030 lasts 23 hours in Paris.
    await at('2030-03-31T10:00:00Z', async () => {
      expect(await registrations('today')).toEqual(['2030-03-30T23:00:00.000Z', '2030-03-31T21:59:59.999Z']);
      expect(await registrations('month')).toEqual(['2030-03-30T22:59:59.999Z', '2030-03-30T23:00:00.000Z', '2030-03-31T21:59:59.999Z']);
    });
    // 27 October 2030 lasts 25 hours; at 00:30 in Paris it is still the 26th in UTC.
    await at('2030-10-26T22:30:00Z', async () => {
      expect(await registrations('today')).toEqual(['2030-10-26T22:00:00.000Z', '2030-10-27T22:59:59.999Z']);
    });
    // 00:30 in Paris on 1 July: this month is July.
    await at('2030-06-30T22:30:00Z', async () => {
      expect(await registrations('month')).toEqual(['2030-06-30T22:00:00.000Z']);
    });
  });
});

describe('what else depends on the day or the time follows the context clock in Paris', () => {
  it('the dashboard: upcoming visits from today in Paris, their registrations, the participations waiting', async () => {
    const { prisma } = panel.ctx.db;
    const student = await createUser(prisma, { email: 'eleve@example.org' });
    const visits = await prisma.visit.findMany({ where: { title: { in: ['2030-06-10', '2030-06-11'] } }, orderBy: { date: 'asc' } });
    for (const visit of visits) await prisma.participation.create({ data: { userId: student.id, visitId: visit.id } });
    const dashboard = await at('2030-06-10T22:30:00Z', async () => (await panel.agent.get('/api/dashboard')).body);
    expect(dashboard.upcomingVisits[0]).toMatchObject({
      title: '2030-06-11',
      date: '2030-06-11',
      registrationsOpen: false,
      participants: 1,
    });
    expect(dashboard.upcomingVisits[1]).toMatchObject({ title: '2030-06-30', registrationsOpen: true });
    expect(dashboard.pendingParticipations.map((row: { visit: string }) => row.visit)).toEqual(['2030-06-11']);
  });

  it('a visit’s registrations open, in the list and its filter', async () => {
    const visits = await at('2030-06-10T22:30:00Z', async () => {
      const open = await listed('Visit', 'filters.registrations=open', 'title');
      const closed = await listed('Visit', 'filters.registrations=closed', 'title');
      const all = await panel.agent.get('/api/resources/Visit/actions/list?perPage=500');
      const flags = Object.fromEntries(
        (all.body.records as { params: { title: string; registrationsOpen: boolean } }[]).map((r) => [
          r.params.title,
          r.params.registrationsOpen,
        ]),
      );
      return { open, closed, flags };
    });
    expect(visits.closed).toEqual(['2030-03-31', '2030-04-01', '2030-06-04', '2030-06-05', '2030-06-10', '2030-06-11']);
    expect(visits.open[0]).toBe('2030-06-30');
    expect(visits.flags).toMatchObject({ '2030-06-11': false, '2030-06-30': true });
  });

  it('a place’s last visit: the latest before today in Paris', async () => {
    const lastVisit = await at('2030-06-10T22:30:00Z', async () => {
      const response = await panel.agent.get(`/api/resources/Place/records/${placeId}/show`);
      return response.body.record.params.lastVisit as string;
    });
    expect(lastVisit).toBe('2030-06-10');
  });
});
