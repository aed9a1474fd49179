// Registers the workflows' typed search attributes on a namespace before any workflow upserts them. The dev server gets
// them as start flags; any other Temporal gets them here, at engine start, through the operator service.
import { isGrpcServiceError, type Connection } from '@temporalio/client';
import type { SearchAttributeType } from '@temporalio/common';
import { encodeSearchAttributeIndexedValueType, type SearchAttributeKey } from '@temporalio/common/lib/search-attributes';
import { taxYearSearchAttributeKeys } from '../workflows/taxYear/searchAttributes';

export { nextDeadlineKey, taxYearSearchAttributeKeys, taxYearStageKey } from '../workflows/taxYear/searchAttributes';

/** gRPC's ALREADY_EXISTS: another worker registered the same attribute between our look and our add. */
const GRPC_ALREADY_EXISTS = 6;

/**
 * Adds whichever of `keys` the namespace lacks, and returns their names. Idempotent: attributes already registered with
 * the same type are left alone, so this also works where adding is not allowed (Temporal Cloud) once they exist. An
 * attribute registered with another type stops start-up: the workflows' upserts would fail on every year.
 */
export async function ensureSearchAttributes(
  connection: Connection,
  namespace: string,
  keys: readonly SearchAttributeKey<SearchAttributeType>[] = taxYearSearchAttributeKeys,
): Promise<string[]> {
  const listed = await connection.operatorService.listSearchAttributes({ namespace });
  const registered = { ...listed.systemAttributes, ...listed.customAttributes };
  const missing: SearchAttributeKey<SearchAttributeType>[] = [];
  for (const key of keys) {
    const existing = registered[key.name];
    if (existing === undefined) missing.push(key);
    else if (existing !== encodeSearchAttributeIndexedValueType(key.type)) {
      throw new Error(`Search attribute ${key.name} is registered on namespace '${namespace}' with another type; the workflows need ${key.type}`);
    }
  }
  if (missing.length === 0) return [];
  try {
    await connection.operatorService.addSearchAttributes({
      namespace,
      searchAttributes: Object.fromEntries(missing.map((key) => [key.name, encodeSearchAttributeIndexedValueType(key.type)!])),
    });
  } catch (err) {
    if (!(isGrpcServiceError(err) && err.code === GRPC_ALREADY_EXISTS)) throw err;
  }
  return missing.map((key) => key.name);
}
