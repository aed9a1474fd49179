// Importing clients from a CSV file: the file is checked first (POST /api/clients/import?dryRun=true) and every row shown
// with its problems under the cell they are about; only a file with none can be imported, in one transaction.
import { useMemo, useRef, useState, type ChangeEvent } from 'react';
import {
  Alert,
  AlertTitle,
  Box,
  Button,
  Chip,
  Dialog,
  DialogActions,
  DialogContent,
  DialogTitle,
  FormControlLabel,
  LinearProgress,
  Switch,
  Table,
  TableBody,
  TableCell,
  TableContainer,
  TableHead,
  TablePagination,
  TableRow,
  Typography,
} from '@mui/material';
import UploadFileIcon from '@mui/icons-material/UploadFile';
import { HttpError, useRefresh } from 'react-admin';
import { api, type ApiErrorBody } from '../http';
import { TONES } from '../taxYears/format';
import type { ImportResult, ImportRow } from './types';

const COLUMNS: { field: keyof ImportRow['client']; label: string }[] = [
  { field: 'name', label: 'Name' },
  { field: 'nino', label: 'NINO' },
  { field: 'utr', label: 'UTR' },
  { field: 'agentType', label: 'Agent' },
  { field: 'postcode', label: 'Postcode' },
  { field: 'freeagentSubdomain', label: 'FreeAgent subdomain' },
  { field: 'freeagentUserId', label: 'FreeAgent user' },
  { field: 'approveAutomatically', label: 'Auto-approve' },
  { field: 'assigneeEmail', label: 'Assignee' },
];
const COLUMN_FIELDS = new Set<string>(COLUMNS.map((c) => c.field));
const PAGE = 50;

type Phase = 'choose' | 'checking' | 'preview' | 'importing' | 'done';

function postCsv(text: string, dryRun: boolean) {
  return api<ImportResult>(`/clients/import?dryRun=${dryRun}`, { method: 'POST', body: text, headers: { 'Content-Type': 'text/csv; charset=utf-8' } });
}

/** The rows an API error carries (IMPORT_HAS_ERRORS answers every row), if any. */
function rowsOf(err: unknown): ImportRow[] | null {
  if (err instanceof HttpError && err.body && typeof err.body === 'object' && Array.isArray((err.body as { rows?: unknown }).rows)) return (err.body as { rows: ImportRow[] }).rows;
  return null;
}

function fileProblem(err: unknown): { message: string; fields: { field: string; rule: string }[] } {
  if (err instanceof HttpError && err.body && typeof err.body === 'object') {
    const body = err.body as Partial<ApiErrorBody>;
    return { message: body.message ?? err.message, fields: body.fields ?? [] };
  }
  return { message: err instanceof Error ? err.message : String(err), fields: [] };
}

function show(value: unknown): string {
  if (value === null || value === undefined || value === '') return '';
  if (typeof value === 'boolean') return value ? 'Yes' : 'No';
  return String(value);
}

function PreviewTable({ rows, onlyProblems }: { rows: ImportRow[]; onlyProblems: boolean }) {
  const [page, setPage] = useState(0);
  const shown = useMemo(() => (onlyProblems ? rows.filter((r) => !r.ok) : rows), [rows, onlyProblems]);
  const pageRows = shown.slice(page * PAGE, page * PAGE + PAGE);
  return (
    <>
      <TableContainer sx={{ maxHeight: 440, border: 1, borderColor: 'divider', borderRadius: 1 }}>
        <Table size="small" stickyHeader aria-label="Import preview">
          <TableHead>
            <TableRow>
              <TableCell>Row</TableCell>
              {COLUMNS.map((c) => (
                <TableCell key={c.field}>{c.label}</TableCell>
              ))}
              <TableCell>Check</TableCell>
            </TableRow>
          </TableHead>
          <TableBody>
            {pageRows.map((row) => {
              const others = row.errors.filter((e) => !COLUMN_FIELDS.has(e.field));
              return (
                <TableRow key={row.row} data-row={row.row} sx={row.ok ? undefined : { '& > td:first-of-type': { boxShadow: `inset 3px 0 0 ${TONES.attention.main}` } }}>
                  <TableCell sx={{ color: 'text.secondary', fontVariantNumeric: 'tabular-nums' }}>{row.row}</TableCell>
                  {COLUMNS.map((c) => {
                    const problems = row.errors.filter((e) => e.field === c.field);
                    return (
                      <TableCell
                        key={c.field}
                        data-field={c.field}
                        data-invalid={problems.length > 0 || undefined}
                        sx={{ verticalAlign: 'top', ...(problems.length ? { bgcolor: TONES.attention.light } : {}), maxWidth: 220 }}
                      >
                        <Box component="span" sx={{ fontFamily: c.field === 'nino' || c.field === 'utr' ? 'monospace' : undefined, wordBreak: 'break-word' }}>
                          {show(row.client[c.field]) || (problems.length ? <em>(blank)</em> : '')}
                        </Box>
                        {problems.map((p, i) => (
                          <Typography key={i} variant="caption" component="div" sx={{ color: TONES.attention.text, lineHeight: 1.3, mt: 0.25 }}>
                            {p.rule}
                          </Typography>
                        ))}
                      </TableCell>
                    );
                  })}
                  <TableCell sx={{ verticalAlign: 'top', minWidth: 110 }}>
                    {row.ok ? (
                      <Chip size="small" label="Ready" sx={{ bgcolor: TONES.done.light, color: TONES.done.text }} />
                    ) : (
                      <Chip size="small" label={`${row.errors.length} problem${row.errors.length === 1 ? '' : 's'}`} sx={{ bgcolor: TONES.attention.light, color: TONES.attention.text }} />
                    )}
                    {others.map((p, i) => (
                      <Typography key={i} variant="caption" component="div" sx={{ color: TONES.attention.text, mt: 0.25 }}>
                        {p.field} {p.rule}
                      </Typography>
                    ))}
                  </TableCell>
                </TableRow>
              );
            })}
          </TableBody>
        </Table>
      </TableContainer>
      {shown.length > PAGE && (
        <TablePagination component="div" count={shown.length} page={page} onPageChange={(_, p) => setPage(p)} rowsPerPage={PAGE} rowsPerPageOptions={[PAGE]} />
      )}
    </>
  );
}

export function ImportClientsButton() {
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" startIcon={<UploadFileIcon />} onClick={() => setOpen(true)}>
        Import CSV
      </Button>
      {open && <ImportClientsDialog onClose={() => setOpen(false)} />}
    </>
  );
}

function ImportClientsDialog({ onClose }: { onClose: () => void }) {
  const refresh = useRefresh();
  const input = useRef<HTMLInputElement>(null);
  const [phase, setPhase] = useState<Phase>('choose');
  const [file, setFile] = useState<{ name: string; text: string } | null>(null);
  const [rows, setRows] = useState<ImportRow[] | null>(null);
  const [problem, setProblem] = useState<{ message: string; fields: { field: string; rule: string }[] } | null>(null);
  const [created, setCreated] = useState(0);
  const [onlyProblems, setOnlyProblems] = useState(false);

  const failing = rows?.filter((r) => !r.ok).length ?? 0;
  const busy = phase === 'checking' || phase === 'importing';
  // The list is read again once the dialog closes: refreshing under it could unmount the dialog (an empty list's
  // import button is where it was opened) before the result has been read.
  const close = () => {
    if (phase === 'done') refresh();
    onClose();
  };

  const choose = async (event: ChangeEvent<HTMLInputElement>) => {
    const chosen = event.target.files?.[0];
    event.target.value = ''; // choosing the same (corrected) file again still fires
    if (!chosen) return;
    const text = await chosen.text();
    setFile({ name: chosen.name, text });
    setRows(null);
    setProblem(null);
    setPhase('checking');
    try {
      const preview = await postCsv(text, true);
      setRows(preview.rows);
      setOnlyProblems(preview.rows.some((r) => !r.ok) && preview.rows.length > PAGE);
      setPhase('preview');
    } catch (err) {
      setProblem(fileProblem(err));
      setPhase('choose');
    }
  };

  const commit = async () => {
    if (!file) return;
    setPhase('importing');
    setProblem(null);
    try {
      const result = await postCsv(file.text, false);
      setCreated(result.created);
      setPhase('done');
    } catch (err) {
      // Someone added one of these NINOs meanwhile, or the file changed: show what the API says and every row again.
      const again = rowsOf(err);
      if (again) setRows(again);
      setProblem(fileProblem(err));
      setPhase('preview');
    }
  };

  return (
    <Dialog open onClose={busy ? undefined : close} fullWidth maxWidth="xl" aria-labelledby="import-title">
      <DialogTitle id="import-title">Import clients from CSV</DialogTitle>
      <DialogContent dividers>
        <Box sx={{ display: 'flex', flexWrap: 'wrap', alignItems: 'center', gap: 2, mb: 2 }}>
          <input ref={input} type="file" accept=".csv,text/csv" hidden onChange={(e) => void choose(e)} data-testid="import-file" />
          <Button variant={rows ? 'outlined' : 'contained'} startIcon={<UploadFileIcon />} onClick={() => input.current?.click()} disabled={busy || phase === 'done'}>
            {file ? 'Choose another file' : 'Choose a CSV file'}
          </Button>
          {file && (
            <Typography variant="body2">
              <strong>{file.name}</strong>
              {rows && ` · ${rows.length} row${rows.length === 1 ? '' : 's'}`}
            </Typography>
          )}
          {rows && phase !== 'done' && (
            <>
              <Chip size="small" label={`${rows.length - failing} ready`} sx={{ bgcolor: TONES.done.light, color: TONES.done.text }} />
              {failing > 0 && <Chip size="small" label={`${failing} with problems`} sx={{ bgcolor: TONES.attention.light, color: TONES.attention.text }} />}
              {failing > 0 && <FormControlLabel control={<Switch size="small" checked={onlyProblems} onChange={(e) => setOnlyProblems(e.target.checked)} />} label="Only rows with problems" />}
            </>
          )}
        </Box>

        {phase === 'choose' && !problem && (
          <Typography variant="body2" color="text.secondary">
            A header row naming the columns (in any order and case), then one client a row: <strong>name</strong> (required), nino, utr, agentType (main or supporting),
            postcode, freeagentSubdomain, freeagentUserId, approveAutomatically (yes or no) and assigneeEmail. Up to 10,000 clients and 5 MiB; save from a spreadsheet as
            &quot;CSV UTF-8&quot;. A file exported from this list imports as it is. Nothing is added until you have seen the preview.
          </Typography>
        )}
        {busy && (
          <Box sx={{ my: 2 }}>
            <Typography variant="body2" sx={{ mb: 1 }}>
              {phase === 'checking' ? 'Checking every row…' : `Importing ${rows?.length ?? ''} clients in one transaction…`}
            </Typography>
            <LinearProgress aria-label={phase === 'checking' ? 'Checking the file' : 'Importing'} />
          </Box>
        )}
        {problem && (
          <Alert severity="error" sx={{ mb: 2 }}>
            <AlertTitle>{rows ? 'Nothing was imported' : 'The file cannot be read as a client import'}</AlertTitle>
            {problem.message}
            {!rows && problem.fields.length > 0 && (
              <Box component="ul" sx={{ m: 0, mt: 1, pl: 2.5 }}>
                {problem.fields.map((f, i) => (
                  <li key={i}>
                    <strong>{f.field}</strong> {f.rule}
                  </li>
                ))}
              </Box>
            )}
          </Alert>
        )}
        {phase === 'done' && (
          <Alert severity="success" sx={{ mb: 2 }} data-testid="import-done">
            Imported {created} client{created === 1 ? '' : 's'}.
          </Alert>
        )}
        {rows && phase !== 'done' && (
          <>
            {failing > 0 && (
              <Alert severity="warning" sx={{ mb: 2 }}>
                {failing} of {rows.length} rows {failing === 1 ? 'has' : 'have'} problems, marked in red under the value. Correct the file and choose it again: the import
                adds every row or none.
              </Alert>
            )}
            <PreviewTable rows={rows} onlyProblems={onlyProblems} />
          </>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={busy}>
          {phase === 'done' ? 'Close' : 'Cancel'}
        </Button>
        {phase !== 'done' && (
          <Button variant="contained" onClick={() => void commit()} disabled={!rows || failing > 0 || busy}>
            Import {rows ? `${rows.length} client${rows.length === 1 ? '' : 's'}` : 'clients'}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
