/**
 * Custom search attributes Tickler registers on Temporal (dev server flags, docker-compose setup).
 * None may carry PHI: only payer, phase, next action and its date, age bucket, key account and owner.
 */
export const ticklerSearchAttributes = [
  { name: 'TicklerPhase', type: 'Keyword' },
  { name: 'TicklerPayerId', type: 'Keyword' },
  { name: 'TicklerNextAction', type: 'Keyword' },
  { name: 'TicklerNextActionAt', type: 'Datetime' },
  { name: 'TicklerAgeBucket', type: 'Keyword' },
  { name: 'TicklerKeyAccount', type: 'Bool' },
  { name: 'TicklerOwner', type: 'Keyword' },
] as const;
