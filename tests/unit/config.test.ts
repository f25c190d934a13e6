import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';
import { configuredLimits } from '../../src/payers/protection';
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

  it('wraps real-time X12 in the CAQH CORE envelope when asked, and refuses the envelope without a URL', () => {
    const ids = {
      X12_SENDER_ID: 'TICKLER',
      X12_RECEIVER_ID: 'CLEARINGHOUSE',
      X12_SUBMITTER_NAME: 'NORTHSIDE BILLING',
      X12_SUBMITTER_ETIN: 'ETIN001',
    };
    const config = loadConfig({
      ...ids,
      X12_CLEARINGHOUSE_URL: 'https://clearinghouse.example/core',
      X12_CLEARINGHOUSE_ENVELOPE: 'caqh-core',
      X12_CORE_USERNAME: 'tickler',
      X12_CORE_PASSWORD: 'secret',
    });
    expect(payerChannelsFromConfig(config).x12?.transport).toEqual({
      url: 'https://clearinghouse.example/core',
      core: { username: 'tickler', password: 'secret' },
    });
    expect(() =>
      loadConfig({ ...ids, X12_DROP_FOLDER: '/srv/x12', X12_CLEARINGHOUSE_ENVELOPE: 'caqh-core' }),
    ).toThrow(/X12_CLEARINGHOUSE_ENVELOPE/);
    expect(() => loadConfig({ X12_CLEARINGHOUSE_ENVELOPE: 'soap' })).toThrow(/X12_CLEARINGHOUSE_ENVELOPE/);
  });

  it('reads PAYER_LIMITS by channel and by payer/channel, the payer/channel settings winning, and names the variable when it is wrong', () => {
    const config = loadConfig({
      PAYER_LIMITS: JSON.stringify({
        x12: { ratePerSecond: 5, maxConcurrent: 4, failureThreshold: 8 },
        'sim-uhc/x12': { maxConcurrent: 1, coolDownMs: 60_000 },
      }),
    });
    const limits = payerChannelsFromConfig(config).limits ?? {};
    expect(configuredLimits(limits, 'sim-uhc', 'x12')).toEqual({
      budget: { maxConcurrent: 1, ratePerSecond: 5 },
      breaker: { failureThreshold: 8, coolDownMs: 60_000 },
    });
    expect(configuredLimits(limits, 'sim-aetna', 'x12')).toEqual({
      budget: { maxConcurrent: 4, ratePerSecond: 5 },
      breaker: { failureThreshold: 8 },
    });
    expect(configuredLimits(limits, 'sim-aetna', 'rest')).toBeUndefined();
    expect(loadConfig({}).PAYER_LIMITS).toEqual({});

    expect(() => loadConfig({ PAYER_LIMITS: '{x12:' })).toThrow(/PAYER_LIMITS: must be JSON/);
    expect(() => loadConfig({ PAYER_LIMITS: '{"x12":{"ratePerSecond":0}}' })).toThrow(
      /PAYER_LIMITS\.x12\.ratePerSecond/,
    );
    expect(() => loadConfig({ PAYER_LIMITS: '{"x12":{"speed":9}}' })).toThrow(/PAYER_LIMITS/);
  });
});
