// Django's conveniences staff expect, through the panel's API: search on every word.
import { beforeAll, describe, expect, it } from 'vitest';
import { useSuperuserPanel } from '../test/test-support.ts';
import { createUser } from '../../server/test/actors.ts';

const panel = useSuperuserPanel();
beforeAll(async () => {
  await createUser(panel.ctx.db.prisma, { firstName: 'Alice', lastName: 'Admin' });
  await createUser(panel.ctx.db.prisma, { firstName: 'Alice', lastName: 'Martin' });
});

async function names(resource: string, query: string): Promise<string[]> {
  const response = await panel.agent.get(`/api/resources/${resource}/actions/list?filters.q=${encodeURIComponent(query)}`);
  expect(response.status).toBe(200);
  return (response.body.records as { params: { firstName: string; lastName: string } }[])
    .map((r) => `${r.params.firstName} ${r.params.lastName}`)
    .sort();
}

describe('search', () => {
  it('matches every word, each in any searched field, as Django did', async () => {
    expect(await names('User', 'Alice Admin')).toEqual(['Alice Admin']);
    expect(await names('User', '  alice   ADMIN ')).toEqual(['Alice Admin']);
    expect(await names('User', 'Alice')).toEqual(['Alice Admin', 'Alice Martin']);
    expect(await names('User', 'Alice Dupont')).toEqual([]);
  });
});
