// /api/category-mappings: the FreeAgent category mapping as staff see it (the table with the practice's overrides in
// place), and the practice's overrides: set one with PUT, remove it with DELETE; each change leaves an audit event.
import { z } from '@hono/zod-openapi';
import { CATEGORY_MAPPING, type CategoryMapping } from '../../integrations/freeagent/categoryMapping';
import { applyOverrides } from '../../integrations/freeagent/categoryMappingFromCategories';
import { deleteCategoryMappingOverride, listCategoryMappingOverrides, saveCategoryMappingOverride, type CategoryMappingOverride } from '../../integrations/freeagent/categoryMappingStore';
import type { Db } from '../../db/connect';
import { createRouter } from '../context';
import { staffOf } from '../auth/middleware';
import { apiRoute } from '../route';
import { ApiError } from '../errors';
import { errorResponses } from '../schemas';
import { CategoryMappingSchema, NominalCodeParam, OverrideInputSchema, toCategoryMappingJson } from './schemas';

async function effectiveRows(db: Db): Promise<(CategoryMapping | CategoryMappingOverride)[]> {
  const overrides = await listCategoryMappingOverrides(db);
  const byCode = new Map(overrides.map((o) => [o.nominalCode, o]));
  return applyOverrides(CATEGORY_MAPPING, overrides).map((row) => byCode.get(row.nominalCode) ?? row);
}

function noOverride(nominalCode: string): ApiError {
  return new ApiError(404, 'CATEGORY_MAPPING_OVERRIDE_NOT_FOUND', `The practice has no override for nominal code ${nominalCode}`, [{ field: 'nominalCode', rule: 'must have a practice override to remove' }]);
}

export const categoryMappingsRouter = createRouter()
  .openapi(
    apiRoute('read', {
      method: 'get',
      path: '/',
      tags: ['Category mappings'],
      summary: "The FreeAgent category mapping in force: the table's rows and the practice's overrides",
      description:
        "Categories of a client's books that neither lists get a row derived from FreeAgent's tax reporting name, else its group, when its figures are read; what stays unknown is reported as unmapped.",
      responses: {
        200: {
          description: 'Every row, in nominal code order; Content-Range gives the count (ra-data-simple-rest)',
          content: { 'application/json': { schema: z.array(CategoryMappingSchema) } },
        },
      },
    }),
    async (c) => {
      const rows = (await effectiveRows(c.get('deps').db)).map(toCategoryMappingJson);
      c.header('Content-Range', rows.length ? `category-mappings 0-${rows.length - 1}/${rows.length}` : 'category-mappings */0');
      return c.json(rows, 200);
    },
  )
  .openapi(
    apiRoute('read', {
      method: 'get',
      path: '/{nominalCode}',
      tags: ['Category mappings'],
      summary: 'One row of the mapping in force',
      request: { params: NominalCodeParam },
      responses: { 200: { description: 'The row', content: { 'application/json': { schema: CategoryMappingSchema } } }, 400: errorResponses[400], 404: errorResponses[404] },
    }),
    async (c) => {
      const { nominalCode } = c.req.valid('param');
      const row = (await effectiveRows(c.get('deps').db)).find((r) => r.nominalCode === nominalCode);
      if (!row) throw new ApiError(404, 'CATEGORY_MAPPING_NOT_FOUND', `Neither the table nor the practice maps nominal code ${nominalCode}`, [{ field: 'nominalCode', rule: 'must be in the mapping table or have a practice override' }]);
      return c.json(toCategoryMappingJson(row), 200);
    },
  )
  .openapi(
    apiRoute('practice:configure', {
      method: 'put',
      path: '/{nominalCode}',
      tags: ['Category mappings'],
      summary: "Sets the practice's override for a category",
      description: 'Replaces the whole row: give both targets (null leaves a side unmapped, so it is reported). Targets are HMRC field names, e.g. periodExpenses.adminCosts.',
      request: { params: NominalCodeParam, body: { required: true, content: { 'application/json': { schema: OverrideInputSchema } } } },
      responses: { 200: { description: 'The override', content: { 'application/json': { schema: CategoryMappingSchema } } }, 400: errorResponses[400] },
    }),
    async (c) => {
      const { db } = c.get('deps');
      const { nominalCode } = c.req.valid('param');
      const body = c.req.valid('json');
      const actor = staffOf(c).id;
      const freeAgentName = body.freeAgentName ?? (await effectiveRows(db)).find((r) => r.nominalCode === nominalCode)?.freeAgentName;
      if (!freeAgentName) throw new ApiError(400, 'INVALID_REQUEST', `Nominal code ${nominalCode} is not in the table, so its name is needed`, [{ field: 'freeAgentName', rule: 'required for a category the mapping table does not list' }]);
      const saved = await saveCategoryMappingOverride(db, { nominalCode, freeAgentName, selfEmployment: body.selfEmployment, ukProperty: body.ukProperty }, actor);
      c.get('deps').log.info('Category mapping overridden', { nominalCode, actor });
      return c.json(toCategoryMappingJson(saved), 200);
    },
  )
  .openapi(
    apiRoute('practice:configure', {
      method: 'delete',
      path: '/{nominalCode}',
      tags: ['Category mappings'],
      summary: "Removes the practice's override: the table's row (or the derived one) applies again",
      request: { params: NominalCodeParam },
      responses: { 200: { description: 'The override that was removed', content: { 'application/json': { schema: CategoryMappingSchema } } }, 400: errorResponses[400], 404: errorResponses[404] },
    }),
    async (c) => {
      const { nominalCode } = c.req.valid('param');
      const actor = staffOf(c).id;
      const removed = await deleteCategoryMappingOverride(c.get('deps').db, nominalCode, actor);
      if (!removed) throw noOverride(nominalCode);
      c.get('deps').log.info('Category mapping override removed', { nominalCode, actor });
      return c.json(toCategoryMappingJson(removed), 200);
    },
  );
