// Starting the 2026-27 year for the selected clients: POST /api/tax-years/bulk-start, 50 clients a request so the bar
// moves and no request runs long, on the real calendar (the API's default schedule). Each client's outcome is kept.
import { useState } from 'react';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, LinearProgress, List, ListItem, ListItemText, Typography } from '@mui/material';
import PlayArrowIcon from '@mui/icons-material/PlayArrow';
import { useListContext, useNotify, useRefresh, useUnselectAll } from 'react-admin';
import { api } from '../http';
import { CURRENT_TAX_YEAR, TONES } from '../taxYears/format';
import type { Client } from './types';

export const BULK_CHUNK = 50;

interface Outcome {
  clientId: string;
  taxYearId?: string;
  outcome: 'started' | 'already-running' | 'failed';
  message?: string;
}

interface BulkStartAnswer {
  results: Outcome[];
}

export function chunks<T>(items: readonly T[], size: number): T[][] {
  const out: T[][] = [];
  for (let i = 0; i < items.length; i += size) out.push(items.slice(i, i + size));
  return out;
}

export function StartYearButton({ taxYear = CURRENT_TAX_YEAR }: { taxYear?: string }) {
  const { selectedIds, data } = useListContext<Client>();
  const [open, setOpen] = useState(false);
  return (
    <>
      <Button size="small" startIcon={<PlayArrowIcon />} onClick={() => setOpen(true)}>
        Start {taxYear} year
      </Button>
      {open && <StartYearDialog taxYear={taxYear} clientIds={[...selectedIds] as string[]} names={new Map((data ?? []).map((c) => [c.id, c.name]))} onClose={() => setOpen(false)} />}
    </>
  );
}

function StartYearDialog({ taxYear, clientIds, names, onClose }: { taxYear: string; clientIds: string[]; names: Map<string, string>; onClose: () => void }) {
  const refresh = useRefresh();
  const notify = useNotify();
  const unselectAll = useUnselectAll('clients');
  const [running, setRunning] = useState(false);
  const [sent, setSent] = useState(0);
  const [outcomes, setOutcomes] = useState<Outcome[] | null>(null);
  const [stopped, setStopped] = useState<string | null>(null);

  const start = async () => {
    setRunning(true);
    setOutcomes([]);
    setStopped(null);
    const all: Outcome[] = [];
    for (const chunk of chunks(clientIds, BULK_CHUNK)) {
      try {
        const answer = await api<BulkStartAnswer>('/tax-years/bulk-start', { method: 'POST', body: { taxYear, clientIds: chunk } });
        all.push(...answer.results);
      } catch (err) {
        // The request as a whole was refused (e.g. a 403 or the engine down): these clients were not started.
        const message = err instanceof Error ? err.message : String(err);
        all.push(...chunk.map((clientId) => ({ clientId, outcome: 'failed' as const, message })));
        setStopped(message);
      }
      setSent((n) => n + chunk.length);
      setOutcomes([...all]);
    }
    setRunning(false);
    refresh();
    const started = all.filter((o) => o.outcome === 'started').length;
    const failures = all.filter((o) => o.outcome === 'failed').length;
    notify(`${taxYear}: ${started} of ${clientIds.length} clients started${failures ? `, ${failures} failed` : ''}`, { type: failures ? 'warning' : 'success' });
  };

  const count = (outcome: Outcome['outcome']) => outcomes?.filter((o) => o.outcome === outcome).length ?? 0;
  const failed = outcomes?.filter((o) => o.outcome === 'failed') ?? [];
  const finished = outcomes !== null && !running;
  // The selection is cleared once the summary has been read (clearing it sooner would close this dialog with the toolbar).
  const close = () => {
    if (finished) unselectAll();
    onClose();
  };

  return (
    <Dialog open onClose={running ? undefined : close} fullWidth maxWidth="sm" aria-labelledby="start-year-title">
      <DialogTitle id="start-year-title">
        Start the {taxYear} year for {clientIds.length} client{clientIds.length === 1 ? '' : 's'}
      </DialogTitle>
      <DialogContent>
        {outcomes === null ? (
          <DialogContentText>
            Each client&apos;s year starts as a workflow on the real tax calendar: authorisation first, then the quarters as they fall due. A client whose year is already
            running is left as it is.
          </DialogContentText>
        ) : (
          <Box>
            <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, mb: 2 }}>
              <LinearProgress
                variant="determinate"
                value={(sent / clientIds.length) * 100}
                sx={{ flex: 1, height: 8, borderRadius: 4 }}
                aria-label="Clients sent"
                color={failed.length ? 'warning' : 'primary'}
              />
              <Typography variant="body2" sx={{ whiteSpace: 'nowrap' }}>
                {sent} of {clientIds.length}
              </Typography>
            </Box>
            <Box sx={{ display: 'flex', gap: 3, mb: 1 }} data-testid="bulk-start-summary">
              <Typography variant="body2" sx={{ color: TONES.done.text }}>
                <strong>{count('started')}</strong> started
              </Typography>
              <Typography variant="body2" color="text.secondary">
                <strong>{count('already-running')}</strong> already running
              </Typography>
              <Typography variant="body2" sx={{ color: failed.length ? TONES.attention.text : 'text.secondary' }}>
                <strong>{failed.length}</strong> failed
              </Typography>
            </Box>
            {stopped && (
              <Alert severity="error" sx={{ mb: 1 }}>
                {stopped}
              </Alert>
            )}
            {failed.length > 0 && (
              <List dense sx={{ maxHeight: 240, overflow: 'auto', border: 1, borderColor: 'divider', borderRadius: 1 }}>
                {failed.map((o) => (
                  <ListItem key={o.clientId}>
                    <ListItemText primary={names.get(o.clientId) ?? o.clientId} secondary={o.message ?? 'Not started'} />
                  </ListItem>
                ))}
              </List>
            )}
          </Box>
        )}
      </DialogContent>
      <DialogActions>
        <Button onClick={close} disabled={running}>
          {finished ? 'Close' : 'Cancel'}
        </Button>
        {!finished && (
          <Button variant="contained" onClick={() => void start()} disabled={running} startIcon={<PlayArrowIcon />}>
            Start {clientIds.length} year{clientIds.length === 1 ? '' : 's'}
          </Button>
        )}
      </DialogActions>
    </Dialog>
  );
}
