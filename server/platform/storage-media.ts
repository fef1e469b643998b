// /media/<key>: the original's MEDIA_URL. Local storage serves the files; with S3 the
// same URLs (found in Markdown written against the local server) redirect to the object.
import express, { type Router } from 'express';
import { NotFound } from './errors.ts';
import type { Storage } from './storage-backend.ts';
import { isInlineName } from './storage-rules.ts';

export function mediaRouter(storage: Storage): Router {
  const router = express.Router();
  // Uploaded files are untrusted (an .html fact sheet, an SVG with script): never let
  // them run in the origin of the admin panel.
  router.use((_req, res, next) => {
    res.set({
      'Content-Security-Policy': "default-src 'none'; img-src 'self'; style-src 'unsafe-inline'; sandbox",
      'X-Content-Type-Options': 'nosniff',
    });
    next();
  });
  if (storage.kind === 'local' && storage.root) {
    router.use(
      express.static(storage.root, {
        index: false,
        dotfiles: 'deny',
        redirect: false,
        maxAge: '1d',
        fallthrough: true,
        // As on S3 (storage-s3.ts): anything but an image or a PDF is a download.
        setHeaders: (res, file) => !isInlineName(file) && res.setHeader('Content-Disposition', 'attachment'),
      }),
    );
  } else {
    router.get(/.*/, async (req, res) => {
      const key = decodeURIComponent(req.path.replace(/^\//, ''));
      if (!key || key.split('/').some((part) => part === '..' || part === '')) throw new NotFound();
      res.redirect(302, await storage.fileUrl(key, `${req.protocol}://${req.get('host')}`));
    });
  }
  router.use(() => {
    throw new NotFound();
  });
  return router;
}
