import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '../../src/config';

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
});
