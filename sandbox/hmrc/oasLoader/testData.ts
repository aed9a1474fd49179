// Reads the Gov-Test-Scenario rows out of the "Test Data" markdown table in an endpoint's description.
import { type HmrcTestScenario } from './types';

function cells(line: string): string[] {
  return line.trim().replace(/^\|/, '').replace(/\|\s*$/, '').split('|').map((cell) => cell.trim());
}

/** Every table whose header names Gov-Test-Scenario (HMRC also writes `Gov_test-Scenario`); other tables are prose. */
export function testScenarios(description: string | undefined): HmrcTestScenario[] {
  const rows: HmrcTestScenario[] = [];
  const lines = (description ?? '').split('\n');
  const isRow = (line: string) => line.trim().startsWith('|');
  const isSeparator = (line: string) => /^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$/.test(line);
  for (let i = 0; i < lines.length; i++) {
    // HMRC sometimes drops the header row's leading '|' (foreign property cumulative retrieve): a row followed by a
    // separator line starts a table too.
    if (!isRow(lines[i]!) && !(lines[i]!.includes('|') && isSeparator(lines[i + 1] ?? ''))) continue;
    const table: string[] = [lines[i++]!];
    while (i < lines.length && isRow(lines[i]!)) table.push(lines[i++]!);
    const header = cells(table[0]!);
    const valueColumn = header.findIndex((cell) => /gov.test.scenario/i.test(cell));
    if (valueColumn === -1) continue;
    const taxYearColumn = header.findIndex((cell) => /^tax years?$/i.test(cell));
    const scenarioColumn = header.findIndex((cell, index) => index !== valueColumn && /scenario/i.test(cell));
    for (const line of table.slice(1)) {
      const row = cells(line);
      if (row.every((cell) => /^:?-*:?$/.test(cell))) continue;
      const value = row[valueColumn] ?? '';
      const isDefault = /^N\/A\b/i.test(value);
      if (!isDefault && !/^[A-Z0-9_]+$/.test(value)) throw new Error(`unexpected Gov-Test-Scenario value ${JSON.stringify(value)}`);
      const note = value.replace(/^N\/A\s*-\s*DEFAULT/i, '').replace(/^(\s*<br\s*\/?>)+/i, '').trim();
      rows.push({
        header: isDefault ? null : value,
        ...(taxYearColumn !== -1 && row[taxYearColumn] ? { taxYears: row[taxYearColumn] } : {}),
        ...(isDefault && note ? { note } : {}),
        description: row[scenarioColumn === -1 ? row.length - 1 : scenarioColumn] ?? '',
      });
    }
  }
  return rows;
}
