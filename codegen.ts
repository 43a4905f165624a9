/**
 * GraphQL Code Generator: prints the Pothos schema to schema/schema.graphql and generates
 * typed documents for the operations the tests send and for the client package (client/).
 * `npm run codegen` writes them; `npm run schema:check` fails when the committed files drift
 * from the code.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { schema } from './src/schema/index.ts';

// What schema/schema.graphql holds, printed once; every output reads this rather than the file,
// which the same (concurrent) run may still be rewriting.
const printed = printSchema(schema);

/** Typed documents (client preset) for the operations found in `folder`, written to `folder/<generated>/`. */
function typedDocuments(folder: string, generated: string) {
  return {
    [`${folder}/${generated}/`]: {
      schema: printed,
      documents: [`${folder}/**/*.ts`, `!${folder}/${generated}/**`],
      preset: 'client' as const,
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
  };
}

const config: CodegenConfig = {
  ignoreNoDocuments: true,
  importExtension: '.ts',
  generates: {
    'schema/schema.graphql': {
      schema: printed,
      plugins: ['schema-ast'],
      config: { includeDirectives: false },
    },
    ...typedDocuments('test', 'generated'),
    ...typedDocuments('client', 'gql'),
  },
};

export default config;
