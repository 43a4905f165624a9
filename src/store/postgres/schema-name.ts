/**
 * Schema names the store accepts: plain lowercase identifiers, so they need no escaping and
 * name the same schema quoted (in SQL) and unquoted (in the `search_path` connection option).
 */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,62}$/;

/** Returns the name unchanged, or throws a RangeError saying what a schema name must be. */
export function checkSchemaName(schema: string): string {
  if (!SCHEMA_NAME.test(schema)) {
    throw new RangeError(
      `schema must be 1 to 63 lowercase letters, digits or underscores, not starting with a digit; got ${JSON.stringify(schema)}`,
    );
  }
  return schema;
}

/** The name quoted for SQL, after checking it. */
export function quoteSchemaName(schema: string): string {
  return `"${checkSchemaName(schema)}"`;
}
