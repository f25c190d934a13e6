import type { Config } from '../config';

/** A failure the command line reports with its own exit code. */
export class CliError extends Error {
  constructor(
    message: string,
    readonly exitCode: number,
  ) {
    super(message);
    this.name = 'CliError';
  }
}

/** The API the command line talks to: `--api`, else API_HOST:API_PORT. */
export function apiBaseUrl(config: Config, api: string | undefined): string {
  return (api ?? `http://${config.API_HOST}:${config.API_PORT}`).replace(/\/+$/, '');
}

export interface ApiAnswer<T> {
  status: number;
  body: (T & { error?: string; message?: string }) | undefined;
}

/**
 * One request to the API with the credential in TICKLER_API_KEY (`npm start` prints it and keeps it in
 * DATA_DIR/admin-api-key). Unreachable APIs and refused credentials become errors that say what to do.
 */
export async function callApi<T>(
  config: Config,
  request: {
    api: string | undefined;
    method: string;
    path: string;
    body?: string | Buffer;
    contentType?: string;
  },
): Promise<ApiAnswer<T>> {
  const base = apiBaseUrl(config, request.api);
  if (!config.TICKLER_API_KEY) {
    throw new CliError(
      `TICKLER_API_KEY is not set: the API at ${base} needs a key (npm start keeps one in DATA_DIR/admin-api-key)`,
      1,
    );
  }
  let response: Response;
  try {
    response = await fetch(`${base}${request.path}`, {
      method: request.method,
      headers: {
        authorization: `Bearer ${config.TICKLER_API_KEY}`,
        ...(request.contentType ? { 'content-type': request.contentType } : {}),
      },
      ...(request.body !== undefined ? { body: request.body } : {}),
    });
  } catch (error) {
    throw new CliError(`cannot reach the API at ${base}: ${(error as Error).message}`, 1);
  }
  const body = (await response.json().catch(() => undefined)) as ApiAnswer<T>['body'];
  if (response.status === 401 || response.status === 403) {
    throw new CliError(`the API refused TICKLER_API_KEY: ${body?.message ?? `HTTP ${response.status}`}`, 1);
  }
  return { status: response.status, body };
}
