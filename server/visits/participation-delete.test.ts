import request from 'supertest';
import { describe, expect, it } from 'vitest';
import type { ActorName } from '../test/actors.ts';
import { addParticipation, countRows, createVisit } from '../test/visit-factories.ts';
import { useVisitSuite } from '../test/visit-suite.ts';

const suite = useVisitSuite();

describe('DELETE /api/participations/{id}/ (S4: owner or staff)', () => {
  const matrix: [ActorName | 'other', number][] = [
    ['anonymous', 401],
    ['other', 403],
    ['student', 204],
    ['tutor', 204],
    ['leaderTutor', 204],
    ['staff', 204],
    ['superuser', 204],
  ];
  it.each(matrix)("%s deleting the student's participation answers %i", async (name, status) => {
    const visit = await createVisit(suite.ctx.db.prisma);
    const participation = await addParticipation(suite.ctx.db.prisma, visit.id, suite.actors.student.userId!);
    const headers = name === 'other' ? suite.other.headers : suite.actors[name].headers;
    const response = await request(suite.app).delete(`/api/participations/${participation.id}/`).set(headers);
    expect(response.status).toBe(status);
    const left = await suite.ctx.db.prisma.participation.count({ where: { id: participation.id } });
    expect(left).toBe(status === 204 ? 0 : 1);
    if (status === 204) expect(response.text).toBe('');
  });

  it('answers 404 to an unknown id, and 4xx without deleting anything to malformed ids', async () => {
    const missing = await request(suite.app).delete('/api/participations/999999/').set(suite.actors.staff.headers);
    expect(missing.status).toBe(404);
    expect(missing.body).toEqual({ detail: 'Pas trouvé.' });
    const ids = [
      'abc',
      '0',
      '-1',
      '1.5',
      '1e3',
      '0x10',
      '99999999999',
      '%20',
      'null',
      'true',
      '[1]',
      '1;DROP',
      "1'",
      '١',
      'Infinity',
      'NaN',
      '999999',
      '2147483648',
      '+1',
      ' 1',
      '1,2',
    ];
    expect(ids.length).toBeGreaterThanOrEqual(20);
    const visit = await createVisit(suite.ctx.db.prisma);
    await addParticipation(suite.ctx.db.prisma, visit.id, suite.other.userId);
    for (const id of ids) {
      const before = await countRows(suite.ctx.db.prisma);
      const response = await request(suite.app)
        .delete(`/api/participations/${encodeURIComponent(id)}/`)
        .set(suite.actors.staff.headers);
      expect(response.status >= 400 && response.status < 500, `${id}: ${response.status}`).toBe(true);
      expect(await countRows(suite.ctx.db.prisma), id).toEqual(before);
    }
  });

  it('answers 404 to DELETE without an id, and 405 authenticated', async () => {
    expect((await request(suite.app).delete('/api/participations/').set(suite.actors.staff.headers)).status).toBe(405);
  });
});
