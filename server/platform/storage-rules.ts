// Upload rules (docs/admin.md#files, #markdown-editor): per-field folder, size cap and content types, checked on the
// declared type and on the bytes (magic numbers), collision-free sanitised keys, the content
// type a file is stored with, and the French messages of a refusal.
import crypto from 'node:crypto';
import path from 'node:path';

export const MB = 1024 * 1024;
const IMAGE_TYPES = ['image/jpeg', 'image/png', 'image/gif', 'image/webp'];
const EXTENSIONS: Record<string, string[]> = {
  'image/jpeg': ['.jpg', '.jpeg'],
  'image/png': ['.png'],
  'image/gif': ['.gif'],
  'image/webp': ['.webp'],
};
/** Served as themselves; every other file is stored as a download (octet-stream, attachment). */
const INLINE_TYPES = [...IMAGE_TYPES, 'application/pdf'];

export interface UploadField {
  /** Folder of the key, as in the original's `upload_to`. */
  prefix: string;
  maxBytes: number;
  /** Accepted content types; null: any file. */
  contentTypes: string[] | null;
  /** Images shrunk to fit a square of this side, in their format (JPEG at quality 90). */
  fitWithin?: number;
}

export const UPLOAD_FIELDS = {
  visitImage: { prefix: 'visits/images/', maxBytes: 10 * MB, contentTypes: IMAGE_TYPES },
  visitFactSheet: { prefix: 'visits/fact_sheets/', maxBytes: 50 * MB, contentTypes: null },
  visitPermission: { prefix: 'visits/visit_permissions/', maxBytes: 50 * MB, contentTypes: null },
  // docs/admin.md#markdown-editor: the Markdown editor's images, JPEG/PNG up to 50 MB (SVG is refused: it can carry scripts).
  // Shrunk to fit 500×500 as the original's editor did.
  markdownImage: { prefix: 'markdownx/', maxBytes: 50 * MB, contentTypes: ['image/jpeg', 'image/png'], fitWithin: 500 },
} satisfies Record<string, UploadField>;

export type UploadFieldName = keyof typeof UPLOAD_FIELDS;

const ALPHANUMERICS = 'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789';
const MAX_KEY_LENGTH = 100; // the file columns are VarChar(100)

function randomSuffix(length = 7): string {
  const bytes = crypto.randomBytes(length);
  return Array.from(bytes, (byte) => ALPHANUMERICS[byte % ALPHANUMERICS.length]).join('');
}

/** ASCII letters, digits, `-`, `_` and `.` only (Django's get_valid_filename, accents folded). */
function sanitize(name: string): string {
  return name
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/\s+/g, '_')
    .replace(/[^A-Za-z0-9._-]/g, '')
    .replace(/_{2,}/g, '_')
    .replace(/^[._-]+|[._-]+$/g, '');
}

/**
 * `<prefix><name>_<7 random alphanumerics><.ext>` as the original does on collisions
 * (`visits/images/visit-1_7TGFU5Y.jpg`), always, so two uploads never share a key.
 */
export function newFileKey(prefix: string, originalName: string): string {
  const base = path.posix.basename(originalName.replace(/\\/g, '/'));
  const rawExtension = path.posix.extname(base);
  const extension = sanitize(rawExtension.slice(1)).toLowerCase().slice(0, 10);
  const suffix = `_${randomSuffix()}${extension ? `.${extension}` : ''}`;
  const room = Math.max(1, MAX_KEY_LENGTH - prefix.length - suffix.length);
  const stem = sanitize(base.slice(0, base.length - rawExtension.length)).slice(0, room) || 'file';
  return `${prefix}${stem}${suffix}`;
}

export const uploadMessages = {
  empty: 'Le fichier soumis est vide.',
  tooLarge: (maxBytes: number) => `Le fichier est trop volumineux (maximum ${Math.round(maxBytes / MB)} Mo).`,
  notAnImage: "Téléversez une image valide. Le fichier que vous avez téléversé n'est pas une image ou bien il est corrompu.",
  typeNotAllowed: (types: string[]) => `Type de fichier non autorisé. Types acceptés : ${types.join(', ')}.`,
  unavailable: "Le stockage des fichiers est indisponible pour le moment ; le fichier n'a pas été enregistré. Réessayez plus tard.",
  unexpected: 'Champ de fichier inattendu.',
  svgRefused: 'Les images SVG ne sont pas acceptées (elles peuvent contenir des scripts) : utilisez PNG ou JPEG.',
  notAPdf: "Le fichier n'est pas un PDF valide.",
};

const wrongType = (types: string[]) =>
  types.every((type) => type.startsWith('image/')) ? uploadMessages.notAnImage : uploadMessages.typeNotAllowed(types);

const isSvg = (file: { mimetype: string; originalname: string }) =>
  file.mimetype === 'image/svg+xml' || path.extname(file.originalname).toLowerCase() === '.svg';

export function typeProblems(field: UploadField, file: { mimetype: string; originalname: string }): string[] {
  if (isSvg(file)) return [uploadMessages.svgRefused];
  if (!field.contentTypes) return [];
  const extension = path.extname(file.originalname).toLowerCase();
  const allowed = field.contentTypes.includes(file.mimetype) && (EXTENSIONS[file.mimetype] ?? []).includes(extension);
  return allowed ? [] : [wrongType(field.contentTypes)];
}

/** French problems with an upload for `field`, empty when it is acceptable. */
export function checkUpload(field: UploadField, file: { size: number; mimetype: string; originalname: string }): string[] {
  const problems = typeProblems(field, file);
  if (file.size === 0) problems.push(uploadMessages.empty);
  if (file.size > field.maxBytes) problems.push(uploadMessages.tooLarge(field.maxBytes));
  return problems;
}

/**
 * Problems with the bytes of an upload, `detected` being the type its magic numbers give: an
 * image field takes only an image of an accepted type whose extension matches, and a file
 * presented as an image or a PDF (by its type or its name) must be one.
 */
export function contentProblems(
  field: UploadField,
  file: { mimetype: string; originalname: string },
  detected: string | undefined,
): string[] {
  const declared = typeProblems(field, file);
  if (declared.length) return declared;
  const extension = path.extname(file.originalname).toLowerCase();
  if (field.contentTypes) {
    const matches = detected !== undefined && field.contentTypes.includes(detected) && (EXTENSIONS[detected] ?? []).includes(extension);
    return matches ? [] : [wrongType(field.contentTypes)];
  }
  const claimsImage = file.mimetype.startsWith('image/') || Object.values(EXTENSIONS).some((extensions) => extensions.includes(extension));
  if (claimsImage && !(detected && IMAGE_TYPES.includes(detected))) return [uploadMessages.notAnImage];
  const claimsPdf = file.mimetype === 'application/pdf' || extension === '.pdf';
  if (claimsPdf && detected !== 'application/pdf') return [uploadMessages.notAPdf];
  return [];
}

/** The content type a file is stored and served with: its detected type when shown inline, else a download. */
export function storedContentType(detected: string | undefined): string {
  return detected && INLINE_TYPES.includes(detected) ? detected : 'application/octet-stream';
}

/** Whether a stored file may be shown in the browser (images, PDFs) rather than downloaded. */
export function isInline(contentType: string): boolean {
  return INLINE_TYPES.includes(contentType);
}

/** The same, for a file known by its name only (local storage serves by extension). */
export function isInlineName(name: string): boolean {
  const extension = path.extname(name).toLowerCase();
  return extension === '.pdf' || Object.values(EXTENSIONS).some((extensions) => extensions.includes(extension));
}
