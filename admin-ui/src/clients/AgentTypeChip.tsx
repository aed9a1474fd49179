// Main or supporting agent: supporting stands out (amber), as such a client's calculation and declaration are not ours.
import { Chip } from '@mui/material';
import { TONES } from '../taxYears/format';

export function AgentTypeChip({ agentType, long = false }: { agentType: string; long?: boolean }) {
  const supporting = agentType === 'supporting';
  const label = `${supporting ? 'Supporting' : 'Main'}${long ? ' agent' : ''}`;
  return (
    <Chip
      size="small"
      variant="outlined"
      label={label}
      sx={supporting ? { bgcolor: TONES.client.light, color: TONES.client.text, borderColor: TONES.client.main } : undefined}
    />
  );
}
