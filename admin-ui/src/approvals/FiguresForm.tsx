// The preparer keys a step's figures in pounds and pence: HMRC's self-employment or UK property period fields (with
// consolidated or itemised expenses), or, for anything else, HMRC's body as JSON in pence. Saved as integer pence with
// PUT /api/steps/{id}/figures; fields the form does not show (e.g. from FreeAgent) are kept unless they would clash.
import { useMemo } from 'react';
import { Alert, Box, Button, Divider, Typography } from '@mui/material';
import SaveIcon from '@mui/icons-material/Save';
import { Form, RadioButtonGroupInput, TextInput, useGetOne } from 'react-admin';
import { useWatch } from 'react-hook-form';
import { useStepAction } from './actions';
import { fieldLabel } from './figures';
import { FiguresComparison } from './FiguresComparison';
import { parsePounds, penceToPoundsText } from './money';
import type { FigureTree, Step } from './types';

interface FormSpec {
  income: string[];
  consolidated: string[];
  itemised: string[];
  /** Expenses that go with either choice (residential finance costs beside consolidated property expenses). */
  either: string[];
  /** Where the itemised and consolidated expenses live: switching drops the other kind. */
  expensesGroups: string[];
}

const SE_ITEMISED = [
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

const PROPERTY_ITEMISED = ['premisesRunningCosts', 'repairsAndMaintenance', 'financialCosts', 'professionalFees', 'costOfServices', 'other', 'travelCosts'];

const SPECS: Record<string, FormSpec> = {
  'self-employment': {
    income: ['periodIncome.turnover', 'periodIncome.other', 'periodIncome.taxTakenOffTradingIncome'],
    consolidated: ['periodExpenses.consolidatedExpenses'],
    itemised: SE_ITEMISED.map((f) => `periodExpenses.${f}`),
    either: [],
    // Consolidated expenses stand alone: no itemised or disallowable expenses beside them (RULE_BOTH_EXPENSES_SUPPLIED).
    expensesGroups: ['periodExpenses', 'periodDisallowableExpenses'],
  },
  'uk-property': {
    income: ['ukProperty.income.periodAmount', 'ukProperty.income.premiumsOfLeaseGrant', 'ukProperty.income.reversePremiums', 'ukProperty.income.otherIncome', 'ukProperty.income.taxDeducted'],
    consolidated: ['ukProperty.expenses.consolidatedExpenses'],
    itemised: PROPERTY_ITEMISED.map((f) => `ukProperty.expenses.${f}`),
    either: ['ukProperty.expenses.residentialFinancialCost'],
    expensesGroups: [],
  },
};

/** Form names cannot hold dots (they would nest): 'periodIncome.turnover' is kept as 'periodIncome__turnover'. */
const nameOf = (path: string) => path.replace(/\./g, '__');

function getAt(tree: FigureTree | null, path: string): unknown {
  return path.split('.').reduce<unknown>((node, key) => (node && typeof node === 'object' && !Array.isArray(node) ? (node as FigureTree)[key] : undefined), tree);
}

function setAt(tree: FigureTree, path: string, value: number): void {
  const keys = path.split('.');
  let node = tree;
  for (const key of keys.slice(0, -1)) {
    if (!node[key] || typeof node[key] !== 'object' || Array.isArray(node[key])) node[key] = {};
    node = node[key] as FigureTree;
  }
  node[keys[keys.length - 1]!] = value;
}

function deleteAt(tree: FigureTree, path: string): void {
  const keys = path.split('.');
  const parents: FigureTree[] = [tree];
  let node: unknown = tree;
  for (const key of keys.slice(0, -1)) {
    node = (node as FigureTree)?.[key];
    if (!node || typeof node !== 'object' || Array.isArray(node)) return;
    parents.push(node as FigureTree);
  }
  delete (parents[parents.length - 1] as FigureTree)[keys[keys.length - 1]!];
  // Empty groups go too: HMRC refuses an empty object where it expects amounts.
  for (let i = parents.length - 1; i > 0; i -= 1) {
    if (Object.keys(parents[i]!).length === 0) delete parents[i - 1]![keys[i - 1]!];
  }
}

const clone = (tree: FigureTree | null): FigureTree => (tree ? (JSON.parse(JSON.stringify(tree)) as FigureTree) : {});

type Values = Record<string, string>;

/** The form's values as figures in pence over the step's existing figures; null when an amount cannot be read. */
function toFigures(spec: FormSpec, values: Values, existing: FigureTree | null): FigureTree | null {
  const figures = clone(existing);
  const consolidated = values.expensesMode !== 'itemised';
  for (const path of [...spec.income, ...spec.consolidated, ...spec.itemised, ...spec.either]) deleteAt(figures, path);
  if (consolidated) for (const group of spec.expensesGroups) delete figures[group];
  const shown = [...spec.income, ...(consolidated ? spec.consolidated : spec.itemised), ...spec.either];
  for (const path of shown) {
    const parsed = parsePounds(values[nameOf(path)] ?? '');
    if ('error' in parsed) return null;
    if (parsed.pence !== null) setAt(figures, path, parsed.pence);
  }
  return figures;
}

function defaultsOf(spec: FormSpec, figures: FigureTree | null): Values {
  const values: Values = {};
  for (const path of [...spec.income, ...spec.consolidated, ...spec.itemised, ...spec.either]) {
    const value = getAt(figures, path);
    values[nameOf(path)] = typeof value === 'number' ? penceToPoundsText(value) : '';
  }
  const hasItemised = spec.itemised.some((p) => typeof getAt(figures, p) === 'number');
  values.expensesMode = hasItemised && typeof getAt(figures, spec.consolidated[0]!) !== 'number' ? 'itemised' : 'consolidated';
  return values;
}

const validatePounds = (value: unknown) => {
  const parsed = parsePounds(typeof value === 'string' ? value : '');
  return 'error' in parsed ? parsed.error : undefined;
};

function PoundsInput({ path }: { path: string }) {
  return (
    <TextInput
      source={nameOf(path)}
      label={fieldLabel(path)}
      validate={validatePounds}
      helperText={false}
      slotProps={{ htmlInput: { inputMode: 'decimal', 'data-path': path }, input: { startAdornment: <Box component="span" sx={{ mr: 0.5, color: 'text.secondary' }}>£</Box> } }}
      sx={{ m: 0 }}
    />
  );
}

const GRID = { display: 'grid', gridTemplateColumns: 'repeat(auto-fill, minmax(240px, 1fr))', columnGap: 2, rowGap: 1.5, mb: 2 } as const;

function SpecFields({ spec, step }: { spec: FormSpec; step: Step }) {
  const values = useWatch() as Values;
  const itemised = values.expensesMode === 'itemised';
  const preview = toFigures(spec, values, step.detail.figures);
  return (
    <>
      <Typography variant="subtitle2" sx={{ mb: 1 }}>
        Income
      </Typography>
      <Box sx={GRID}>
        {spec.income.map((p) => (
          <PoundsInput key={p} path={p} />
        ))}
      </Box>
      <Typography variant="subtitle2">Expenses</Typography>
      <RadioButtonGroupInput
        source="expensesMode"
        label={false}
        helperText={false}
        row
        choices={[
          { id: 'consolidated', name: 'Consolidated (one total)' },
          { id: 'itemised', name: 'Itemised (by category)' },
        ]}
      />
      <Box sx={GRID}>
        {(itemised ? spec.itemised : spec.consolidated).map((p) => (
          <PoundsInput key={p} path={p} />
        ))}
        {spec.either.map((p) => (
          <PoundsInput key={p} path={p} />
        ))}
      </Box>
      {!itemised && spec.expensesGroups.some((g) => g in (step.detail.figures ?? {})) && spec.itemised.some((p) => typeof getAt(step.detail.figures, p) === 'number') && (
        <Alert severity="info" sx={{ mb: 2 }}>
          Saving consolidated expenses drops the itemised and disallowable expenses already keyed: HMRC takes one or the other.
        </Alert>
      )}
      {preview && (step.detail.previousFigures || Object.keys(preview).length > 0) && (
        <Box sx={{ mb: 2 }}>
          <Typography variant="subtitle2" sx={{ mb: 1 }}>
            {step.detail.previousFigures ? 'As keyed, beside the previous quarter' : 'As keyed'}
          </Typography>
          <FiguresComparison step={step} figures={preview} />
        </Box>
      )}
    </>
  );
}

function JsonFields() {
  return (
    <TextInput
      source="json"
      label="Figures: HMRC's body without its dates, every amount in pence (JSON)"
      multiline
      minRows={6}
      fullWidth
      validate={(value: unknown) => {
        if (typeof value !== 'string' || value.trim() === '') return undefined;
        try {
          const parsed = JSON.parse(value) as unknown;
          return parsed && typeof parsed === 'object' && !Array.isArray(parsed) ? undefined : 'Expected a JSON object, e.g. {"periodIncome": {"turnover": 1000000}}';
        } catch {
          return 'This is not valid JSON';
        }
      }}
      helperText="Amounts in pence: 123456 is £1,234.56. Leave empty for none."
    />
  );
}

/** Which form fits the step: from its business's type (GET /api/businesses/{id}), else from its title. */
function useFormKind(step: Step): { kind: string | null; loading: boolean } {
  const { data, isPending } = useGetOne<{ id: string; type: string }>('businesses', { id: step.businessId ?? '' }, { enabled: !!step.businessId && step.kind === 'quarterly-update' });
  if (step.kind !== 'quarterly-update') return { kind: null, loading: false };
  if (step.businessId && isPending) return { kind: null, loading: true };
  const type = data?.type ?? (step.title?.startsWith('UK property') ? 'uk-property' : step.title?.startsWith('Self-employment') ? 'self-employment' : null);
  return { kind: type && SPECS[type] ? type : null, loading: false };
}

export function FiguresForm({ step, submitLabel = 'Save figures' }: { step: Step; submitLabel?: string }) {
  const { run, isPending } = useStepAction();
  const { kind, loading } = useFormKind(step);
  const spec = kind ? SPECS[kind]! : null;
  const defaults = useMemo(
    () => (spec ? defaultsOf(spec, step.detail.figures) : { json: step.detail.figures ? JSON.stringify(step.detail.figures, null, 2) : '' }),
    [spec, step.detail.figures],
  );
  if (loading) return <Typography variant="body2">Loading the business…</Typography>;
  const save = (values: Record<string, unknown>) => {
    let figures: FigureTree | null;
    if (spec) figures = toFigures(spec, values as Values, step.detail.figures);
    else {
      const text = String(values.json ?? '').trim();
      figures = text ? (JSON.parse(text) as FigureTree) : {};
    }
    if (!figures) return;
    run({ id: step.id, action: 'figures', body: { figures } }, (saved) =>
      saved.status === 'awaiting-review' ? 'Corrected figures saved: they go to a reviewer again' : 'Figures saved: check them, then submit for review',
    );
  };
  return (
    <Form key={step.id + step.updatedAt} defaultValues={defaults} onSubmit={save} noValidate>
      {spec ? <SpecFields spec={spec} step={step} /> : <JsonFields />}
      <Divider sx={{ mb: 2 }} />
      <Button type="submit" variant="contained" startIcon={<SaveIcon />} disabled={isPending}>
        {submitLabel}
      </Button>
    </Form>
  );
}
