// The workflows' typed search attributes are registered before any workflow upserts them: by the dev server's flags
// on `default`, and by ensureSearchAttributes (engine start) on any other namespace, idempotently.
import { randomUUID } from 'node:crypto';
import { Connection } from '@temporalio/client';
import { encodeSearchAttributeIndexedValueType } from '@temporalio/common/lib/search-attributes';
import { msToTs } from '@temporalio/common/lib/time';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { ensureSearchAttributes, nextDeadlineKey, taxYearStageKey } from '../runtime/searchAttributes';
import { eventually } from './helpers/eventually';

let connection: Connection;

beforeAll(async () => {
  connection = await Connection.connect({ address: inject('temporalAddress') });
});
afterAll(async () => {
  await connection?.close();
});

/** A fresh namespace: on the dev server's SQL visibility, custom search attributes are per namespace. */
async function newNamespace(): Promise<string> {
  const namespace = `search-attributes-${randomUUID()}`;
  await connection.workflowService.registerNamespace({ namespace, workflowExecutionRetentionPeriod: msToTs('1 day') });
  await eventually(
    () => connection.workflowService.describeNamespace({ namespace }).then(() => true, () => false),
    (known) => known,
  );
  return namespace;
}

async function customAttributes(namespace: string) {
  return (await connection.operatorService.listSearchAttributes({ namespace })).customAttributes ?? {};
}

const expected = {
  TaxYearStage: encodeSearchAttributeIndexedValueType('KEYWORD'),
  NextDeadline: encodeSearchAttributeIndexedValueType('DATETIME'),
};

describe('search attributes', () => {
  it('are on the default namespace with their types, and ensuring them again adds nothing', async () => {
    expect(await ensureSearchAttributes(connection, 'default')).toEqual([]);
    expect(await customAttributes('default')).toMatchObject(expected);
    expect([taxYearStageKey.name, nextDeadlineKey.name]).toEqual(Object.keys(expected));
  });

  it('are added to a namespace that lacks them (as on a production cluster), once', async () => {
    const namespace = await newNamespace();
    expect(await customAttributes(namespace)).not.toHaveProperty('TaxYearStage');

    expect((await ensureSearchAttributes(connection, namespace)).sort()).toEqual(['NextDeadline', 'TaxYearStage']);
    expect(await customAttributes(namespace)).toMatchObject(expected);
    expect(await ensureSearchAttributes(connection, namespace)).toEqual([]);
  });

  it('refuses an attribute registered with another type', async () => {
    const namespace = await newNamespace();
    await connection.operatorService.addSearchAttributes({ namespace, searchAttributes: { TaxYearStage: encodeSearchAttributeIndexedValueType('TEXT')! } });
    await expect(ensureSearchAttributes(connection, namespace)).rejects.toThrow(/TaxYearStage is registered on namespace .* with another type; the workflows need KEYWORD/);
  });
});
