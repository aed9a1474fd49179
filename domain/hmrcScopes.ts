// HMRC's OAuth scopes for the APIs this product uses (HMRC README §1.2): what the emulator grants and the agent asks for.
export const HMRC_SCOPES = [
  'read:self-assessment',
  'write:self-assessment',
  'read:self-assessment-assist',
  'write:self-assessment-assist',
  'write:sent-invitations',
  'read:sent-invitations',
  'write:cancel-invitations',
  'read:check-relationship',
  'write:relationships',
] as const;
