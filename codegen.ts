/**
 * GraphQL Code Generator: prints the Pothos schema to schema/schema.graphql and generates
 * typed documents for the operations the tests send. `npm run codegen` writes them;
 * `npm run schema:check` fails when the committed files drift from the code.
 */
import type { CodegenConfig } from '@graphql-codegen/cli';
import { printSchema } from 'graphql';
import { schema } from './src/schema/index.ts';

const config: CodegenConfig = {
  schema: printSchema(schema),
  documents: ['test/**/*.ts', '!test/generated/**'],
  ignoreNoDocuments: true,
  importExtension: '.ts',
  generates: {
    'schema/schema.graphql': {
      plugins: ['schema-ast'],
      config: { includeDirectives: false },
    },
    'test/generated/': {
      preset: 'client',
      presetConfig: { fragmentMasking: false },
      config: {
        useTypeImports: true,
        enumsAsTypes: true,
        scalars: { DateTime: 'string', JSON: 'unknown' },
      },
    },
  },
};

export default config;
