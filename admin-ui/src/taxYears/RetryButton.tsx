// Retry for a step that needs attention: POST /api/steps/{id}/retry, sent to the year's workflow. The workflow (or the
// API, when the year is not running) may refuse; its message stays on screen beside the step for staff to read.
import { useState } from 'react';
import { Alert, Box, Button, CircularProgress } from '@mui/material';
import ReplayIcon from '@mui/icons-material/Replay';
import { useNotify, usePermissions, useRefresh } from 'react-admin';
import { holds } from '../authProvider';
import { api } from '../http';
import type { Step } from './types';
import { statusLabel } from './format';

export function RetryButton({ step }: { step: Step }) {
  const { permissions } = usePermissions();
  const notify = useNotify();
  const refresh = useRefresh();
  const [sending, setSending] = useState(false);
  const [refusal, setRefusal] = useState<string | null>(null);
  if (step.status !== 'needs-attention' || !holds(permissions, 'steps:retry')) return null;

  const retry = async () => {
    setSending(true);
    setRefusal(null);
    try {
      const answer = await api<Step>(`/steps/${step.id}/retry`, { method: 'POST', body: {} });
      notify(`Retry sent: ${answer.title ?? 'the step'} is now ${statusLabel(answer.status).toLowerCase()}`, { type: 'success' });
      refresh();
    } catch (err) {
      setRefusal(err instanceof Error ? err.message : String(err));
    } finally {
      setSending(false);
    }
  };

  return (
    <Box sx={{ mt: 1 }}>
      <Button
        variant="contained"
        color="error"
        size="small"
        startIcon={sending ? <CircularProgress size={16} color="inherit" /> : <ReplayIcon />}
        disabled={sending}
        onClick={() => void retry()}
      >
        Retry
      </Button>
      {refusal && (
        <Alert severity="warning" sx={{ mt: 1 }} role="alert" data-testid="retry-refused" onClose={() => setRefusal(null)}>
          Not retried: {refusal}
        </Alert>
      )}
    </Box>
  );
}
