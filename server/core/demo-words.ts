// Words for the demo data (docs/decisions.md#commands): French names, places, visit titles, text.
import crypto from 'node:crypto';

export const randomInt = (min: number, max: number) => crypto.randomInt(min, max + 1);
export const pick = <T>(items: readonly T[]): T => items[randomInt(0, items.length - 1)]!;

/** docs/decisions.md#commands: e-mail parts are lower case, without accents, spaces or other characters. */
export function emailPart(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '');
}

export const FIRST_NAMES = {
  M: ['Lucas', 'Hugo', 'Nathan', 'Théo', 'Mathis', 'Yanis', 'Adam', 'Noé', 'Karim', 'Léo'],
  F: ['Emma', 'Léa', 'Chloé', 'Inès', 'Manon', 'Camille', 'Zoé', 'Sarah', 'Jade', 'Aïcha'],
} as const;
export const LAST_NAMES = [
  'Martin',
  'Bernard',
  'Petit',
  'Robert',
  'Richard',
  'Durand',
  'Lefèvre',
  'Moreau',
  'Benali',
  'Nguyen',
  'Da Silva',
  'Garnier',
];

export const DEMO_SCHOOLS = [
  { uaiCode: '0930901A', name: 'Lycée Démo Jean Jaurès', address: { line1: '1 rue Jean Jaurès', postCode: '93200', city: 'Saint-Denis' } },
  { uaiCode: '0920902B', name: 'Lycée Démo Marie Curie', address: { line1: '12 avenue Marie Curie', postCode: '92160', city: 'Antony' } },
  { uaiCode: '0910903C', name: 'Lycée Démo Camille Claudel', address: { line1: '5 allée des Sciences', postCode: '91300', city: 'Massy' } },
] as const;

export const DEMO_SLUGS = [
  ['demo-charte-des-sorties', 'Charte des sorties'],
  ['demo-guide-du-tuteur', 'Guide du tuteur'],
] as const;

export const PLACES = [
  {
    name: 'Palais de la Découverte',
    description: 'Un musée des sciences où les médiateurs font des **expériences en direct**.',
    url: 'https://www.palais-decouverte.fr',
    address: { line1: 'Avenue Franklin Delano Roosevelt', postCode: '75008', city: 'Paris' },
  },
  {
    name: 'Philharmonie de Paris',
    description: 'Salle de concert et musée de la musique, au cœur du parc de la Villette.',
    url: 'https://philharmoniedeparis.fr',
    address: { line1: '221 avenue Jean Jaurès', postCode: '75019', city: 'Paris' },
  },
  {
    name: "Cité des sciences et de l'industrie",
    description: 'Expositions interactives, planétarium et sous-marin Argonaute.',
    url: 'https://www.cite-sciences.fr',
    address: { line1: '30 avenue Corentin Cariou', postCode: '75019', city: 'Paris' },
  },
];

export const VISIT_TITLES = [
  'Visite du Palais de la Découverte',
  'Concert à la Philharmonie',
  'Exposition « Lumières » à la Cité des sciences',
  'Atelier robotique',
  'Séance au planétarium',
  'Visite de laboratoire',
  'Répétition générale ouverte',
  'Balade scientifique en forêt',
];

export const LOREM = [
  'Nous partirons ensemble du lycée et découvrirons le lieu avec un guide. Chacun pourra poser ses questions.',
  'Après la visite, un moment d’échange permettra de parler études, métiers et orientation avec les tuteurs.',
  'Pensez à apporter une bouteille d’eau et de quoi prendre des notes : un petit quiz vous attend à la fin !',
];
