// Tidies a dereferenced HMRC schema so ajv (draft-04) compiles it on its own, away from HMRC's file tree.
import { isObject } from './refs';
import { type JsonSchema } from './types';

const schemaMaps = new Set(['properties', 'patternProperties']);
const schemaLists = new Set(['allOf', 'anyOf', 'oneOf']);
const singleSchemas = new Set(['items', 'additionalItems', 'additionalProperties', 'not']);

// Once every $ref is inlined, `definitions` is dead weight; `id` ("full-date", "tax-year", repeated within one
// schema) would make ajv see duplicate base URIs; a few files declare `$schema` 2019-09 but are written as draft-04.
const droppedKeywords = new Set(['definitions', 'id', '$schema']);

export function compactSchema(schema: unknown): JsonSchema {
  if (!isObject(schema)) throw new Error(`not a schema: ${JSON.stringify(schema)?.slice(0, 80)}`);
  const out: JsonSchema = {};
  for (const [keyword, value] of Object.entries(schema)) {
    if (droppedKeywords.has(keyword) && (keyword !== 'id' || typeof value === 'string')) continue;
    if (schemaMaps.has(keyword) && isObject(value)) {
      out[keyword] = Object.fromEntries(Object.entries(value).map(([name, sub]) => [name, compactSchema(sub)]));
    } else if (schemaLists.has(keyword) && Array.isArray(value)) {
      out[keyword] = value.map(compactSchema);
    } else if (singleSchemas.has(keyword) && (isObject(value) || Array.isArray(value))) {
      out[keyword] = Array.isArray(value) ? value.map(compactSchema) : compactSchema(value);
    } else if (keyword === 'dependencies' && isObject(value)) {
      out[keyword] = Object.fromEntries(Object.entries(value).map(([name, dep]) => [name, Array.isArray(dep) ? dep : compactSchema(dep)]));
    } else {
      out[keyword] = value;
    }
  }
  return out;
}
