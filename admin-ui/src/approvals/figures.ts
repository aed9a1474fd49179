// A step's figures (integer pence in HMRC's body shape) as labelled rows, and a quarter set beside the one before it:
// the amounts, the difference, and what a reviewer should look at (a swing over 20%, a field new or gone).
import type { FigureTree } from './types';

/** HMRC's field names as staff know them, by the field's last name (or its parent and name where that differs). */
const FIELD_LABELS: Record<string, string> = {
  turnover: 'Turnover',
  other: 'Other income',
  taxTakenOffTradingIncome: 'Tax taken off trading income',
  consolidatedExpenses: 'Consolidated expenses',
  costOfGoods: 'Cost of goods bought for resale',
  paymentsToSubcontractors: 'Payments to subcontractors',
  wagesAndStaffCosts: 'Wages and staff costs',
  carVanTravelExpenses: 'Car, van and travel expenses',
  premisesRunningCosts: 'Premises running costs',
  maintenanceCosts: 'Repairs and maintenance',
  adminCosts: 'Phone, stationery and office costs',
  businessEntertainmentCosts: 'Business entertainment',
  advertisingCosts: 'Advertising and marketing',
  interestOnBankOtherLoans: 'Interest on bank and other loans',
  financeCharges: 'Bank and finance charges',
  irrecoverableDebts: 'Irrecoverable debts',
  professionalFees: 'Accountancy, legal and professional fees',
  depreciation: 'Depreciation',
  otherExpenses: 'Other expenses',
  periodAmount: 'Rents',
  premiumsOfLeaseGrant: 'Premiums for the grant of a lease',
  reversePremiums: 'Reverse premiums',
  otherIncome: 'Other property income',
  taxDeducted: 'Tax deducted',
  rentAmount: 'Rents',
  repairsAndMaintenance: 'Repairs and maintenance',
  financialCosts: 'Finance costs',
  costOfServices: 'Cost of services provided',
  travelCosts: 'Travel costs',
  residentialFinancialCost: 'Residential finance costs',
  residentialFinancialCostsCarriedForward: 'Residential finance costs carried forward',
  'rentARoom.rentsReceived': 'Rent a Room: rents received',
  'rentARoom.amountClaimed': 'Rent a Room: amount claimed',
  'expenses.other': 'Other expenses',
};

/** Groups of fields, by the name of the object that holds them. */
const GROUP_LABELS: Record<string, string> = {
  periodIncome: 'Income',
  periodExpenses: 'Expenses',
  periodDisallowableExpenses: 'Disallowable expenses',
  ukProperty: 'UK property',
  foreignProperty: 'Foreign property',
  income: 'income',
  expenses: 'expenses',
  rentARoom: '',
  rentIncome: '',
};

/** 'costOfGoodsDisallowable' → 'Cost of goods disallowable'. */
export function humanise(name: string): string {
  const words = name.replace(/([a-z0-9])([A-Z])/g, '$1 $2').toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}

export function fieldLabel(path: string): string {
  const parts = path.split('.').filter((p) => !p.startsWith('['));
  const last = parts[parts.length - 1] ?? path;
  const pair = parts.slice(-2).join('.');
  if (FIELD_LABELS[pair]) return FIELD_LABELS[pair];
  // Disallowable expenses carry the allowable field's name with a suffix; the section says they are disallowable.
  const base = last.replace(/Disallowable$/, '');
  return FIELD_LABELS[base] ?? FIELD_LABELS[last] ?? humanise(last);
}

/** HMRC's order of the fields, as its forms and guidance list them; anything else follows in the order it came. */
const SE_EXPENSES = [
  'costOfGoods',
  'paymentsToSubcontractors',
  'wagesAndStaffCosts',
  'carVanTravelExpenses',
  'premisesRunningCosts',
  'maintenanceCosts',
  'adminCosts',
  'businessEntertainmentCosts',
  'advertisingCosts',
  'interestOnBankOtherLoans',
  'financeCharges',
  'irrecoverableDebts',
  'professionalFees',
  'depreciation',
  'otherExpenses',
];
const KEY_ORDER = [
  'periodIncome',
  'periodExpenses',
  'periodDisallowableExpenses',
  'ukProperty',
  'foreignProperty',
  'income',
  'expenses',
  'turnover',
  'other',
  'taxTakenOffTradingIncome',
  'periodAmount',
  'rentAmount',
  'premiumsOfLeaseGrant',
  'reversePremiums',
  'otherIncome',
  'taxDeducted',
  'consolidatedExpenses',
  ...SE_EXPENSES,
  'repairsAndMaintenance',
  'financialCosts',
  'costOfServices',
  'travelCosts',
  'residentialFinancialCost',
  'residentialFinancialCostsCarriedForward',
  'rentARoom',
  'rentsReceived',
  'amountClaimed',
];

function keyRank(key: string): number {
  const rank = KEY_ORDER.indexOf(key.replace(/Disallowable$/, ''));
  return rank === -1 ? KEY_ORDER.length : rank;
}

/** Orders two figure paths as HMRC lists the fields (0 when neither is known: their own order stands). */
export function comparePaths(a: string, b: string): number {
  const x = a.split('.');
  const y = b.split('.');
  for (let i = 0; i < Math.min(x.length, y.length); i += 1) {
    if (x[i] === y[i]) continue;
    return keyRank(x[i]!) - keyRank(y[i]!);
  }
  return 0;
}

export interface FigureRow {
  /** A key that is the same across quarters: array items are named by their propertyId or countryCode. */
  path: string;
  section: string;
  label: string;
  value: number | string | boolean;
}

function itemName(item: FigureTree, index: number): string {
  const id = item.propertyId ?? item.countryCode;
  return typeof id === 'string' ? id : String(index + 1);
}

/** Every amount (and flag) of a figures tree, in the tree's order, labelled. */
export function flattenFigures(tree: FigureTree | null | undefined): FigureRow[] {
  const rows: FigureRow[] = [];
  const walk = (node: FigureTree, path: string[], section: string[]) => {
    for (const [key, value] of Object.entries(node)) {
      if (Array.isArray(value)) {
        value.forEach((item, i) => {
          const name = itemName(item, i);
          walk(item, [...path, key, `[${name}]`], [...section, `${GROUP_LABELS[key] ?? humanise(key)} ${name}`]);
        });
      } else if (value !== null && typeof value === 'object') {
        const group = key in GROUP_LABELS ? GROUP_LABELS[key]! : humanise(key);
        // A small group inside a section (Rent a Room) is named by its fields' labels instead.
        walk(value, [...path, key], group ? [...section, group] : section);
      } else {
        // Identifiers of array items name the item; they are not figures.
        if ((key === 'propertyId' || key === 'countryCode') && path.some((p) => p.startsWith('['))) continue;
        const fullPath = [...path, key].join('.');
        rows.push({ path: fullPath, section: sectionName(section), label: fieldLabel(fullPath), value });
      }
    }
  };
  if (tree) walk(tree, [], []);
  // Array.prototype.sort is stable: fields HMRC's order does not know keep the order they came in.
  return rows.sort((r1, r2) => comparePaths(r1.path, r2.path));
}

function sectionName(parts: string[]): string {
  if (parts.length === 0) return 'Figures';
  const text = parts.join(' ').replace(/\s+/g, ' ').trim();
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export type Highlight = 'new' | 'missing' | 'up' | 'down' | 'fell';

export interface ComparedRow {
  path: string;
  section: string;
  label: string;
  /** The previous quarter's amount (its own, for cumulative years), or null when it had none. */
  previous: number | null;
  /** This quarter's amount (its own, for cumulative years). */
  current: number | null;
  /** Year to date, as sent to HMRC (cumulative years only). */
  yearToDate: number | null;
  difference: number | null;
  /** Percentage change on the previous quarter, when it had a non-zero amount. */
  percent: number | null;
  highlight: Highlight | null;
  /** Non-money values (booleans, text) shown as they are. */
  text?: { previous: string | null; current: string | null };
}

/** A swing bigger than this (in per cent, either way) is highlighted for the reviewer. */
export const SWING_PERCENT = 20;

export interface Comparison {
  rows: ComparedRow[];
  /** From 2025-26 HMRC's quarterly updates are year to date; each quarter's own amount is the difference. */
  cumulative: boolean;
  hasPrevious: boolean;
  /** What the previous and current columns hold: each quarter's own amounts, or (cumulative, quarter before unknown) years to date. */
  basis: 'quarter' | 'year-to-date';
}

function amounts(tree: FigureTree | null | undefined): Map<string, FigureRow> {
  return new Map(flattenFigures(tree).map((r) => [r.path, r]));
}

/**
 * This step's figures beside the previous quarter's. For cumulative years (2025-26 on) each quarter's own amount is its
 * year to date less the one before; `beforePrevious` is the quarter before the previous one (null for Q2, whose
 * previous quarter is the first; undefined when unknown, and then the years to date are compared).
 */
export function compareFigures(
  current: FigureTree | null,
  previous: FigureTree | null,
  options: { cumulative: boolean; beforePrevious?: FigureTree | null },
): Comparison {
  const now = amounts(current);
  const before = amounts(previous);
  const earlier = options.beforePrevious === undefined ? undefined : amounts(options.beforePrevious);
  const hasPrevious = previous !== null;
  const compareYtd = options.cumulative && hasPrevious && earlier === undefined;
  const paths = [...now.keys(), ...[...before.keys()].filter((p) => !now.has(p))].sort(comparePaths);
  const rows = paths.map((path): ComparedRow => {
    const cur = now.get(path);
    const prev = before.get(path);
    const meta = cur ?? prev!;
    if (typeof meta.value !== 'number' || (cur && typeof cur.value !== 'number') || (prev && typeof prev.value !== 'number')) {
      const show = (r?: FigureRow) => (r ? String(r.value) : null);
      return { path, section: meta.section, label: meta.label, previous: null, current: null, yearToDate: null, difference: null, percent: null, highlight: null, text: { previous: show(prev), current: show(cur) } };
    }
    const curYtd = cur ? (cur.value as number) : null;
    const prevYtd = prev ? (prev.value as number) : null;
    let thisQuarter = curYtd;
    let lastQuarter = prevYtd;
    let yearToDate: number | null = null;
    if (options.cumulative && hasPrevious) {
      yearToDate = curYtd;
      thisQuarter = (curYtd ?? 0) - (prevYtd ?? 0);
      // Without the quarter before the previous one, the years to date are compared instead (compareYtd).
      if (earlier !== undefined) {
        const e = earlier.get(path);
        lastQuarter = prev ? (prevYtd ?? 0) - (e && typeof e.value === 'number' ? e.value : 0) : null;
      }
    }
    // A field left out this quarter has no amount of its own to show (its year to date would fall to nothing).
    const [a, b] = compareYtd ? [prevYtd, curYtd] : [lastQuarter, cur ? thisQuarter : null];
    const difference = hasPrevious && cur && (a !== null || b !== null) ? (b ?? 0) - (a ?? 0) : null;
    const percent = a !== null && a !== 0 && difference !== null ? (difference / Math.abs(a)) * 100 : null;
    let highlight: Highlight | null = null;
    if (hasPrevious) {
      if (!prev) highlight = 'new';
      else if (!cur) highlight = 'missing';
      else if (options.cumulative && curYtd !== null && prevYtd !== null && curYtd < prevYtd) highlight = 'fell';
      else if (percent !== null && Math.abs(percent) > SWING_PERCENT) highlight = percent > 0 ? 'up' : 'down';
      else if (a === 0 && b !== null && b !== 0) highlight = 'up';
    }
    return { path, section: meta.section, label: meta.label, previous: hasPrevious ? a : null, current: b, yearToDate, difference, percent, highlight };
  });
  return { rows, cumulative: options.cumulative && hasPrevious, hasPrevious, basis: compareYtd ? 'year-to-date' : 'quarter' };
}

/** HMRC's quarterly updates are cumulative (year to date) from 2025-26. */
export function isCumulativeYear(taxYear: string, kind: string): boolean {
  return kind === 'quarterly-update' && taxYear >= '2025-26';
}
