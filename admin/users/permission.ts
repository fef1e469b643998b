// Utilisateurs: Django's model permissions, read-only (docs/admin.md#access-and-permissions).
import { NAV, searchOver, textOf, type ResourceDef } from '../platform/define.ts';

type Row = Record<string, unknown>;

// Django names its permissions « Can add lieu » (in English, with the model's verbose name,
// itself English for Django's own models): shown in French, with the application's name.
const APPLICATIONS: Record<string, string> = {
  users: 'Utilisateurs',
  auth: 'Authentification',
  profiles: 'Profils',
  tutoring: 'Tutorat',
  core: 'Contenu',
  register: 'Inscriptions',
  visits: 'Sorties',
  admin: 'Administration',
  contenttypes: 'Types de contenu',
  sessions: 'Sessions',
  authtoken: 'Jetons',
  guardian: "Permissions d'objet",
};
const VERBS: Record<string, string> = { add: 'ajouter', change: 'modifier', delete: 'supprimer', view: 'voir' };
const DJANGO_MODELS: Record<string, string> = {
  user: 'utilisateur',
  group: 'groupe',
  permission: 'permission',
  'log entry': "entrée d'historique",
  'content type': 'type de contenu',
  session: 'session',
  token: 'jeton',
  Token: 'jeton',
  'group object permission': "permission d'objet d'un groupe",
  'user object permission': "permission d'objet d'un utilisateur",
};

/** « Sorties | Peut ajouter : lieu » for Django's « Can add lieu » of the visits application. */
export function permissionLabel(appLabel: string, name: string): string {
  const match = /^Can (add|change|delete|view) (.+)$/.exec(name);
  const text = match ? `Peut ${VERBS[match[1]!]} : ${DJANGO_MODELS[match[2]!] ?? match[2]}` : name;
  return appLabel ? `${APPLICATIONS[appLabel] ?? appLabel} | ${text}` : text;
}

/** Django's English for the French words of permissionLabel (« supprimer » → « delete »), to search by what is shown. */
const FROM_FRENCH = new Map<string, string>(
  [...Object.entries(VERBS), ...Object.entries(APPLICATIONS), ...Object.entries(DJANGO_MODELS)].map(([english, french]) => [
    french.toLowerCase(),
    english,
  ]),
);
const permissionWords = searchOver(['name'], ['codename'], ['contentType', 'appLabel'], ['contentType', 'model']);

/** Every word, in French as shown or in Django's English, is found in the permission's name, code or application. */
export function permissionSearch(value: string) {
  const words = value
    .split(/[\s|:]+/)
    .map((word) => word.toLowerCase())
    .filter((word) => word && word !== 'peut');
  return { AND: words.map((word) => ({ OR: [word, FROM_FRENCH.get(word)].filter((w) => w !== undefined).map(permissionWords) })) };
}

export function permissionResource(): ResourceDef {
  return {
    model: 'Permission',
    label: 'Permissions',
    singular: 'permission',
    properties: {
      id: { label: 'ID' },
      displayName: {
        label: 'permission',
        type: 'string',
        isTitle: true,
        isSortable: false,
        isVisible: { list: true, show: true, edit: false, filter: false },
      },
      name: { label: 'nom' },
      codename: { label: 'nom de code' },
    },
    options: {
      navigation: NAV.users,
      // The French label names a permission everywhere (pickers, a user's page), not Django's English `name`.
      titleProperty: 'displayName',
      listProperties: ['displayName', 'codename'],
      showProperties: ['displayName', 'codename'],
      filterProperties: ['codename'],
      sort: { sortBy: 'id', direction: 'asc' },
      actions: {
        new: { isAccessible: false },
        edit: { isAccessible: false },
        delete: { isAccessible: false },
        bulkDelete: { isAccessible: false },
      },
    },
    extras: {
      omit: ['contentType'],
      include: { contentType: true },
      computed: (row) => {
        const type = row.contentType as Row | undefined;
        return { displayName: permissionLabel(textOf(type?.appLabel), String(row.name)) };
      },
      filters: { displayName: permissionSearch },
    },
  };
}
