// Clients as CSV: reading an import file into rows numbered as a spreadsheet numbers them, and writing the export with
// every cell a spreadsheet would run as a formula defused.
import { CsvError, parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import { ApiError } from '../errors';

export const IMPORT_COLUMNS = ['name', 'nino', 'utr', 'agentType', 'postcode', 'freeagentSubdomain', 'freeagentUserId', 'approveAutomatically', 'assigneeEmail'] as const;
export type ImportColumn = (typeof IMPORT_COLUMNS)[number];
/** The export's own columns: read back in an import and ignored, so an exported file imports as it is. */
const READ_ONLY_COLUMNS = ['id', 'createdAt', 'updatedAt'] as const;
export const EXPORT_COLUMNS = ['id', ...IMPORT_COLUMNS, 'createdAt', 'updatedAt'] as const;
export type ExportColumn = (typeof EXPORT_COLUMNS)[number];

export const MAX_IMPORT_ROWS = 10_000;

export interface CsvRow {
  /** The row as a spreadsheet numbers it: the header is row 1. */
  row: number;
  /** Trimmed; a blank cell is absent. */
  cells: Partial<Record<ImportColumn, string>>;
  /** Values in columns the header does not name, or beyond its last column. */
  strays: { column: number; value: string }[];
}

function invalidCsv(message: string, fields: { field: string; rule: string }[]): ApiError {
  return new ApiError(400, 'INVALID_CSV', message, fields);
}

const byLowerCase = new Map<string, ImportColumn | null>([...IMPORT_COLUMNS.map((c) => [c.toLowerCase(), c] as const), ...READ_ONLY_COLUMNS.map((c) => [c.toLowerCase(), null] as const)]);

/** Which import column each header cell names (null: a column that is read and ignored). */
function readHeader(header: string[]): (ImportColumn | null)[] {
  const problems: { field: string; rule: string }[] = [];
  const seen = new Set<string>();
  const columns = header.map((raw) => {
    const name = raw.trim();
    if (name === '') return null;
    const column = byLowerCase.get(name.toLowerCase());
    if (column === undefined) {
      problems.push({ field: name, rule: `is not a column of the client import: the columns are ${IMPORT_COLUMNS.join(', ')} (header names in any case)` });
      return null;
    }
    if (seen.has(name.toLowerCase())) problems.push({ field: name, rule: 'appears more than once in the header' });
    seen.add(name.toLowerCase());
    return column;
  });
  if (!columns.includes('name')) problems.push({ field: 'name', rule: "the header must have a 'name' column: every client needs a name" });
  if (problems.length > 0) throw invalidCsv(`The CSV header is not right: ${problems.map((p) => `${p.field} ${p.rule}`).join('; ')}`, problems);
  return columns;
}

/**
 * The file's client rows, numbered as a spreadsheet numbers them. A UTF-8 byte order mark, CRLF or LF line ends and
 * quoted fields are read as RFC 4180 has them; blank rows (empty, spaces, or only commas) are passed over.
 */
export function readClientCsv(text: string): CsvRow[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: false });
  } catch (err) {
    if (err instanceof CsvError) throw invalidCsv(`The file is not valid CSV: ${err.message}`, [{ field: '(body)', rule: `must be CSV (RFC 4180): ${err.message}` }]);
    throw err;
  }
  const [header, ...data] = records;
  if (!header || header.every((cell) => cell.trim() === '')) {
    throw invalidCsv('The file has no header row', [{ field: '(body)', rule: `must start with a header row naming the columns, e.g. ${IMPORT_COLUMNS.join(',')}` }]);
  }
  const columns = readHeader(header);
  const rows: CsvRow[] = [];
  data.forEach((record, i) => {
    if (record.every((cell) => cell.trim() === '')) return;
    const row: CsvRow = { row: i + 2, cells: {}, strays: [] };
    record.forEach((raw, c) => {
      const value = raw.trim();
      if (value === '') return;
      const column = columns[c];
      if (column) row.cells[column] = value;
      else if (column === undefined || header[c]!.trim() === '') row.strays.push({ column: c + 1, value });
    });
    rows.push(row);
  });
  if (rows.length === 0) throw invalidCsv('The file has a header but no clients', [{ field: '(body)', rule: 'must hold at least one client row under the header' }]);
  if (rows.length > MAX_IMPORT_ROWS) {
    throw invalidCsv(`The file has ${rows.length} clients; an import takes at most ${MAX_IMPORT_ROWS}`, [
      { field: '(body)', rule: `must hold at most ${MAX_IMPORT_ROWS} client rows: split the file` },
    ]);
  }
  return rows;
}

/** RFC 4180 text with a byte order mark (so spreadsheets read it as UTF-8); cells starting = + - @ tab or CR get a leading '. */
export function writeCsv(rows: Record<ExportColumn, string>[]): string {
  return stringify(rows, { header: true, columns: [...EXPORT_COLUMNS], bom: true, record_delimiter: 'windows', escape_formulas: true });
}
