/**
 * The baseline's only activity: no I/O, no work, a constant answer. Whatever it costs is the price of
 * an activity round trip through Temporal and the worker, which is the floor under Tickler's status check.
 */
export function createBareActivities() {
  return {
    bareNoop(): Promise<string> {
      return Promise.resolve('ok');
    },
  };
}

export type BareActivities = ReturnType<typeof createBareActivities>;
