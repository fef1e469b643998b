// The project's zod, extended with .openapi() so that one schema feeds validation,
// TypeScript types and the OpenAPI document (STYLE.md "one schema per contract").
// Every schema imports `z` from here.
import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

extendZodWithOpenApi(z);

export { z };
