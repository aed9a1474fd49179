// Reads an accounting adjustments body (self-employment, UK or foreign property, any year's shape) into its groups of
// deltas, and checks it as HMRC's DefN_Submit*BsasRulesValidator do.
import { poundsToPence } from '../../../../domain/money';
import { HmrcError } from '../../platform/errors';
import { endpointError, type ErrorCollector } from '../../platform/validation';
import { deltasTotal } from './calculation';
import { isPermittedCountryCode } from '../../../../domain/countries';
import type { BsasKind, Deltas, StoredAdjustment } from './store';

type Json = Record<string, unknown>;

/** Before 2025-26 one UK or foreign property body could carry the FHL part or the other one. */
export type Part = 'fhl' | 'nonFhl';

/** One set of adjustments: the whole business, or one country or property. */
interface Group {
  path: string;
  part: Part;
  node: Json;
  key?: { field: 'countryCode' | 'propertyId'; value: unknown };
}

interface PartNode {
  path: string;
  part: Part;
  node: unknown;
}

const PARTS: Record<BsasKind, [string, Part][]> = {
  'self-employment': [],
  'uk-property': [['ukProperty', 'nonFhl'], ['furnishedHolidayLet', 'fhl']],
  'foreign-property': [['foreignProperty', 'nonFhl'], ['foreignFhlEea', 'fhl']],
};
const SECTIONS = ['income', 'expenses', 'additions'] as const;
const LIMIT = 99999999999.99;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** Property adjustments may carry residential finance costs beside consolidated expenses (HMRC's own examples do). */
const ALONGSIDE_CONSOLIDATED = new Set(['consolidatedExpenses', 'residentialFinancialCost']);

const isObject = (value: unknown): value is Json => typeof value === 'object' && value !== null && !Array.isArray(value);

function partsOf(kind: BsasKind, body: Json): PartNode[] {
  if (kind === 'self-employment') return [{ path: '', part: 'nonFhl', node: body }];
  return PARTS[kind].filter(([name]) => body[name] !== undefined).map(([name, part]) => ({ path: `/${name}`, part, node: body[name] }));
}

function groupsOf(part: PartNode): Group[] {
  const { node, path } = part;
  const keyed = (list: unknown, listPath: string, field: 'countryCode' | 'propertyId'): Group[] =>
    Array.isArray(list) ? list.filter(isObject).map((item, i) => ({ path: `${listPath}/${i}`, part: part.part, node: item, key: { field, value: item[field] } })) : [];
  if (Array.isArray(node)) return keyed(node, path, 'countryCode');
  if (!isObject(node)) return [];
  if (node.countryLevelDetail !== undefined) return keyed(node.countryLevelDetail, `${path}/countryLevelDetail`, 'countryCode');
  if (node.propertyLevelDetail !== undefined) return keyed(node.propertyLevelDetail, `${path}/propertyLevelDetail`, 'propertyId');
  return [{ path, part: part.part, node }];
}

const hasFields = (group: Group) => SECTIONS.some((s) => group.node[s] !== undefined);

/** HMRC's JSON reads take `zeroAdjustments: false` as a boolean and answer it in the rules; the schema's enum would not. */
export function forShapeCheck(body: unknown): unknown {
  if (Array.isArray(body)) return body.map(forShapeCheck);
  if (!isObject(body)) return body;
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, k === 'zeroAdjustments' && v === false ? true : forShapeCheck(v)]));
}

/** Empty objects and arrays inside a body, which HMRC's ResolveNonEmptyJsonObject refuses with their paths. */
export function emptyPaths(body: unknown, path = ''): string[] {
  if (Array.isArray(body)) return body.length === 0 && path ? [path] : body.flatMap((item, i) => emptyPaths(item, `${path}/${i}`));
  if (!isObject(body)) return [];
  const entries = Object.entries(body);
  return entries.length === 0 && path ? [path] : entries.flatMap(([key, value]) => emptyPaths(value, `${path}/${key}`));
}

function decimalPlacesOk(value: number): boolean {
  try {
    poundsToPence(value);
    return true;
  } catch {
    return false;
  }
}

/** The rules HMRC checks once the body's shape is right; every problem is collected. */
export function checkAdjustmentRules(errors: ErrorCollector, kind: BsasKind, body: Json): void {
  const parts = partsOf(kind, body);
  if (parts.length === 2) errors.add('RULE_BOTH_PROPERTIES_SUPPLIED');
  const valuePaths: string[] = [];
  const seen = new Map<string, { field: 'countryCode' | 'propertyId'; paths: string[] }>();
  for (const part of parts) {
    const groups = groupsOf(part);
    const zero = isObject(part.node) ? part.node.zeroAdjustments : undefined;
    const withFields = groups.some(hasFields);
    const zeroPath = `${part.path}/zeroAdjustments`;
    if (zero !== undefined && withFields) errors.add('RULE_BOTH_ADJUSTMENTS_SUPPLIED', part.path ? { paths: [part.path] } : {});
    if (zero === false) errors.add('RULE_ZERO_ADJUSTMENTS_INVALID', { paths: [zeroPath] });
    for (const group of groups) {
      for (const section of SECTIONS) {
        const amounts = group.node[section];
        if (!isObject(amounts)) continue;
        for (const [field, value] of Object.entries(amounts)) {
          if (typeof value !== 'number') continue;
          if (value === 0 || Math.abs(value) > LIMIT || !decimalPlacesOk(value)) valuePaths.push(`${group.path}/${section}/${field}`);
        }
      }
      const expenses = group.node.expenses;
      if (isObject(expenses) && expenses.consolidatedExpenses !== undefined) {
        const others = Object.keys(expenses).filter((f) => !(kind === 'self-employment' ? f === 'consolidatedExpenses' : ALONGSIDE_CONSOLIDATED.has(f)));
        const additions = isObject(group.node.additions) && Object.keys(group.node.additions).length > 0;
        if (others.length > 0 || additions) errors.add('RULE_BOTH_EXPENSES_SUPPLIED', { paths: [`${group.path}/expenses`] });
      }
      if (group.key) {
        const { field, value } = group.key;
        const path = `${group.path}/${field}`;
        if (field === 'countryCode') {
          if (typeof value !== 'string' || value.length !== 3) errors.add('FORMAT_COUNTRY_CODE', { paths: [path] });
          else if (!isPermittedCountryCode(value)) errors.add('RULE_COUNTRY_CODE', { paths: [path] });
        } else if (typeof value !== 'string' || !UUID.test(value)) {
          errors.add('FORMAT_PROPERTY_ID', { paths: [path] });
        }
        const id = `${field}:${String(value)}`;
        seen.set(id, { field, paths: [...(seen.get(id)?.paths ?? []), path] });
      }
    }
  }
  if (valuePaths.length > 0) errors.add('FORMAT_VALUE', { paths: valuePaths });
  for (const [id, { field, paths }] of seen) {
    if (paths.length < 2) continue;
    if (field === 'countryCode') errors.add('RULE_DUPLICATE_COUNTRY_CODE', { paths });
    else {
      // HMRC names the duplicated id in the message (RuleDuplicatePropertyIdError.forDuplicatedIdsAndPaths).
      const documented = endpointError(errors.endpoint, 'RULE_DUPLICATE_PROPERTY_ID');
      errors.errors.push(new HmrcError(documented.status, documented.code, `The property ID '${id.slice('propertyId:'.length)}' is duplicated for multiple properties`, paths));
    }
  }
}

function deltasOf(node: Json): Deltas {
  const read = (section: (typeof SECTIONS)[number]) =>
    Object.fromEntries(Object.entries(isObject(node[section]) ? node[section] : {}).flatMap(([f, v]) => (typeof v === 'number' ? [[f, poundsToPence(v)]] : [])));
  return { income: read('income'), expenses: read('expenses'), additions: read('additions') };
}

/** The adjustment a valid body makes, and which part (FHL or not) it is for. */
export function readAdjustment(kind: BsasKind, body: Json, adjustedDateTime: string): { part: Part; adjustment: StoredAdjustment } {
  const [part] = partsOf(kind, body);
  const groups = part ? groupsOf(part) : [];
  const zeroAdjustments = isObject(part?.node) && part.node.zeroAdjustments === true;
  const keyed = groups.filter((g) => g.key);
  const kindOfKey = keyed[0]?.key?.field === 'propertyId' ? 'property' : 'country';
  const list = keyed.map((g) => ({ key: String(g.key!.value), ...deltasOf(g.node) }));
  const total = deltasTotal(groups.map((g) => deltasOf(g.node)));
  const units = !zeroAdjustments && keyed.length > 0 ? { kind: kindOfKey, list } : undefined;
  return { part: part?.part ?? 'nonFhl', adjustment: { adjustedDateTime, zeroAdjustments, total, ...(units ? { units } : {}) } as StoredAdjustment };
}
