// Figures as the engine keeps them: HMRC's body shape with every amount in integer pence. Converted to HMRC's decimal
// pounds only when a body is sent, and back when one is read, so no amount is ever held as a float inside.
import { penceToPounds, poundsToPence } from './money';

export type FigureTree = { [field: string]: number | boolean | string | FigureTree | FigureTree[] };

type Leaf = number | boolean | string | FigureTree | FigureTree[];

function mapNumbers(tree: FigureTree, convert: (n: number, path: string) => number, path = ''): FigureTree {
  const out: FigureTree = {};
  for (const [key, value] of Object.entries(tree)) out[key] = mapLeaf(value, convert, path ? `${path}.${key}` : key);
  return out;
}

function mapLeaf(value: Leaf, convert: (n: number, path: string) => number, path: string): Leaf {
  if (typeof value === 'number') return convert(value, path);
  if (Array.isArray(value)) return value.map((item, i) => mapNumbers(item, convert, `${path}[${i}]`));
  if (value && typeof value === 'object') return mapNumbers(value, convert, path);
  return value;
}

/** Pence figures as HMRC's body (pounds with up to two decimals). */
export function figuresToHmrc(figures: FigureTree): FigureTree {
  return mapNumbers(figures, (pence) => penceToPounds(pence));
}

/** HMRC's body (pounds) as pence figures. */
export function figuresFromHmrc(body: FigureTree): FigureTree {
  return mapNumbers(body, (pounds) => poundsToPence(pounds));
}

/** Why figures cannot be accepted (each problem names its path), or an empty list. */
export function figureProblems(figures: unknown): { path: string; rule: string }[] {
  const problems: { path: string; rule: string }[] = [];
  const walk = (value: unknown, path: string) => {
    if (typeof value === 'number') {
      if (!Number.isSafeInteger(value)) problems.push({ path, rule: 'expected whole pence (an integer), e.g. 123456 for £1,234.56' });
      else if (Math.abs(value) > 9_999_999_999_999) problems.push({ path, rule: 'expected at most 99999999999.99 pounds, as HMRC allows' });
    } else if (Array.isArray(value)) value.forEach((item, i) => walk(item, `${path}[${i}]`));
    else if (value && typeof value === 'object') for (const [k, v] of Object.entries(value)) walk(v, path ? `${path}.${k}` : k);
    else if (typeof value !== 'boolean' && typeof value !== 'string') problems.push({ path: path || 'figures', rule: 'expected numbers in pence, booleans, strings or objects of them' });
  };
  if (!figures || typeof figures !== 'object' || Array.isArray(figures)) return [{ path: 'figures', rule: 'expected an object of figures' }];
  walk(figures, '');
  return problems;
}
