// Prisma CLI configuration: runs migrate/generate with the JS schema engine and the pg
// driver adapter, so no native engine is downloaded (docs/stack.md#prisma-without-native-engines).
import path from 'node:path';
import { defineConfig } from 'prisma/config';
import pg from 'pg';
import { PrismaPg } from '@prisma/adapter-pg';

// `prisma generate` needs some URL even though it never connects.
process.env.DATABASE_URL ??= 'postgresql://placeholder:placeholder@127.0.0.1:5432/placeholder';

// Prisma issue 27403: the JS schema engine reads catalog columns of types "char" (18) and
// name (19) that the adapter cannot map. Report them as text; only the CLI loads this file.
type FieldDescription = { dataTypeID: number };
const resultPrototype = pg.Result.prototype as unknown as { addFields: (this: unknown, fields: FieldDescription[]) => void };
const addFields = resultPrototype.addFields;
resultPrototype.addFields = function (this: unknown, fieldDescriptions: FieldDescription[]) {
  for (const field of fieldDescriptions) {
    if (field.dataTypeID === 18 || field.dataTypeID === 19) field.dataTypeID = 25;
  }
  return addFields.call(this, fieldDescriptions);
};

export default defineConfig({
  experimental: { adapter: true },
  engine: 'js',
  schema: path.join(import.meta.dirname, 'schema.prisma'),
  migrations: { path: path.join(import.meta.dirname, 'migrations') },
  adapter() {
    return Promise.resolve(new PrismaPg({ connectionString: process.env.DATABASE_URL }));
  },
});
