// An audit event's record before and after, field by field: what was added, removed or changed (and, greyed, what
// stayed the same), so a reviewer reads the change rather than two blobs of JSON.
import { useState } from 'react';
import { Box, FormControlLabel, Switch, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@mui/material';

type Change = 'added' | 'removed' | 'changed' | 'same';

interface DiffRow {
  path: string;
  before: unknown;
  after: unknown;
  change: Change;
}

/** Leaves of a JSON value by path ('figures.periodIncome.turnover', 'errors[0].code'); empty objects and lists are leaves. */
function leaves(value: unknown, path = '', out = new Map<string, unknown>()): Map<string, unknown> {
  if (Array.isArray(value) && value.length > 0) value.forEach((v, i) => leaves(v, `${path}[${i}]`, out));
  else if (value !== null && typeof value === 'object' && Object.keys(value).length > 0) {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) leaves(v, path ? `${path}.${k}` : k, out);
  } else out.set(path || '(value)', value);
  return out;
}

export function diffJson(before: unknown, after: unknown): DiffRow[] {
  const a = before === null || before === undefined ? new Map<string, unknown>() : leaves(before);
  const b = after === null || after === undefined ? new Map<string, unknown>() : leaves(after);
  const paths = [...new Set([...a.keys(), ...b.keys()])];
  return paths.map((path) => {
    const inA = a.has(path);
    const inB = b.has(path);
    const change: Change = !inA ? 'added' : !inB ? 'removed' : JSON.stringify(a.get(path)) === JSON.stringify(b.get(path)) ? 'same' : 'changed';
    return { path, before: a.get(path), after: b.get(path), change };
  });
}

const show = (value: unknown, present: boolean) => (!present ? '' : value === null ? 'null' : typeof value === 'string' ? value : JSON.stringify(value));

const TINT: Record<Change, string | undefined> = { added: 'rgba(46, 125, 50, 0.10)', removed: 'rgba(211, 47, 47, 0.10)', changed: 'rgba(237, 108, 2, 0.10)', same: undefined };
const WORD: Record<Change, string> = { added: 'Added', removed: 'Removed', changed: 'Changed', same: '' };

export function JsonDiff({ before, after }: { before: unknown; after: unknown }) {
  const [all, setAll] = useState(false);
  const rows = diffJson(before, after);
  const changed = rows.filter((r) => r.change !== 'same');
  const shown = all ? rows : changed;
  if (rows.length === 0) return <Typography variant="body2" color="text.secondary" sx={{ p: 1 }}>No record before or after.</Typography>;
  return (
    <Box sx={{ p: 1 }} onClick={(e) => e.stopPropagation()}>
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 2 }}>
        <Typography variant="body2">
          {changed.length} {changed.length === 1 ? 'field' : 'fields'} changed{before == null ? ' (nothing before)' : ''}
          {after == null ? ' (nothing after)' : ''}
        </Typography>
        <FormControlLabel control={<Switch size="small" checked={all} onChange={(e) => setAll(e.target.checked)} />} label="Show unchanged fields" />
      </Box>
      <Table size="small" aria-label="Before and after">
        <TableHead>
          <TableRow>
            <TableCell sx={{ fontWeight: 600 }}>Field</TableCell>
            <TableCell sx={{ fontWeight: 600 }}>Before</TableCell>
            <TableCell sx={{ fontWeight: 600 }}>After</TableCell>
            <TableCell sx={{ fontWeight: 600 }} />
          </TableRow>
        </TableHead>
        <TableBody>
          {shown.map((r) => (
            <TableRow key={r.path} sx={{ bgcolor: TINT[r.change], '& td': { color: r.change === 'same' ? 'text.secondary' : undefined } }}>
              <TableCell sx={{ fontFamily: 'monospace', fontSize: 12 }}>{r.path}</TableCell>
              <TableCell sx={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-word', maxWidth: 380, textDecoration: r.change === 'removed' || r.change === 'changed' ? 'line-through' : undefined }}>
                {show(r.before, r.change !== 'added')}
              </TableCell>
              <TableCell sx={{ fontFamily: 'monospace', fontSize: 12, wordBreak: 'break-word', maxWidth: 380 }}>{show(r.after, r.change !== 'removed')}</TableCell>
              <TableCell sx={{ fontSize: 12 }}>{WORD[r.change]}</TableCell>
            </TableRow>
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
