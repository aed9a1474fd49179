// Coding out underpayments and debts (collect through the PAYE tax code): customer-submitted amounts per tax year.
// The sandbox holds no HMRC amounts, so `source=hmrcHeld` is always 404, as HMRC's STATEFUL scenario documents.
import { finalDeclarationWindow } from '../../../../domain/calendar';
import { penceToPounds, poundsToPence } from '../../../../domain/money';
import { taxYearOf } from '../../../../domain/taxYear';
import { requestValidator } from '../../oas';
import type { ApiHandler, ApiRequest } from '../../platform/pipeline';
import { ErrorCollector, checkNino, endpointError } from '../../platform/validation';
import type { ApiContext } from '../types';
import { todayOf } from './ledger';
import { checkCodingOutTaxYear } from './queryChecks';
import { accountsOf, findAccounts, type CodingOutComponents, type CodingOutItem } from './store';

const LISTS = ['payeUnderpayment', 'selfAssessmentUnderpayment', 'debt'] as const;
const SOURCES = ['hmrcHeld', 'user', 'latest'];

/**
 * Coding-out amounts can be changed once the year has ended until 12 months after the filing date (31 January),
 * as an amended return can (HMRC README §5.4); HMRC's back end enforces the window and does not publish it.
 */
export function codingOutWindowCloses(taxYear: string): string {
  const due = finalDeclarationWindow(taxYear).dueDate;
  return `${Number(due.slice(0, 4)) + 1}${due.slice(4)}`;
}

function temporalValidationsSuspended(request: ApiRequest): boolean {
  return request.header('suspend-temporal-validations')?.trim().toLowerCase() === 'true';
}

/**
 * The body against HMRC's schema: wrong shapes are RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED, a bad id FORMAT_ID, a bad
 * amount FORMAT_VALUE, each with its JSON pointer (ResolveParsedNumericId / ResolveParsedNumber).
 */
function checkCodingOutBody(errors: ErrorCollector, body: unknown): void {
  const components = (body as { taxCodeComponents?: unknown } | undefined)?.taxCodeComponents;
  if (typeof body !== 'object' || body === null || Array.isArray(body) || Object.keys(body).length === 0 || (typeof components === 'object' && components !== null && Object.keys(components).length === 0)) {
    errors.add('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED');
    return;
  }
  const validate = requestValidator(errors.endpoint)!;
  if (validate(body)) return;
  const shape = new Set<string>();
  const ids = new Set<string>();
  const values = new Set<string>();
  for (const error of validate.errors ?? []) {
    const path = error.keyword === 'required' ? `${error.instancePath}/${(error.params as { missingProperty: string }).missingProperty}` : error.keyword === 'additionalProperties' ? `${error.instancePath}/${(error.params as { additionalProperty: string }).additionalProperty}` : error.instancePath;
    const numeric = ['minimum', 'maximum', 'multipleOf'].includes(error.keyword);
    if (numeric && path.endsWith('/id')) ids.add(path);
    else if (numeric && path.endsWith('/amount')) values.add(path);
    else shape.add(path || '/');
  }
  for (const path of ids) errors.add('FORMAT_ID', { paths: [path] });
  if (values.size > 0) errors.add('FORMAT_VALUE', { paths: [...values], message: 'The value must be between 0 and 99999999999.99' });
  if (shape.size > 0) errors.add('RULE_INCORRECT_OR_EMPTY_BODY_SUBMITTED', { paths: [...shape].sort() });
}

function toPence(item: { id: number; amount: number }): CodingOutItem {
  return { id: item.id, amount: poundsToPence(item.amount) };
}

export function codingOutHandlers(ctx: ApiContext) {
  const retrieve: ApiHandler = (request) => {
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, request.params.nino);
    const taxYear = checkCodingOutTaxYear(errors, request.params.taxYear, { rules: true });
    const source = request.query.source;
    if (source !== undefined && !SOURCES.includes(source)) errors.add('FORMAT_SOURCE');
    errors.throwIfAny();
    const stored = findAccounts(ctx.state, request.params.nino!)?.codingOut[taxYear!];
    if (!stored || source === 'hmrcHeld') throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    const item = (i: CodingOutItem) => ({ id: i.id, amount: penceToPounds(i.amount), submittedOn: stored.submittedOn, source: 'user' });
    const c = stored.components;
    const taxCodeComponents = {
      ...Object.fromEntries(LISTS.filter((k) => c[k]?.length).map((k) => [k, c[k]!.map(item)])),
      ...(c.inYearAdjustment ? { inYearAdjustment: item(c.inYearAdjustment) } : {}),
    };
    return { status: 200, body: { taxCodeComponents } };
  };

  const createOrAmend: ApiHandler = (request) => {
    const oas = request.endpoint.oas;
    const errors = new ErrorCollector(oas);
    const today = todayOf(request.now);
    checkNino(errors, request.params.nino);
    const taxYear = checkCodingOutTaxYear(errors, request.params.taxYear, { rules: true });
    if (taxYear && !temporalValidationsSuspended(request) && taxYear >= taxYearOf(today)) errors.add('RULE_TAX_YEAR_NOT_ENDED');
    checkCodingOutBody(errors, request.body);
    errors.throwIfAny();

    const body = request.body as { taxCodeComponents: Record<string, unknown> };
    const raw = body.taxCodeComponents as { [K in (typeof LISTS)[number]]?: { id: number; amount: number }[] } & { inYearAdjustment?: { id: number; amount: number } };
    const entries = [
      ...LISTS.flatMap((k) => (raw[k] ?? []).map((item, i) => ({ id: item.id, path: `/taxCodeComponents/${k}/${i}/id` }))),
      ...(raw.inYearAdjustment ? [{ id: raw.inYearAdjustment.id, path: '/taxCodeComponents/inYearAdjustment/id' }] : []),
    ];
    const duplicated = entries.filter((e) => entries.filter((o) => o.id === e.id).length > 1).map((e) => e.path);
    if (duplicated.length > 0) throw endpointError(oas, 'RULE_DUPLICATE_ID_NOT_ALLOWED', { paths: duplicated });
    if (today > codingOutWindowCloses(taxYear!)) throw endpointError(oas, 'RULE_OUTSIDE_AMENDMENT_WINDOW');

    const components: CodingOutComponents = {
      ...Object.fromEntries(LISTS.filter((k) => raw[k]).map((k) => [k, raw[k]!.map(toPence)])),
      ...(raw.inYearAdjustment ? { inYearAdjustment: toPence(raw.inYearAdjustment) } : {}),
    };
    accountsOf(ctx.state, request.params.nino!).codingOut[taxYear!] = { submittedOn: request.now.toISOString(), components };
    ctx.changed();
    return { status: 204, write: { nino: request.params.nino!, taxYear: taxYear! } };
  };

  const remove: ApiHandler = (request) => {
    const oas = request.endpoint.oas;
    const errors = new ErrorCollector(oas);
    checkNino(errors, request.params.nino);
    const taxYear = checkCodingOutTaxYear(errors, request.params.taxYear, { rules: true });
    errors.throwIfAny();
    if (todayOf(request.now) > codingOutWindowCloses(taxYear!)) throw endpointError(oas, 'RULE_OUTSIDE_AMENDMENT_WINDOW');
    const accounts = findAccounts(ctx.state, request.params.nino!);
    if (!accounts?.codingOut[taxYear!]) throw endpointError(oas, 'MATCHING_RESOURCE_NOT_FOUND');
    delete accounts.codingOut[taxYear!];
    ctx.changed();
    return { status: 204, write: { nino: request.params.nino!, taxYear: taxYear! } };
  };

  return { retrieve, createOrAmend, remove };
}
