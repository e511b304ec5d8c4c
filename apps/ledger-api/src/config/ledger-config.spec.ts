import { ConfigError, loadConfig } from './ledger-config';

describe('loadConfig', () => {
  it('applies the documented defaults', () => {
    const config = loadConfig({});
    expect(config.port).toBe(3000);
    expect(config.eventStore).toBe('sqlite');
    expect(config.policy).toEqual({
      retentionYears: 2,
      resellerTerminationDays: 30,
      specialMeasureMinNoticeDays: 180,
      specialMeasureDurationDays: 365,
    });
  });

  it('names every bad variable at once', () => {
    let caught: unknown;
    try {
      loadConfig({ PORT: 'abc', LEDGER_EVENT_STORE: 'mongo' });
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ConfigError);
    const message = (caught as ConfigError).message;
    expect(message).toContain('PORT="abc"');
    expect(message).toContain('LEDGER_EVENT_STORE="mongo" must be one of sqlite, esdb');
  });

  it('requires a connection string for EventStoreDB', () => {
    expect(() => loadConfig({ LEDGER_EVENT_STORE: 'esdb' })).toThrow(/EVENTSTORE_CONNECTION_STRING is required/);
  });
});
