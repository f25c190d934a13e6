import type { PayerChannel } from './types';

/** Maps channel names (the `payers.channel` column) to adapters. */
export interface PayerRegistry {
  channel(name: string): PayerChannel;
}

export function createPayerRegistry(channels: readonly PayerChannel[]): PayerRegistry {
  const byName = new Map(channels.map((channel) => [channel.name, channel]));
  return {
    channel(name) {
      const channel = byName.get(name);
      if (!channel) throw new Error(`No payer channel named "${name}" is configured`);
      return channel;
    },
  };
}
