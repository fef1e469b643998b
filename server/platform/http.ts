// Small HTTP helpers shared by the domain routers.
import express, { type Request, type RequestHandler, type Router } from 'express';
import type { Config } from './config.ts';

const BODY_LIMIT = '100kb';

/** A router for one REST resource, with its own body parsers (AdminJS must see raw bodies). */
export function restRouter(): Router {
  const router = express.Router();
  router.use(express.json({ limit: BODY_LIMIT }), express.urlencoded({ extended: false, limit: BODY_LIMIT }));
  return router;
}

/** `<scheme>://<host>` of the request, honouring X-Forwarded-* when the proxy is trusted. */
export function origin(req: Request): string {
  // Express 5's req.host keeps the port and reads X-Forwarded-Host only behind a trusted proxy.
  return `${req.protocol}://${req.host}`;
}

/** Absolute URL of a path of this server, as DRF's hyperlinks (SPEC 3.1). */
export function absoluteUrl(req: Request, path: string): string {
  return origin(req) + path;
}

/** Django's ALLOWED_HOSTS: URLs are built from Host, so only configured hosts are served. */
export function allowedHostsOnly(config: Pick<Config, 'allowedHosts'>): RequestHandler {
  const allowed = new Set(config.allowedHosts.map((host) => host.toLowerCase()));
  return (req, res, next) => {
    if (allowed.size === 0 || allowed.has((req.hostname ?? '').toLowerCase())) return next();
    res.status(400).json({ detail: 'Hôte non autorisé.' });
  };
}
