/**
 * Custom search attributes Tickler registers on Temporal (dev server flags, docker-compose setup).
 * None may carry PHI: only payer, phase, next action and its date, age bucket, key account and owner.
 */
import { type SearchAttributePair, SearchAttributeType, defineSearchAttributeKey } from '@temporalio/common';

export const searchAttributeKeys = {
  TicklerPhase: defineSearchAttributeKey('TicklerPhase', SearchAttributeType.KEYWORD),
  TicklerPayerId: defineSearchAttributeKey('TicklerPayerId', SearchAttributeType.KEYWORD),
  TicklerNextAction: defineSearchAttributeKey('TicklerNextAction', SearchAttributeType.KEYWORD),
  TicklerNextActionAt: defineSearchAttributeKey('TicklerNextActionAt', SearchAttributeType.DATETIME),
  TicklerAgeBucket: defineSearchAttributeKey('TicklerAgeBucket', SearchAttributeType.KEYWORD),
  TicklerKeyAccount: defineSearchAttributeKey('TicklerKeyAccount', SearchAttributeType.BOOL),
  TicklerOwner: defineSearchAttributeKey('TicklerOwner', SearchAttributeType.KEYWORD),
} as const;

const cliTypeNames: Record<string, string> = {
  [SearchAttributeType.KEYWORD]: 'Keyword',
  [SearchAttributeType.DATETIME]: 'Datetime',
  [SearchAttributeType.BOOL]: 'Bool',
};

/** Name and CLI type of each attribute, as `temporal operator search-attribute create` takes them. */
export const ticklerSearchAttributes = Object.values(searchAttributeKeys).map((key) => ({
  name: key.name,
  type: cliTypeNames[key.type]!,
}));

/** Typed pairs for a workflow start, from plain values keyed by attribute name. */
export function typedSearchAttributes(
  values: Partial<Record<keyof typeof searchAttributeKeys, string | boolean | Date>>,
): SearchAttributePair[] {
  return (Object.keys(values) as (keyof typeof searchAttributeKeys)[]).map(
    (name) => ({ key: searchAttributeKeys[name], value: values[name] }) as SearchAttributePair,
  );
}
