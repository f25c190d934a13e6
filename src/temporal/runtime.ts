import { DefaultLogger, type LogLevel, Runtime } from '@temporalio/worker';
import type { Logger } from '../logger';

/**
 * Routes the Temporal SDK's own logs (worker lifecycle, bundler, workflow and activity loggers) into the
 * process logger. The SDK is chatty at INFO (the bundler prints every webpack module), so it logs at
 * WARN unless the process logs at debug or trace.
 *
 * `handleSignals: false` leaves SIGINT/SIGTERM to the caller, which must then shut workers down itself
 * (`npm start` does, to stop the worker before the servers it depends on).
 */
export function installTemporalRuntime(logger: Logger, options: { handleSignals: boolean }): void {
  const verbose = logger.level === 'debug' || logger.level === 'trace';
  const level: LogLevel = verbose ? 'DEBUG' : 'WARN';
  Runtime.install({
    logger: new DefaultLogger(level, (entry) => {
      const method =
        entry.level === 'TRACE'
          ? 'trace'
          : (entry.level.toLowerCase() as 'debug' | 'info' | 'warn' | 'error');
      logger[method]({ ...entry.meta, component: 'temporal-sdk' }, entry.message);
    }),
    ...(options.handleSignals ? {} : { shutdownSignals: [] }),
  });
}
