// Tutorat: profiles, schools, groups, sessions (docs/admin.md#resources).
import type { AppContext } from '../../server/platform/context.ts';
import type { ResourceDef } from '../platform/define.ts';
import { studentResource } from './student.ts';
import { tutorResource } from './tutor.ts';
import { schoolResource } from './school.ts';
import { tutoringGroupResource } from './tutoring-group.ts';
import { membershipResource } from './membership.ts';
import { tutoringSessionResource } from './tutoring-session.ts';

export function tutoringResources(ctx: AppContext): ResourceDef[] {
  return [
    studentResource(),
    tutorResource(ctx),
    schoolResource(),
    tutoringGroupResource(),
    membershipResource(),
    tutoringSessionResource(),
  ];
}
