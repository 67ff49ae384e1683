/** A schema of the OpenAPI document at /docs-json, as @nestjs/swagger writes it. */
export interface Schema {
  $ref?: string;
  type?: string;
  format?: string;
  enum?: unknown[];
  nullable?: boolean;
  properties?: Record<string, Schema>;
  required?: string[];
  items?: Schema;
  additionalProperties?: boolean | Schema;
  allOf?: Schema[];
}

export interface OpenApiDocument {
  paths: Record<string, Record<string, { responses?: Record<string, { content?: Record<string, { schema?: Schema }> }> }>>;
  components: { schemas: Record<string, Schema> };
}

/** The JSON schema documented for a route's success response, if any. */
export function responseSchema(doc: OpenApiDocument, method: string, path: string): Schema | undefined {
  const responses = doc.paths[path]?.[method]?.responses ?? {};
  const success = Object.entries(responses).find(([code]) => code.startsWith('2'))?.[1];
  return success?.content?.['application/json']?.schema;
}

/**
 * Where `value` departs from `schema`: a required property missing, a property the schema does not declare, a wrong
 * type or a value outside an enum. Empty when the value matches. Enough of JSON Schema for what the DTOs declare.
 */
export function schemaMismatches(doc: OpenApiDocument, schema: Schema, value: unknown, at = '$'): string[] {
  const resolved = schema.$ref ? doc.components.schemas[schema.$ref.replace('#/components/schemas/', '')] : schema;
  if (!resolved) return [`${at}: unknown schema ${schema.$ref}`];
  if (value === null) return resolved.nullable ? [] : [`${at}: null where it is not documented as nullable`];
  if (resolved.allOf) return resolved.allOf.flatMap((part) => schemaMismatches(doc, part, value, at));
  if (resolved.enum && !resolved.enum.includes(value)) return [`${at}: ${JSON.stringify(value)} is not one of ${JSON.stringify(resolved.enum)}`];
  switch (resolved.type) {
    case 'array':
      if (!Array.isArray(value)) return [`${at}: not an array`];
      return resolved.items ? value.flatMap((item, index) => schemaMismatches(doc, resolved.items!, item, `${at}[${index}]`)) : [];
    case 'string':
      return typeof value === 'string' ? [] : [`${at}: not a string`];
    case 'number':
    case 'integer':
      return typeof value === 'number' ? [] : [`${at}: not a number`];
    case 'boolean':
      return typeof value === 'boolean' ? [] : [`${at}: not a boolean`];
    case 'object':
    case undefined: {
      if (!resolved.properties) return resolved.type === 'object' && (typeof value !== 'object' || Array.isArray(value)) ? [`${at}: not an object`] : [];
      if (typeof value !== 'object' || Array.isArray(value)) return [`${at}: not an object`];
      const record = value as Record<string, unknown>;
      const missing = (resolved.required ?? []).filter((name) => !(name in record)).map((name) => `${at}.${name}: missing`);
      const undeclared = resolved.additionalProperties ? [] : Object.keys(record).filter((name) => !(name in resolved.properties!)).map((name) => `${at}.${name}: not documented`);
      const nested = Object.entries(record).flatMap(([name, item]) => (resolved.properties![name] && item !== undefined ? schemaMismatches(doc, resolved.properties![name], item, `${at}.${name}`) : []));
      return [...missing, ...undeclared, ...nested];
    }
    default:
      return [];
  }
}
