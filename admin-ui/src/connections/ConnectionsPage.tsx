// Connections (/connections): whether the engine can act for the practice with HMRC and FreeAgent (connect or reconnect
// is the admin's), and each client's authorisation health: the relationship HMRC has on record, the ITSA status,
// whether HMRC's obligations (the year's quarterly steps) are there, and why HMRC refused, with what to do next.
import { Alert, Box, Button, Card, CardActions, CardContent, Chip, Stack, Typography } from '@mui/material';
import LinkIcon from '@mui/icons-material/Link';
import { useQuery } from '@tanstack/react-query';
import { HttpError, Title, usePermissions } from 'react-admin';
import { holds } from '../authProvider';
import { api } from '../http';
import { AuthorisationHealth } from './AuthorisationHealth';

type ConnectionState = { kind: 'status'; status: 'not-connected' | 'connected' | 'reconnect-needed' } | { kind: 'not-configured'; message: string } | { kind: 'error'; message: string };

const PROVIDERS = [
  { key: 'hmrc', name: 'HMRC', purpose: "Making Tax Digital for Income Tax: the practice's agent services account acts for its clients." },
  { key: 'freeagent', name: 'FreeAgent', purpose: "The practice's FreeAgent account: clients' books are read for their quarterly figures." },
] as const;

const STATUS_TEXT = {
  connected: { label: 'Connected', colour: 'success', text: 'The engine can act for the practice.' },
  'not-connected': { label: 'Not connected', colour: 'default', text: 'Nothing can be sent until an admin connects.' },
  'reconnect-needed': { label: 'Reconnect needed', colour: 'error', text: 'The provider refused the stored grant: reconnect to carry on. Steps waiting on it try again once reconnected.' },
} as const;

function useConnection(key: string, enabled: boolean) {
  return useQuery<ConnectionState>({
    queryKey: ['connection', key],
    enabled,
    queryFn: async () => {
      try {
        const { status } = await api<{ status: 'not-connected' | 'connected' | 'reconnect-needed' }>(`/connections/${key}`);
        return { kind: 'status', status };
      } catch (err) {
        const body = err instanceof HttpError ? (err.body as { code?: string } | undefined) : undefined;
        if (err instanceof HttpError && err.status === 503 && body?.code?.endsWith('_NOT_CONFIGURED')) return { kind: 'not-configured', message: err.message };
        return { kind: 'error', message: err instanceof Error ? err.message : String(err) };
      }
    },
  });
}

function ConnectionCard({ provider, admin }: { provider: (typeof PROVIDERS)[number]; admin: boolean }) {
  const { data, isPending } = useConnection(provider.key, admin);
  const state = data;
  const status = state?.kind === 'status' ? STATUS_TEXT[state.status] : null;
  return (
    <Card variant="outlined" sx={{ flex: '1 1 360px' }} data-connection={provider.key}>
      <CardContent>
        <Box sx={{ display: 'flex', alignItems: 'center', gap: 1.5, mb: 1 }}>
          <Typography variant="h6">{provider.name}</Typography>
          {status && <Chip size="small" color={status.colour} label={status.label} data-status={state?.kind === 'status' ? state.status : ''} />}
          {state?.kind === 'not-configured' && <Chip size="small" variant="outlined" label="Not configured here" data-status="not-configured" />}
        </Box>
        <Typography variant="body2" color="text.secondary" sx={{ mb: 1.5 }}>
          {provider.purpose}
        </Typography>
        {!admin && <Alert severity="info">Only an admin can see and change the practice's connections.</Alert>}
        {admin && isPending && <Typography variant="body2">Checking…</Typography>}
        {status && <Typography variant="body2">{status.text}</Typography>}
        {state?.kind === 'not-configured' && (
          <Alert severity="info">This engine has no {provider.name} connection configured, so there is nothing to connect. Its settings are in the engine's configuration.</Alert>
        )}
        {state?.kind === 'error' && <Alert severity="error">{state.message}</Alert>}
      </CardContent>
      {admin && state?.kind === 'status' && (
        <CardActions sx={{ px: 2, pb: 2 }}>
          {/* A full navigation: the API answers with a redirect to the provider's grant page, which comes back to its callback. */}
          <Button variant={state.status === 'connected' ? 'outlined' : 'contained'} startIcon={<LinkIcon />} href={`/api/connections/${provider.key}/start`}>
            {state.status === 'not-connected' ? `Connect ${provider.name}` : `Reconnect ${provider.name}`}
          </Button>
        </CardActions>
      )}
    </Card>
  );
}

export function ConnectionsPage() {
  const { permissions, isPending } = usePermissions();
  if (isPending) return null;
  const admin = holds(permissions, 'practice:configure');
  return (
    <Box sx={{ mt: 2 }}>
      <Title title="Connections" />
      <Stack direction="row" spacing={0} sx={{ flexWrap: 'wrap', gap: 2, mb: 3 }}>
        {PROVIDERS.map((p) => (
          <ConnectionCard key={p.key} provider={p} admin={admin} />
        ))}
      </Stack>
      <Typography variant="h6" sx={{ mb: 1 }}>
        Authorisation health
      </Typography>
      <Typography variant="body2" color="text.secondary" sx={{ mb: 1 }}>
        For each client's year: whether HMRC has the practice as main or supporting agent, the client's ITSA status, whether HMRC's quarterly obligations are there, and
        what HMRC refused.
      </Typography>
      <AuthorisationHealth />
    </Box>
  );
}
