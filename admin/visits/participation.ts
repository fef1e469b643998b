// Sorties: a student's participation in a visit (docs/decisions.md#data-model, docs/api.md#participations).
// Its form, record and bulk actions save through server/visits/service.ts: the decision and
// its email in one transaction, only when `accepted` changes (docs/api.md#participations).
import type { AppContext } from '../../server/platform/context.ts';
import { saveParticipation } from '../../server/visits/service.ts';
import { NAV, TITLE_PROPERTY, searchOver, textOf, type ResourceDef } from '../platform/define.ts';
import { participationActions } from './actions/decisions.ts';

type Row = Record<string, unknown>;

/** Tri-state choice (null = unknown) for accepted/present. */
const TRI_STATE = { type: 'boolean' as const, components: { edit: 'TriState', list: 'TriStateShow', show: 'TriStateShow' } };

export function participationResource(ctx: AppContext): ResourceDef {
  return {
    model: 'Participation',
    label: 'Participations',
    singular: 'participation',
    properties: {
      id: { label: 'ID' },
      displayName: { ...TITLE_PROPERTY, label: 'participation', isVisible: false },
      visit: { label: 'sortie' },
      user: { label: 'utilisateur' },
      accepted: { label: 'accepté', ...TRI_STATE, description: 'Cocher pour confirmer la participation au lycéen' },
      present: { label: 'présent', ...TRI_STATE, description: 'Après la sortie, indiquer si le lycéen était présent' },
    },
    options: {
      navigation: NAV.visits,
      listProperties: ['visit', 'user', 'accepted', 'present'],
      filterProperties: ['visit', 'user', 'accepted', 'present'],
      actions: participationActions(ctx),
    },
    title: (row) => `${textOf((row.user as Row | undefined)?.email)} participe à ${textOf((row.visit as Row | undefined)?.title)}`,
    titleInclude: { user: { select: { email: true } }, visit: { select: { title: true } } },
    extras: {
      filters: { displayName: searchOver(['user', 'email'], ['visit', 'title']) },
      save: (id, data, actor) => saveParticipation(ctx, actor, id, data),
    },
  };
}
