// Self Assessment Assist 1.0: HMRC's feedback on a calculation before the final declaration, and its acknowledgement.
// The emulator's feedback is rule-based, read off the calculation (HMRC's own rules are not published).
import { randomUUID } from 'node:crypto';
import type { IncomeTaxCalculation } from '../../../../domain/incomeTax';
import type { ApiHandler } from '../../platform/pipeline';
import { ErrorCollector, checkNino, checkTaxYear, endpointError } from '../../platform/validation';
import { taxpayer } from '../../state';
import { calculationsOf } from '../individualCalculations/store';
import type { ApiContext, Route } from '../types';

const API = 'self-assessment-assist';
const VERSION = '1.0';
const UUID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const MAX_MESSAGES = 5;

export interface AssistMessage {
  title: string;
  body: string;
  action: string;
  links: { title: string; url: string }[];
  path: string;
}

interface StoredReport {
  reportId: string;
  nino: string;
  taxYear: string;
  calculationId: string;
  correlationId: string;
  messages: AssistMessage[];
  acknowledgedOn?: string;
}

function reportsOf(ctx: ApiContext, nino: string): Record<string, StoredReport> {
  const t = taxpayer(ctx.state, nino) as Record<string, unknown>;
  return (t.assistReports ??= {}) as Record<string, StoredReport>;
}

const pounds = (pence: number) => `£${(pence / 100).toLocaleString('en-GB', { minimumFractionDigits: 2, maximumFractionDigits: 2 })}`;

/** The feedback rules: each looks at the calculation and may say something a reviewer should check. */
export function assistMessages(result: IncomeTaxCalculation): AssistMessage[] {
  const messages: AssistMessage[] = [];
  result.selfEmployments.forEach((s, i) => {
    if (s.income > 0 && s.expenses * 10 > s.income * 8) {
      messages.push({
        title: 'Expenses are high compared with income',
        body: `Allowable expenses of ${pounds(s.expenses)} are more than 80% of the business income of ${pounds(s.income)}. Check that every expense was incurred wholly and exclusively for the business.`,
        action: 'Review the expenses and adjust them if any are not allowable.',
        links: [{ title: 'Expenses if you are self-employed', url: 'https://www.gov.uk/expenses-if-youre-self-employed' }],
        path: `calculation/businessProfitAndLoss/${i}/totalExpenses`,
      });
    }
    if (s.netLoss > 0) {
      messages.push({
        title: 'The business made a loss',
        body: `The business shows a loss of ${pounds(s.netLoss)}. Decide whether to carry it forward or set it against other income, and make the claim before the final declaration.`,
        action: 'Check the loss figures and make any loss claim through the Individual Losses API.',
        links: [{ title: 'Claim relief for losses', url: 'https://www.gov.uk/guidance/income-tax-losses' }],
        path: `calculation/businessProfitAndLoss/${i}/netLoss`,
      });
    }
  });
  if (result.personalAllowance.taperReduction > 0) {
    messages.push({
      title: 'Personal Allowance reduced',
      body: `Adjusted net income over £100,000 has reduced the Personal Allowance by ${pounds(result.personalAllowance.taperReduction)}. Pension contributions or Gift Aid can reduce adjusted net income.`,
      action: 'Check whether pension contributions or Gift Aid payments have been included.',
      links: [{ title: 'Income Tax rates and Personal Allowances', url: 'https://www.gov.uk/income-tax-rates/income-over-100000' }],
      path: 'calculation/allowancesAndDeductions/personalAllowance',
    });
  }
  if (result.incomeTax.residentialFinanceCosts.relief > 0) {
    messages.push({
      title: 'Finance costs relief applied',
      body: `Residential finance costs give a tax reduction of ${pounds(result.incomeTax.residentialFinanceCosts.relief)} at the basic rate. Check the finance costs exclude capital repayments.`,
      action: 'Confirm the residential finance costs include interest and fees only.',
      links: [{ title: 'Tax relief for residential landlords', url: 'https://www.gov.uk/guidance/changes-to-tax-relief-for-residential-landlords-how-its-worked-out-including-case-studies' }],
      path: 'calculation/reliefs/residentialFinanceCosts',
    });
  }
  if (result.incomeTaxAndNicsDue > 100_000) {
    messages.push({
      title: 'Payments on account may be due',
      body: `The Income Tax and National Insurance due is ${pounds(result.incomeTaxAndNicsDue)}. As this is over £1,000, payments on account for the next tax year are likely to be set.`,
      action: 'Tell the customer about payments on account due on 31 January and 31 July.',
      links: [{ title: 'Understanding your Self Assessment tax bill: payments on account', url: 'https://www.gov.uk/understand-self-assessment-bill/payments-on-account' }],
      path: 'calculation/taxCalculation/totalIncomeTaxAndNicsDue',
    });
  }
  return messages.slice(0, MAX_MESSAGES);
}

export function selfAssessmentAssistRoutes(ctx: ApiContext): Route[] {
  const produce: ApiHandler = (request) => {
    const { nino, taxYear, calculationId } = request.params as { nino: string; taxYear: string; calculationId: string };
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, nino);
    checkTaxYear(errors, taxYear);
    if (!UUID.test(calculationId)) errors.add('FORMAT_CALC_ID');
    errors.throwIfAny();
    const calc = calculationsOf(ctx.state, nino)[calculationId];
    if (!calc || calc.taxYear !== taxYear || !calc.result || calc.messages.errors.length > 0 || Date.parse(calc.calculationTimestamp) > request.now.getTime()) {
      throw endpointError(request.endpoint.oas, 'MATCHING_CALCULATION_ID_NOT_FOUND');
    }
    const messages = assistMessages(calc.result);
    if (messages.length === 0) return { status: 204 };
    const reportId = randomUUID();
    reportsOf(ctx, nino)[reportId] = { reportId, nino, taxYear, calculationId, correlationId: request.correlationId, messages };
    ctx.changed();
    return { status: 200, body: { reportId, messages, nino, taxYear, calculationId, correlationId: request.correlationId } };
  };

  const acknowledge: ApiHandler = (request) => {
    const { nino, reportId, correlationId } = request.params as { nino: string; reportId: string; correlationId: string };
    const errors = new ErrorCollector(request.endpoint.oas);
    checkNino(errors, nino);
    if (!UUID.test(reportId)) errors.add('FORMAT_REPORT_ID');
    errors.throwIfAny();
    const report = reportsOf(ctx, nino)[reportId];
    if (!report) throw endpointError(request.endpoint.oas, 'MATCHING_RESOURCE_NOT_FOUND');
    if (report.correlationId !== correlationId) throw endpointError(request.endpoint.oas, 'CORRELATION_ID_NOT_AUTHORISED');
    report.acknowledgedOn ??= request.now.toISOString();
    ctx.changed();
    return { status: 204, write: { nino, taxYear: report.taxYear } };
  };

  return [
    [API, VERSION, 'POST', '/individuals/self-assessment/assist/reports/{nino}/{taxYear}/{calculationId}', produce],
    [API, VERSION, 'POST', '/individuals/self-assessment/assist/reports/acknowledge/{nino}/{reportId}/{correlationId}', acknowledge],
  ];
}
