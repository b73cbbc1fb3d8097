/** The statuses a transaction passes through, as in the Complete Transaction Pattern reference. */
export type Status =
  | 'initial'
  | 'requested'
  | 'promised'
  | 'declined'
  | 'quitted'
  | 'executed'
  | 'declared'
  | 'accepted'
  | 'rejected'
  | 'stopped'
  | 'revoked';

export const statuses: readonly Status[] = [
  'initial',
  'requested',
  'promised',
  'declined',
  'quitted',
  'executed',
  'declared',
  'accepted',
  'rejected',
  'stopped',
  'revoked',
];
