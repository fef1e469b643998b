// API documentation: the OpenAPI document as JSON and Swagger UI at /api/docs/ (assets
// served locally by swagger-ui-express, no CDN). Both are made at their first request, not
// at start: nobody reads the documentation the moment the server restarts (docs/benchmark.md, start-up).
import express, { type Router } from 'express';
import { MethodNotAllowed } from './errors.ts';

/** The documentation is read only: other methods answer 405, as the API's routes do. */
const readOnly: express.RequestHandler = (req, _res, next) => {
  if (req.method === 'GET' || req.method === 'HEAD') return next();
  throw new MethodNotAllowed(req.method, ['GET', 'HEAD', 'OPTIONS']);
};

/** `document`: builds the OpenAPI document (called once, at the first request that needs it). */
export function docsRouter(document: () => object): Router {
  const router = express.Router();
  let built: object | undefined;
  const theDocument = () => (built ??= document());
  const sendDocument: express.RequestHandler = (_req, res) => {
    res.json(theDocument());
  };
  router.all(['/openapi.json', '/docs/openapi.json'], readOnly, sendDocument);
  let swaggerUi: Promise<Router> | undefined;
  router.use('/docs', readOnly, (req, res, next) => {
    swaggerUi ??= import('swagger-ui-express').then(({ default: ui }) =>
      express
        .Router()
        .use(ui.serve, ui.setup(theDocument(), { customSiteTitle: 'OSER API', swaggerOptions: { persistAuthorization: true } })),
    );
    swaggerUi.then((ui) => ui(req, res, next), next);
  });
  return router;
}
