// What the two profiles (students and tutors) share in the panel: found by their user's email or name.
import { searchOver } from '../platform/define.ts';

export const profileSearch = searchOver(['user', 'email'], ['user', 'firstName'], ['user', 'lastName']);
