import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { payerChannelsFromConfig } from '../../src/temporal/claim-worker';

describe('configuration', () => {
  it('uses the embedded defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config.TEMPORAL_ADDRESS).toBeUndefined();
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config).toMatchObject({
      API_PORT: 3000,
      TEMPORAL_UI_PORT: 8233,
      TEMPORAL_NAMESPACE: 'default',
      DATA_DIR: '.data',
    });
  });

  it('treats an empty variable as unset', () => {
    const config = loadConfig({ TEMPORAL_ADDRESS: '', DATABASE_URL: ' ' });
    expect(config.TEMPORAL_ADDRESS).toBeUndefined();
    expect(config.DATABASE_URL).toBeUndefined();
  });

  it('stops with a message naming each variable at fault and its value', () => {
    let error: unknown;
    try {
      loadConfig({ API_PORT: 'eighty', LOG_LEVEL: 'loud' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as ConfigError).message;
    expect(message).toContain('API_PORT');
    expect(message).toContain('"eighty"');
    expect(message).toContain('LOG_LEVEL');
    expect((error as ConfigError).problems).toHaveLength(2);
  });

  it('refuses half a mutual-TLS pair', () => {
    expect(() => loadConfig({ TEMPORAL_TLS_CERT_PATH: '/etc/tickler/client.pem' })).toThrow(
      /TEMPORAL_TLS_KEY_PATH/,
    );
  });

  it('asks for the X12 trading-partner ids once an X12 transport is set, naming each missing one, and for one transport only', () => {
    expect(loadConfig({}).X12_CLEARINGHOUSE_URL).toBeUndefined();
    let error: unknown;
    try {
      loadConfig({ X12_CLEARINGHOUSE_URL: 'https://clearinghouse.example/276', X12_SENDER_ID: 'TICKLER' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    expect((error as ConfigError).problems.map((problem) => problem.split(':')[0])).toEqual([
      'X12_RECEIVER_ID',
      'X12_SUBMITTER_NAME',
      'X12_SUBMITTER_ETIN',
    ]);
    expect(() =>
      loadConfig({ X12_CLEARINGHOUSE_URL: 'https://clearinghouse.example/276', X12_DROP_FOLDER: '/srv/x12' }),
    ).toThrow(/set one of them, not both/);
    expect(() => loadConfig({ X12_SENDER_ID: 'A-SENDER-ID-LONGER-THAN-ISA06' })).toThrow(/X12_SENDER_ID/);
  });

  it('builds the X12 channel settings from the configuration, defaulting GS codes to the ISA ids', () => {
    const config = loadConfig({
      X12_DROP_FOLDER: '/srv/tickler/x12',
      X12_SENDER_ID: 'TICKLER',
      X12_RECEIVER_ID: 'CLEARINGHOUSE',
      X12_SUBMITTER_NAME: 'NORTHSIDE BILLING',
      X12_SUBMITTER_ETIN: 'ETIN001',
    });
    expect(payerChannelsFromConfig(config).x12).toEqual({
      transport: { folder: '/srv/tickler/x12' },
      envelope: {
        sender: { qualifier: 'ZZ', id: 'TICKLER' },
        receiver: { qualifier: 'ZZ', id: 'CLEARINGHOUSE' },
        applicationSenderCode: 'TICKLER',
        applicationReceiverCode: 'CLEARINGHOUSE',
        usage: 'P',
        informationReceiver: { name: 'NORTHSIDE BILLING', etin: 'ETIN001' },
      },
    });
    expect(payerChannelsFromConfig(loadConfig({})).x12).toBeUndefined();
  });
});
