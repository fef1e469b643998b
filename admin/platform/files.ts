// The visit's image, fact sheet and permission form (docs/admin.md#files): uploaded from the panel
// into the storage module (local disk or S3), shown as a thumbnail or a download link,
// replaced and removed cleanly. A replaced or cleared file stays in storage for the nightly
// cleanup (docs/admin.md#files), which deletes it only when no row references it any more.
import fs from 'node:fs';
import type { ActionRequest, ActionResponse, ActionContext, RecordJSON } from 'adminjs';
import type { AppContext } from '../../server/platform/context.ts';
import { fileTypeFromFile } from 'file-type';
import { UPLOAD_FIELDS, checkUpload, contentProblems, newFileKey, storedContentType } from '../../server/platform/storage.ts';
import { isPanelUpload } from './body.ts';
import type { ResourceDef } from './define.ts';
import { refusal } from './prisma-errors.ts';

type Row = Record<string, unknown>;

export function fileHooks(ctx: AppContext, fields: Record<string, keyof typeof UPLOAD_FIELDS>) {
  const pending = new WeakMap<object, { stored: string[] }>();

  const store = async (request: ActionRequest, context: ActionContext): Promise<ActionRequest> => {
    if (request.method !== 'post' || !request.payload) return request;
    const payload: Row = { ...request.payload };
    const errors: Record<string, { message: string }> = {};
    const stored: string[] = [];
    for (const [field, rule] of Object.entries(fields)) {
      const value = payload[field];
      // Only a file of this request's multipart body (admin/platform/body.ts), never an object of the payload.
      if (isPanelUpload(value)) {
        const upload = { size: value.size, mimetype: value.type, originalname: value.name };
        let problems = checkUpload(UPLOAD_FIELDS[rule], upload);
        const detected = problems.length ? undefined : (await fileTypeFromFile(value.path))?.mime;
        if (!problems.length) problems = contentProblems(UPLOAD_FIELDS[rule], upload, detected);
        if (problems.length) {
          errors[field] = { message: problems.join(' ') };
          continue;
        }
        const key = newFileKey(UPLOAD_FIELDS[rule].prefix, value.name);
        try {
          await ctx.storage.put(key, fs.createReadStream(value.path), { contentType: storedContentType(detected) });
        } catch (error) {
          // Storage down: the files already stored for this form go too, nothing is saved.
          await Promise.allSettled(stored.map((storedKey) => ctx.storage.delete(storedKey)));
          throw error;
        }
        stored.push(key);
        payload[field] = key;
      } else if (value === null || value === '') {
        payload[field] = null;
      } else {
        // Unchanged: the stored key is kept (never a value typed by the browser).
        delete payload[field];
      }
    }
    if (Object.keys(errors).length) {
      await Promise.allSettled(stored.map((key) => ctx.storage.delete(key)));
      throw refusal(errors);
    }
    const next = { ...request, payload };
    pending.set(context, { stored });
    return next;
  };

  /** After a refused save, the files stored for it go: nothing references them. */
  const settle = async (response: ActionResponse, _request: ActionRequest, context: ActionContext): Promise<ActionResponse> => {
    const files = pending.get(context);
    if (!files) return response;
    const failed = Object.keys((response.record as RecordJSON | undefined)?.errors ?? {}).length > 0;
    if (failed) await Promise.allSettled(files.stored.map((key) => ctx.storage.delete(key)));
    return response;
  };

  /** Adds `<field>Url` to the records sent to the browser. */
  const urls = async (response: ActionResponse): Promise<ActionResponse> => {
    const records = [response.record as RecordJSON | undefined, ...((response.records ?? []) as RecordJSON[])].filter(
      (record) => record !== undefined,
    );
    for (const record of records) {
      for (const field of Object.keys(fields)) {
        const key: unknown = record.params[field];
        if (typeof key === 'string' && key) record.params[`${field}Url`] = await ctx.storage.fileUrl(key, '');
      }
    }
    return response;
  };
  return { store, settle, urls };
}

/** Wires the upload hooks and components of the file columns a declaration names (`files`). */
export function fileFeatures(ctx: AppContext, def: ResourceDef): void {
  if (!def.files) return;
  const hooks = fileHooks(ctx, def.files);
  const actions = (def.options.actions ??= {}) as Record<string, { before?: unknown; after?: unknown }>;
  const add = (name: string, key: 'before' | 'after', hook: unknown, first = false) => {
    const action = (actions[name] ??= {});
    const list = ([] as unknown[]).concat(action[key] ?? []);
    if (first) list.unshift(hook);
    else list.push(hook);
    action[key] = list;
  };
  for (const name of ['new', 'edit']) {
    add(name, 'before', hooks.store);
    add(name, 'after', hooks.settle, true);
  }
  for (const name of ['show', 'edit', 'list']) add(name, 'after', hooks.urls);
  for (const [field, rule] of Object.entries(def.files)) {
    const property = def.properties[field];
    if (!property) continue;
    const upload = UPLOAD_FIELDS[rule];
    const image = upload.contentTypes?.every((type) => type.startsWith('image/')) ?? false;
    property.components = { edit: 'FileEdit', show: 'FileShow', list: 'FileShow' };
    property.custom = { accept: upload.contentTypes?.join(',') ?? '', maxBytes: upload.maxBytes, image };
    property.isSortable = false;
  }
}
