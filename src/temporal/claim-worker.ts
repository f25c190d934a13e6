import path from 'node:path';
import { type NativeConnection, Runtime, Worker, type WorkerOptions } from '@temporalio/worker';
import { createActivities } from '../activities';
import type { Config } from '../config';
import type { Db } from '../db/pool';
import { createSimulatedPayerStore } from '../db/simulator';
import { findX12ClaimRecords, nextInterchangeControlNumber, recordX12Inquiry } from '../db/x12-inquiries';
import type { X12EnvelopeConfig } from '../edi';
import {
  type PayerLimits,
  configuredLimits,
  createPayerProtection,
  postgresOutageRecorder,
  unlimitedBudget,
} from '../payers/protection';
import { createPayerRegistry } from '../payers/registry';
import { createRestClearinghouseChannel } from '../payers/rest/rest-channel';
import { createSimulatedPayer } from '../payers/simulated-payer';
import type { PayerChannel } from '../payers/types';
import {
  createDropFolderTransport,
  createHttpTransport,
  dropFolderLayout,
  createX12Channel,
  statusQueryOf,
  type ClearinghouseTransport,
} from '../payers/x12';

export const workflowsPath = path.resolve(__dirname, '../workflows');

export interface ClaimWorkerDeps {
  connection: NativeConnection;
  namespace: string;
  taskQueue: string;
  db: Db;
  maxCachedWorkflows?: number;
  maxConcurrentActivityTaskExecutions?: number;
  /** Which channels reach which payer, and the REST clearinghouse when one is configured. */
  payerChannels?: {
    routing?: { routes?: Record<string, string[]>; default?: string[] };
    rest?: { baseUrl: string; token: string };
    x12?: X12ChannelSettings;
    /** Budgets and breakers by channel or payer/channel, over the defaults. */
    limits?: PayerLimits;
  };
  /** A prebuilt bundle (tests, benchmarks) instead of bundling `src/workflows` at start. */
  workflowBundle?: WorkerOptions['workflowBundle'];
}

/** The X12 clearinghouse: its transport (real-time HTTP or a batch drop folder) and trading-partner ids. */
export interface X12ChannelSettings {
  transport:
    { url: string; token?: string; core?: { username?: string; password?: string } } | { folder: string };
  envelope: X12EnvelopeConfig;
}

/**
 * The X12 channel over the registry: 276s are written from the claim, its parties and its payer;
 * interchange control numbers come from a PostgreSQL sequence (unique across workers); every 276 sent is
 * recorded by trace number, so a 277 arriving later as a file finds its claim.
 */
function x12ChannelOf(
  db: Db,
  settings: X12ChannelSettings,
  logger: Parameters<typeof createHttpTransport>[0]['logger'],
): PayerChannel {
  const { transport } = settings;
  const clearinghouse: ClearinghouseTransport =
    'url' in transport
      ? createHttpTransport({
          url: transport.url,
          ...(transport.token ? { headers: { authorization: `Bearer ${transport.token}` } } : {}),
          ...(transport.core
            ? {
                core: {
                  senderId: settings.envelope.sender.id,
                  receiverId: settings.envelope.receiver.id,
                  ...transport.core,
                },
              }
            : {}),
          logger,
        })
      : createDropFolderTransport({ ...dropFolderLayout(transport.folder), logger });
  return createX12Channel({
    transport: clearinghouse,
    envelope: settings.envelope,
    async lookupClaim(inquiry) {
      const records = await findX12ClaimRecords(db, inquiry.claimId);
      return records && statusQueryOf(records);
    },
    nextControlNumber: () => nextInterchangeControlNumber(db),
    recordInquiry: (record) => recordX12Inquiry(db, record),
    logger,
  });
}

/** Wires the claim workflows and their activities into a worker on the claims task queue. */
export async function createClaimWorker(deps: ClaimWorkerDeps): Promise<Worker> {
  const logger = Runtime.instance().logger;
  const rest = deps.payerChannels?.rest;
  const x12 = deps.payerChannels?.x12;
  const payers = createPayerRegistry({
    channels: [
      createSimulatedPayer(createSimulatedPayerStore(deps.db)),
      ...(rest ? [createRestClearinghouseChannel({ baseUrl: rest.baseUrl, token: rest.token, logger })] : []),
      ...(x12 ? [x12ChannelOf(deps.db, x12, logger)] : []),
    ],
    routes: deps.payerChannels?.routing?.routes ?? {},
    default: deps.payerChannels?.routing?.default ?? ['simulated'],
    protection: createPayerProtection({
      // The simulated payer is throttled by its own behaviour (429s), not by a budget of ours, unless
      // limits are configured for it.
      limitsFor: (payerId, channel) =>
        configuredLimits(deps.payerChannels?.limits ?? {}, payerId, channel) ??
        (channel === 'simulated' ? { budget: unlimitedBudget } : undefined),
      outages: postgresOutageRecorder(deps.db),
      logger,
    }),
  });
  return Worker.create({
    connection: deps.connection,
    namespace: deps.namespace,
    taskQueue: deps.taskQueue,
    ...(deps.workflowBundle ? { workflowBundle: deps.workflowBundle } : { workflowsPath }),
    activities: createActivities({ db: deps.db, payers }),
    maxCachedWorkflows: deps.maxCachedWorkflows ?? 1000,
    maxConcurrentActivityTaskExecutions: deps.maxConcurrentActivityTaskExecutions ?? 50,
  });
}

/** The payer channel settings of the configuration, for {@link createClaimWorker}. */
export function payerChannelsFromConfig(
  config: {
    PAYER_ROUTES: { routes: Record<string, string[]>; default: string[] };
    REST_CLEARINGHOUSE_URL?: string | undefined;
    REST_CLEARINGHOUSE_TOKEN?: string | undefined;
  } & Partial<Pick<Config, X12ConfigName | 'PAYER_LIMITS'>>,
): NonNullable<ClaimWorkerDeps['payerChannels']> {
  const x12 = x12SettingsOf(config);
  return {
    routing: config.PAYER_ROUTES,
    ...(config.PAYER_LIMITS ? { limits: config.PAYER_LIMITS } : {}),
    ...(config.REST_CLEARINGHOUSE_URL && config.REST_CLEARINGHOUSE_TOKEN
      ? { rest: { baseUrl: config.REST_CLEARINGHOUSE_URL, token: config.REST_CLEARINGHOUSE_TOKEN } }
      : {}),
    ...(x12 ? { x12 } : {}),
  };
}

type X12ConfigName = Extract<keyof Config, `X12_${string}`>;

/** The X12 channel's settings, when a transport for it is configured (loadConfig has checked the ids). */
function x12SettingsOf(config: Partial<Pick<Config, X12ConfigName>>): X12ChannelSettings | undefined {
  const url = config.X12_CLEARINGHOUSE_URL;
  const folder = config.X12_DROP_FOLDER;
  if (!url && !folder) return undefined;
  const senderId = config.X12_SENDER_ID;
  const receiverId = config.X12_RECEIVER_ID;
  const submitterName = config.X12_SUBMITTER_NAME;
  const etin = config.X12_SUBMITTER_ETIN;
  if (!senderId || !receiverId || !submitterName || !etin) {
    throw new Error('X12 channel: sender id, receiver id, submitter name and ETIN are required');
  }
  return {
    transport: url
      ? {
          url,
          ...(config.X12_CLEARINGHOUSE_TOKEN ? { token: config.X12_CLEARINGHOUSE_TOKEN } : {}),
          ...(config.X12_CLEARINGHOUSE_ENVELOPE === 'caqh-core'
            ? {
                core: {
                  ...(config.X12_CORE_USERNAME ? { username: config.X12_CORE_USERNAME } : {}),
                  ...(config.X12_CORE_PASSWORD ? { password: config.X12_CORE_PASSWORD } : {}),
                },
              }
            : {}),
        }
      : { folder: folder! },
    envelope: {
      sender: { qualifier: config.X12_SENDER_QUALIFIER ?? 'ZZ', id: senderId },
      receiver: { qualifier: config.X12_RECEIVER_QUALIFIER ?? 'ZZ', id: receiverId },
      applicationSenderCode: config.X12_APPLICATION_SENDER_CODE ?? senderId,
      applicationReceiverCode: config.X12_APPLICATION_RECEIVER_CODE ?? receiverId,
      usage: config.X12_USAGE ?? 'P',
      informationReceiver: { name: submitterName, etin },
    },
  };
}
