import { readFile } from 'node:fs/promises';
import { Client, Connection, type TLSConfig } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import type { Config } from '../config';

/** Where Temporal is: the configured cluster, or the dev server `npm start` runs on its default port. */
export function temporalAddress(config: Config): string {
  return config.TEMPORAL_ADDRESS ?? `127.0.0.1:${config.TEMPORAL_DEV_SERVER_PORT}`;
}

interface TemporalConnectionOptions {
  address: string;
  tls?: TLSConfig | boolean;
  apiKey?: string;
}

async function connectionOptions(config: Config): Promise<TemporalConnectionOptions> {
  const options: TemporalConnectionOptions = { address: temporalAddress(config) };
  if (config.TEMPORAL_TLS_CERT_PATH && config.TEMPORAL_TLS_KEY_PATH) {
    options.tls = {
      clientCertPair: {
        crt: await readFile(config.TEMPORAL_TLS_CERT_PATH),
        key: await readFile(config.TEMPORAL_TLS_KEY_PATH),
      },
    };
  } else if (config.TEMPORAL_TLS || config.TEMPORAL_API_KEY) {
    options.tls = true;
  }
  if (config.TEMPORAL_API_KEY) options.apiKey = config.TEMPORAL_API_KEY;
  return options;
}

export async function connectClient(config: Config): Promise<Client> {
  const connection = await Connection.connect(await connectionOptions(config));
  return new Client({ connection, namespace: config.TEMPORAL_NAMESPACE });
}

export async function connectWorkerConnection(config: Config): Promise<NativeConnection> {
  return NativeConnection.connect(await connectionOptions(config));
}
