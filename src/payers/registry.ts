import { z } from 'zod';
import { isClaimStatusCategoryCode } from '../domain/claim-status-codes';
import type { PayerProtection } from './protection';
import {
  type ClaimSubmission,
  PayerError,
  type PayerChannel,
  type RemittancePage,
  type RemittanceQuery,
  type StatusInquiry,
  type StatusResponse,
  type SubmissionReceipt,
} from './types';

/**
 * Which channels serve which payer, in the order to try them: `routes` per payer id, `default` for
 * payers without a route. After the last channel comes a person: when every channel answers
 * `unsupported`, so does the registry. Parse configuration (a file, an environment variable) with it.
 */
export const payerRoutingSchema = z
  .object({
    routes: z.record(z.string().min(1), z.array(z.string().min(1)).min(1)).default({}),
    default: z.array(z.string().min(1)).default([]),
  })
  .strict();
export type PayerRouting = z.input<typeof payerRoutingSchema>;

export interface PayerRegistryOptions extends PayerRouting {
  channels: readonly PayerChannel[];
  /** Budgets and circuit breakers per payer/channel; without it requests go straight to the channel. */
  protection?: PayerProtection;
}

/** The answer and the channel that gave it. */
export type Answered<T> = T & { channel: string };

/**
 * The one way activities reach payers. `checkStatus`, `submitClaim` and `fetchRemittances` go by payer
 * id through the payer's channels in order, moving on when a channel answers `unsupported`. Every call,
 * also through {@link PayerRegistry.channel}, passes the payer's budget and circuit breaker, and answers
 * outside the 277 category taxonomy become permanent errors.
 */
export interface PayerRegistry {
  /** A channel by name, protected and checked like the routed calls (for callers that pick one themselves). */
  channel(name: string): PayerChannel;
  /** The channel names a payer is reached through, in order. */
  routeFor(payerId: string): readonly string[];
  checkStatus(payerId: string, inquiry: StatusInquiry): Promise<Answered<StatusResponse>>;
  submitClaim(payerId: string, submission: ClaimSubmission): Promise<Answered<SubmissionReceipt>>;
  fetchRemittances(payerId: string, query: RemittanceQuery): Promise<Answered<RemittancePage>>;
}

/**
 * Builds the registry. A bare list of channels routes every payer to the first one (the shape used
 * before routes existed). Throws at start when a route names a channel that is not configured.
 */
export function createPayerRegistry(options: PayerRegistryOptions | readonly PayerChannel[]): PayerRegistry {
  const settings: PayerRegistryOptions = isChannelList(options)
    ? { channels: options, default: options[0] ? [options[0].name] : [] }
    : options;
  const routing = payerRoutingSchema.parse({ routes: settings.routes, default: settings.default });
  const guarded = new Map(
    settings.channels.map((channel) => [channel.name, guard(channel, settings.protection)]),
  );
  for (const [payerId, route] of [
    ['(default)', routing.default] as const,
    ...Object.entries(routing.routes),
  ]) {
    const unknown = route.filter((name) => !guarded.has(name));
    if (unknown.length > 0) {
      throw new Error(
        `Payer route for ${payerId} names channels that are not configured: ${unknown.join(', ')}`,
      );
    }
  }

  const routeFor = (payerId: string): readonly string[] => routing.routes[payerId] ?? routing.default;

  /** Tries the payer's channels in order; `unsupported` moves on, anything else is the answer. */
  async function route<T extends object>(
    payerId: string,
    what: string,
    call: (channel: PayerChannel) => Promise<T>,
  ): Promise<Answered<T>> {
    const declined: string[] = [];
    for (const name of routeFor(payerId)) {
      try {
        return { ...(await call(guarded.get(name)!)), channel: name };
      } catch (error) {
        if (!(error instanceof PayerError) || error.kind !== 'unsupported') throw error;
        declined.push(`${name}: ${error.message}`);
      }
    }
    throw new PayerError(
      'unsupported',
      declined.length > 0
        ? `no channel can ${what} for payer ${payerId} (${declined.join('; ')}); a person must follow up`
        : `no channel is configured for payer ${payerId}; a person must follow up`,
    );
  }

  return {
    channel(name) {
      const channel = guarded.get(name);
      if (!channel) throw new Error(`No payer channel named "${name}" is configured`);
      return channel;
    },
    routeFor,
    checkStatus: (payerId, inquiry) => route(payerId, 'check claim status', (c) => c.checkStatus(inquiry)),
    submitClaim: (payerId, submission) => route(payerId, 'submit claims', (c) => c.submitClaim(submission)),
    fetchRemittances: (payerId, query) =>
      route(payerId, 'fetch remittances', (c) => c.fetchRemittances!(query)),
  };
}

/**
 * The channel as callers see it: each request runs within its payer's budget and breaker, answers are
 * checked against the category taxonomy, and a missing `fetchRemittances` is `unsupported`.
 */
function guard(channel: PayerChannel, protection: PayerProtection | undefined): PayerChannel {
  const run = <T>(payerId: string, claimId: string, request: () => Promise<T>): Promise<T> =>
    protection ? protection.guard(payerId, channel.name).run(request, { claimId }) : request();
  return {
    name: channel.name,
    async checkStatus(inquiry) {
      const response = await run(inquiry.payerId, inquiry.claimId, () => channel.checkStatus(inquiry));
      assertKnownCategory(channel.name, response.category);
      return response;
    },
    async submitClaim(submission) {
      const receipt = await run(submission.payerId, submission.claimId, () =>
        channel.submitClaim(submission),
      );
      assertKnownCategory(channel.name, receipt.category);
      return receipt;
    },
    fetchRemittances(query) {
      const fetchRemittances = channel.fetchRemittances?.bind(channel);
      if (!fetchRemittances) {
        return Promise.reject(
          new PayerError('unsupported', `channel ${channel.name} does not fetch remittances`),
        );
      }
      return run(query.payerId, '-', () => fetchRemittances(query));
    },
  };
}

function isChannelList(
  options: PayerRegistryOptions | readonly PayerChannel[],
): options is readonly PayerChannel[] {
  return Array.isArray(options);
}

/** A category outside X12 code list 507 cannot be acted on: the data must be looked at (permanent). */
function assertKnownCategory(channel: string, category: string): void {
  if (!isClaimStatusCategoryCode(category)) {
    throw new PayerError(
      'permanent',
      `payer answered an unknown status category "${category}" on channel ${channel}`,
    );
  }
}
