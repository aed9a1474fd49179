// "Approve selected": the chosen steps go to POST /api/steps/bulk-approve fifty at a time, with a progress bar that
// counts them, then a summary of each outcome (approved, refused with the workflow's reason, not found).
import { useState } from 'react';
import { Alert, Box, Button, Dialog, DialogActions, DialogContent, DialogTitle, LinearProgress, List, ListItem, ListItemText, Typography } from '@mui/material';
import DoneAllIcon from '@mui/icons-material/DoneAll';
import { useListContext, useNotify, usePermissions, useRefresh } from 'react-admin';
import { api } from '../http';
import { holds } from '../authProvider';
import type { BulkApproveResult, Step } from './types';

export const BULK_CHUNK = 50;

type Outcome = BulkApproveResult['results'][number];

export function BulkApproveButton() {
  const { selectedIds, data, onUnselectItems } = useListContext<Step>();
  const { permissions } = usePermissions();
  const notify = useNotify();
  const refresh = useRefresh();
  const [open, setOpen] = useState(false);
  const [running, setRunning] = useState(false);
  const [done, setDone] = useState(0);
  const [total, setTotal] = useState(0);
  const [outcomes, setOutcomes] = useState<Outcome[]>([]);
  if (!holds(permissions, 'steps:review')) return null;

  const names = new Map((data ?? []).map((s) => [s.id, `${s.clientName}: ${s.title ?? s.stepKey}`]));

  const start = async () => {
    const ids = selectedIds.map(String);
    setOpen(true);
    setRunning(true);
    setDone(0);
    setTotal(ids.length);
    setOutcomes([]);
    const all: Outcome[] = [];
    for (let i = 0; i < ids.length; i += BULK_CHUNK) {
      const chunk = ids.slice(i, i + BULK_CHUNK);
      try {
        const answer = await api<BulkApproveResult>('/steps/bulk-approve', { method: 'POST', body: { ids: chunk } });
        all.push(...answer.results);
      } catch (err) {
        // The whole chunk failed (the API or the network): each of its steps is reported with why.
        const message = err instanceof Error ? err.message : String(err);
        all.push(...chunk.map((id): Outcome => ({ id, outcome: 'refused', code: 'REQUEST_FAILED', message })));
      }
      setOutcomes([...all]);
      setDone(Math.min(i + chunk.length, ids.length));
    }
    setRunning(false);
    onUnselectItems();
    refresh();
    setTimeout(refresh, 1500);
    const approved = all.filter((o) => o.outcome === 'approved').length;
    notify(`${approved} of ${ids.length} approved`, { type: approved === ids.length ? 'success' : 'warning', messageArgs: { _: `${approved} of ${ids.length} approved` } });
  };

  const approved = outcomes.filter((o) => o.outcome === 'approved');
  const refused = outcomes.filter((o) => o.outcome === 'refused');
  const notFound = outcomes.filter((o) => o.outcome === 'not-found');
  const percent = total === 0 ? 0 : Math.round((done / total) * 100);

  return (
    <>
      <Button size="small" variant="contained" color="success" startIcon={<DoneAllIcon />} onClick={() => void start()} disabled={running || selectedIds.length === 0}>
        Approve selected
      </Button>
      <Dialog open={open} onClose={() => !running && setOpen(false)} fullWidth maxWidth="sm">
        <DialogTitle>Approving {total} {total === 1 ? 'step' : 'steps'}</DialogTitle>
        <DialogContent>
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 2, mb: 2 }}>
            <LinearProgress variant="determinate" value={percent} sx={{ flexGrow: 1, height: 8, borderRadius: 4 }} aria-label="Approval progress" />
            <Typography variant="body2" sx={{ minWidth: 80 }} data-progress={`${done}/${total}`}>
              {done} of {total}
            </Typography>
          </Box>
          {!running && (
            <Box data-bulk-summary>
              <Alert severity={refused.length + notFound.length === 0 ? 'success' : 'warning'} sx={{ mb: 1 }}>
                {approved.length} approved, {refused.length} refused, {notFound.length} not found.
              </Alert>
              {refused.length + notFound.length > 0 && (
                <List dense>
                  {[...refused, ...notFound].map((o) => (
                    <ListItem key={o.id} disableGutters>
                      <ListItemText primary={names.get(o.id) ?? o.id} secondary={`${o.outcome === 'not-found' ? 'Not found' : 'Refused'}: ${o.message ?? o.code ?? ''}`} />
                    </ListItem>
                  ))}
                </List>
              )}
            </Box>
          )}
        </DialogContent>
        <DialogActions>
          <Button onClick={() => setOpen(false)} disabled={running}>
            Close
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}
