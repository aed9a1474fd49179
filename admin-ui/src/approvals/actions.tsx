// Staff actions on one step, each the API's action route (the year's workflow decides): approve, reject with a comment,
// submit for review, retry. Pessimistic: the button waits for the workflow's answer, then the lists are read again. A
// refusal (four eyes, a step that moved on) is shown as the API words it.
import { useState } from 'react';
import { Box, Button, Dialog, DialogActions, DialogContent, DialogContentText, DialogTitle, TextField } from '@mui/material';
import CheckIcon from '@mui/icons-material/Check';
import CloseIcon from '@mui/icons-material/Close';
import ReplayIcon from '@mui/icons-material/Replay';
import SendIcon from '@mui/icons-material/Send';
import { useMutation } from '@tanstack/react-query';
import { useNotify, usePermissions, useRecordContext, useRefresh } from 'react-admin';
import { api } from '../http';
import { holds } from '../authProvider';
import { sentenceCase, type Step } from './types';

interface ActionVariables {
  id: string;
  action: 'approve' | 'reject' | 'submit-for-review' | 'retry' | 'figures';
  body: unknown;
}

/** The projection has caught up with the workflow's answer when the step reads back as the answer had it. */
function sameState(a: Step, b: Step): boolean {
  return a.status === b.status && a.preparedBy === b.preparedBy && a.approvedBy === b.approvedBy && a.nextAction === b.nextAction && JSON.stringify(a.detail.figures) === JSON.stringify(b.detail.figures);
}

/** Waits (a few seconds at most) until GET /api/steps/{id} shows what the workflow answered. */
async function settled(answer: Step): Promise<void> {
  for (let look = 0; look < 20; look += 1) {
    const stored = await api<Step>(`/steps/${answer.id}`).catch(() => null);
    if (!stored || sameState(stored, answer)) return;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
}

/**
 * Runs one action route and tells staff how it went. The workflow answers before its projection (what the lists read)
 * is written, so the lists are read again once the step reads back as the workflow answered.
 */
export function useStepAction() {
  const notify = useNotify();
  const refresh = useRefresh();
  const mutation = useMutation<Step, Error, ActionVariables>({
    mutationFn: ({ id, action, body }) => api<Step>(`/steps/${id}/${action}`, { method: action === 'figures' ? 'PUT' : 'POST', body }),
  });
  const run = (variables: ActionVariables, success: (step: Step) => string, after?: (step: Step) => void) =>
    mutation.mutate(variables, {
      onSuccess: async (step) => {
        notify(success(step), { type: 'success', messageArgs: { _: success(step) } });
        after?.(step);
        await settled(step);
        refresh();
      },
      onError: (error) => notify(error.message, { type: 'error', messageArgs: { _: error.message } }),
    });
  return { run, isPending: mutation.isPending };
}

const nowStatus = (step: Step) => sentenceCase(step.status).toLowerCase();

export function ApproveButton() {
  const record = useRecordContext<Step>();
  const { permissions } = usePermissions();
  const { run, isPending } = useStepAction();
  if (!record || record.status !== 'awaiting-review' || !holds(permissions, 'steps:review')) return null;
  return (
    <Button
      variant="contained"
      color="success"
      startIcon={<CheckIcon />}
      disabled={isPending}
      onClick={(e) => {
        e.stopPropagation();
        run({ id: record.id, action: 'approve', body: {} }, (step) => `Approved: ${record.clientName}, ${record.title ?? record.stepKey} is now ${nowStatus(step)}`);
      }}
    >
      Approve
    </Button>
  );
}

export function RejectButton() {
  const record = useRecordContext<Step>();
  const { permissions } = usePermissions();
  const { run, isPending } = useStepAction();
  const [open, setOpen] = useState(false);
  const [comment, setComment] = useState('');
  const [touched, setTouched] = useState(false);
  if (!record || record.status !== 'awaiting-review' || !holds(permissions, 'steps:review')) return null;
  const missing = comment.trim() === '';
  const close = () => {
    setOpen(false);
    setTouched(false);
  };
  return (
    <>
      <Button
        variant="outlined"
        color="error"
        startIcon={<CloseIcon />}
        onClick={(e) => {
          e.stopPropagation();
          setOpen(true);
        }}
      >
        Reject
      </Button>
      <Dialog open={open} onClose={close} fullWidth maxWidth="sm" onClick={(e) => e.stopPropagation()}>
        <DialogTitle>Reject and send back to the preparer</DialogTitle>
        <DialogContent>
          <DialogContentText sx={{ mb: 2 }}>
            {record.clientName}: {record.title ?? record.stepKey}. Say what to fix: the preparer sees your comment as their next action.
          </DialogContentText>
          <TextField
            autoFocus
            required
            fullWidth
            multiline
            minRows={3}
            label="What needs fixing"
            name="comment"
            value={comment}
            onChange={(e) => setComment(e.target.value)}
            onBlur={() => setTouched(true)}
            error={touched && missing}
            helperText={touched && missing ? 'A rejection needs a comment' : 'Required'}
            slotProps={{ htmlInput: { maxLength: 2000 } }}
          />
        </DialogContent>
        <DialogActions>
          <Button onClick={close}>Cancel</Button>
          <Button
            variant="contained"
            color="error"
            disabled={isPending}
            onClick={() => {
              setTouched(true);
              if (missing) return;
              run({ id: record.id, action: 'reject', body: { comment: comment.trim() } }, () => `Rejected: sent back to the preparer with your comment`, () => {
                setComment('');
                close();
              });
            }}
          >
            Reject
          </Button>
        </DialogActions>
      </Dialog>
    </>
  );
}

export function SubmitForReviewButton() {
  const record = useRecordContext<Step>();
  const { permissions } = usePermissions();
  const { run, isPending } = useStepAction();
  const [comment, setComment] = useState('');
  if (!record || record.status !== 'awaiting-preparer' || !holds(permissions, 'steps:prepare')) return null;
  return (
    <Box sx={{ display: 'flex', gap: 1, alignItems: 'center' }}>
      <TextField
        size="small"
        label="Note for the reviewer (optional)"
        name="reviewNote"
        value={comment}
        onChange={(e) => setComment(e.target.value)}
        sx={{ minWidth: 320 }}
        slotProps={{ htmlInput: { maxLength: 2000 } }}
      />
      <Button
        variant="contained"
        sx={{ whiteSpace: 'nowrap', flexShrink: 0 }}
        startIcon={<SendIcon />}
        disabled={isPending}
        onClick={() =>
          run({ id: record.id, action: 'submit-for-review', body: comment.trim() ? { comment: comment.trim() } : {} }, () => 'Submitted for review: a different member of staff must approve it', () => setComment(''))
        }
      >
        Submit for review
      </Button>
    </Box>
  );
}

export function RetryButton({ variant = 'contained' }: { variant?: 'outlined' | 'contained' | 'text' }) {
  const record = useRecordContext<Step>();
  const { permissions } = usePermissions();
  const { run, isPending } = useStepAction();
  if (!record || record.status !== 'needs-attention' || !holds(permissions, 'steps:retry')) return null;
  return (
    <Button
      size="small"
      variant={variant}
      color="warning"
      startIcon={<ReplayIcon />}
      disabled={isPending}
      onClick={(e) => {
        e.stopPropagation();
        run({ id: record.id, action: 'retry', body: {} }, () => `Retry requested: ${record.clientName}, ${record.title ?? record.stepKey} is tried again`);
      }}
    >
      Retry
    </Button>
  );
}
