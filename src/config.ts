import { z } from 'zod';
import { DEFAULT_TEMPLATES_DIR } from './packets/template';
import { payerLimitsSchema } from './payers/protection';
import { payerRoutingSchema } from './payers/registry';

/**
 * Every environment variable Tickler reads, parsed once at start by the composition roots
 * (`worker.ts`, `src/api/main.ts`, `src/dev/start.ts`). Unset optional values mean "use the embedded
 * default": no `TEMPORAL_ADDRESS` starts a Temporal dev server, no `DATABASE_URL` starts an embedded
 * PostgreSQL.
 */
const port = z.coerce.number().int().min(1).max(65535);
const flag = z.enum(['true', 'false', '1', '0']).transform((value) => value === 'true' || value === '1');
/** A variable holding JSON, parsed and then checked against `schema`; unset gives `empty`. */
function jsonVariable<T extends z.ZodType>(schema: T, empty: z.input<T>, example: string) {
  return z
    .string()
    .trim()
    .optional()
    .transform((text, ctx) => {
      if (!text) return empty;
      try {
        return JSON.parse(text) as unknown;
      } catch {
        ctx.addIssue({ code: 'custom', message: `must be JSON such as ${example}` });
        return z.NEVER;
      }
    })
    .pipe(schema);
}

/** An https URL, or http on a loopback address (a local identity provider in development and tests). */
const secureUrl = z.url({ protocol: /^https?$/ }).refine((value) => {
  const url = new URL(value);
  return url.protocol === 'https:' || ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname);
}, 'must be https (http only on localhost)');

const optionalText = z
  .string()
  .trim()
  .transform((value) => (value === '' ? undefined : value))
  .optional();

export const configSchema = z.object({
  TEMPORAL_ADDRESS: optionalText,
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('tickler-claims'),
  TEMPORAL_API_KEY: optionalText,
  TEMPORAL_TLS: flag.default(false),
  TEMPORAL_TLS_CERT_PATH: optionalText,
  TEMPORAL_TLS_KEY_PATH: optionalText,
  TEMPORAL_DEV_SERVER_PORT: port.default(7233),
  TEMPORAL_UI_PORT: port.default(8233),
  TEMPORAL_CLI_PATH: optionalText,
  TEMPORAL_TEST_SERVER_PATH: optionalText,
  DATABASE_URL: optionalText,
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(200).default(10),
  EMBEDDED_PG_PORT: port.default(5433),
  DATA_DIR: z.string().min(1).default('.data'),
  API_HOST: z.string().min(1).default('127.0.0.1'),
  API_PORT: port.default(3000),
  SIMULATOR_API_ENABLED: flag.default(true),
  /**
   * The appeal packet templates (`_layout.md`, `_fax-cover.md`, `<category>.md`), read at each packet,
   * relative to the working directory unless absolute. Offices point it at their own edited copies.
   */
  APPEAL_TEMPLATES_DIR: z.string().trim().min(1).default(DEFAULT_TEMPLATES_DIR),
  /**
   * Which channels reach which payer, in fallback order: `{"routes":{"sim-uhc":["rest","simulated"]},
   * "default":["simulated"]}`. Channels: `simulated`, `rest` when REST_CLEARINGHOUSE_URL is set, and
   * `x12` when X12_CLEARINGHOUSE_URL or X12_DROP_FOLDER is set.
   */
  PAYER_ROUTES: jsonVariable(
    payerRoutingSchema,
    { routes: {}, default: ['simulated'] },
    '{"routes":{"payer-id":["rest","simulated"]}}',
  ),
  /**
   * Budgets and circuit breakers over the defaults, by channel or by `payer/channel` (the more specific
   * wins): `{"x12":{"ratePerSecond":5},"sim-uhc/rest":{"maxConcurrent":2,"failureThreshold":3}}`.
   */
  PAYER_LIMITS: jsonVariable(payerLimitsSchema, {}, '{"x12":{"ratePerSecond":5}}'),
  REST_CLEARINGHOUSE_URL: z.url({ protocol: /^https?$/ }).optional(),
  REST_CLEARINGHOUSE_TOKEN: optionalText,
  /** Real-time X12: the 276 is POSTed here and the 277 is the response. */
  X12_CLEARINGHOUSE_URL: z.url({ protocol: /^https?$/ }).optional(),
  /** Sent as `Authorization: Bearer …` with every real-time X12 request, when set. */
  X12_CLEARINGHOUSE_TOKEN: optionalText,
  /**
   * `none`: the bare X12 is the request and response body. `caqh-core`: the CAQH CORE connectivity
   * envelope (HTTP+MIME, rule 2.2.0), SenderID and ReceiverID being the ISA ids.
   */
  X12_CLEARINGHOUSE_ENVELOPE: z.enum(['none', 'caqh-core']).default('none'),
  /** The CORE envelope's UserName and Password, when the clearinghouse authenticates with them. */
  X12_CORE_USERNAME: optionalText,
  X12_CORE_PASSWORD: optionalText,
  /** Batch X12: 276 files go to `<folder>/outbox`, answers are read from `<folder>/inbox`. */
  X12_DROP_FOLDER: optionalText,
  /** How often the worker sweeps the drop folder's inbox into ingestion; 0 turns the sweep off. */
  X12_INBOX_SWEEP_SECONDS: z.coerce.number().int().min(0).max(86_400).default(60),
  X12_SENDER_QUALIFIER: z.string().trim().length(2).default('ZZ'),
  X12_SENDER_ID: optionalText.pipe(z.string().max(15, 'at most 15 characters (ISA06)').optional()),
  X12_RECEIVER_QUALIFIER: z.string().trim().length(2).default('ZZ'),
  X12_RECEIVER_ID: optionalText.pipe(z.string().max(15, 'at most 15 characters (ISA08)').optional()),
  /** GS02 and GS03; default the ISA sender and receiver ids. */
  X12_APPLICATION_SENDER_CODE: optionalText,
  X12_APPLICATION_RECEIVER_CODE: optionalText,
  /** ISA15: P production, T test. */
  X12_USAGE: z.enum(['P', 'T']).default('P'),
  /** The submitter (276 loop 2100B, NM1*41): its name and ETIN at the clearinghouse. */
  X12_SUBMITTER_NAME: optionalText,
  X12_SUBMITTER_ETIN: optionalText,
  /** OIDC sign-in: the token issuer (`iss`); with OIDC_AUDIENCE, bearer tokens it signs are accepted. */
  OIDC_ISSUER: secureUrl.optional(),
  /** The audience (`aud`) tokens must be issued for: Tickler's client id at the identity provider. */
  OIDC_AUDIENCE: optionalText,
  /** The issuer's JWKS; when unset, read from `<OIDC_ISSUER>/.well-known/openid-configuration`. */
  OIDC_JWKS_URL: secureUrl.optional(),
  /** The claim holding the Tickler role (string or list); dots reach nested claims (`realm_access.roles`). */
  OIDC_ROLE_CLAIM: z.string().trim().min(1).default('roles'),
  /** The claim listing the clients a user may see (`*`: every client; absent: none). */
  OIDC_CLIENTS_CLAIM: z.string().trim().min(1).default('tickler_clients'),
  /** The claim naming the user in timelines and the audit log. */
  OIDC_USER_CLAIM: z.string().trim().min(1).default('sub'),
  /** The credential the CLI sends when it talks to the API (`npm start` writes one to DATA_DIR). */
  TICKLER_API_KEY: optionalText,
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).default(1000),
  WORKER_MAX_CONCURRENT_ACTIVITIES: z.coerce.number().int().min(1).default(50),
});

export type Config = z.infer<typeof configSchema>;

/** The environment variable names the schema knows, for checks such as the docker-compose test. */
export const configVariableNames: readonly string[] = Object.keys(configSchema.shape);

/** The X12 channel needs its trading-partner ids once a transport for it is set, and one transport only. */
function x12ConfigProblems(config: Config): string[] {
  if (config.X12_CLEARINGHOUSE_ENVELOPE !== 'none' && !config.X12_CLEARINGHOUSE_URL) {
    return ['X12_CLEARINGHOUSE_ENVELOPE: an envelope applies to X12_CLEARINGHOUSE_URL, which is not set'];
  }
  if (!config.X12_CLEARINGHOUSE_URL && !config.X12_DROP_FOLDER) return [];
  if (config.X12_CLEARINGHOUSE_URL && config.X12_DROP_FOLDER) {
    return ['X12_CLEARINGHOUSE_URL and X12_DROP_FOLDER: set one of them, not both'];
  }
  const required = ['X12_SENDER_ID', 'X12_RECEIVER_ID', 'X12_SUBMITTER_NAME', 'X12_SUBMITTER_ETIN'] as const;
  return required
    .filter((name) => !config[name])
    .map((name) => `${name}: required when X12_CLEARINGHOUSE_URL or X12_DROP_FOLDER is set`);
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Invalid configuration:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Parses the environment; throws a {@link ConfigError} naming each variable at fault. A variable set to
 * nothing (or spaces) counts as unset, as `${NAME:-}` in docker-compose passes it.
 */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const result = configSchema.safeParse(
    Object.fromEntries(Object.entries(env).filter(([, value]) => value?.trim() !== '')),
  );
  if (result.success) {
    const config = result.data;
    if (config.REST_CLEARINGHOUSE_URL && !config.REST_CLEARINGHOUSE_TOKEN) {
      throw new ConfigError(['REST_CLEARINGHOUSE_TOKEN: required when REST_CLEARINGHOUSE_URL is set']);
    }
    const x12Problems = x12ConfigProblems(config);
    if (x12Problems.length > 0) throw new ConfigError(x12Problems);
    if (Boolean(config.OIDC_ISSUER) !== Boolean(config.OIDC_AUDIENCE)) {
      throw new ConfigError(['OIDC_ISSUER and OIDC_AUDIENCE: set both for OIDC sign-in, or neither']);
    }
    if (config.OIDC_JWKS_URL && !config.OIDC_ISSUER) {
      throw new ConfigError(['OIDC_JWKS_URL: needs OIDC_ISSUER and OIDC_AUDIENCE']);
    }
    if (Boolean(config.TEMPORAL_TLS_CERT_PATH) !== Boolean(config.TEMPORAL_TLS_KEY_PATH)) {
      throw new ConfigError([
        'TEMPORAL_TLS_CERT_PATH and TEMPORAL_TLS_KEY_PATH: set both for mutual TLS, or neither',
      ]);
    }
    return config;
  }
  throw new ConfigError(
    result.error.issues.map((issue) => {
      const name = issue.path.join('.');
      const value = env[name];
      return `${name}: ${issue.message}${value === undefined ? '' : ` (got "${value}")`}`;
    }),
  );
}
