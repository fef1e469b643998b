// API documentation: the OpenAPI document as JSON and Swagger UI at /api/docs/ (assets
// served locally by swagger-ui-express, no CDN). Both are made at their first request, not
// at start: nobody reads the documentation the moment the server restarts (docs/benchmark.md, start-up).
import express, { type Router } from 'express';

/** `document`: builds the OpenAPI document (called once, at the first request that needs it). */
export function docsRouter(document: () => object): Router {
  const router = express.Router();
  let built: object | undefined;
  const theDocument = () => (built ??= document());
  const sendDocument: express.RequestHandler = (_req, res) => {
    res.json(theDocument());
  };
  router.get('/openapi.json', sendDocument);
  router.get('/docs/openapi.json', sendDocument);
  let swaggerUi: Promise<Router> | undefined;
  router.use('/docs', (req, res, next) => {
    swaggerUi ??= import('swagger-ui-express').then(({ default: ui }) =>
      express
        .Router()
        .use(ui.serve, ui.setup(theDocument(), { customSiteTitle: 'OSER API', swaggerOptions: { persistAuthorization: true } })),
    );
    swaggerUi.then((ui) => ui(req, res, next), next);
  });
  return router;
}
