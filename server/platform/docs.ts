// API documentation: the OpenAPI document as JSON and Swagger UI at /api/docs/ (assets
// served locally by swagger-ui-express, no CDN).
import express, { type Router } from 'express';
import swaggerUi from 'swagger-ui-express';

export function docsRouter(document: object): Router {
  const router = express.Router();
  const sendDocument: express.RequestHandler = (_req, res) => {
    res.json(document);
  };
  router.get('/openapi.json', sendDocument);
  router.get('/docs/openapi.json', sendDocument);
  router.use(
    '/docs',
    swaggerUi.serve,
    swaggerUi.setup(document, { customSiteTitle: 'OSER API', swaggerOptions: { persistAuthorization: true } }),
  );
  return router;
}
