import { CircuitBreaker, CircuitOpenError } from './circuit-breaker';

describe('CircuitBreaker', () => {
  let now = 0;
  const breaker = () => new CircuitBreaker('the test server', { failures: 2, cooldownMs: 1000, now: () => now });
  const fail = (status?: number, retryAfter?: string) => async () => {
    throw Object.assign(new Error(`failed ${status ?? ''}`), { status, headers: retryAfter ? { 'retry-after': retryAfter } : undefined });
  };
  beforeEach(() => (now = 0));

  it('opens after consecutive failures, lets one call through after the cooldown, and closes on its success', async () => {
    const circuit = breaker();
    await expect(circuit.run(fail(500))).rejects.toThrow('failed 500');
    expect(circuit.state.state).toBe('closed');
    await expect(circuit.run(fail(500))).rejects.toThrow('failed 500');
    expect(circuit.state).toMatchObject({ state: 'open', lastError: 'failed 500' });
    await expect(circuit.run(async () => 'never called')).rejects.toBeInstanceOf(CircuitOpenError);
    now = 1000;
    expect(circuit.state.state).toBe('half-open');
    await expect(circuit.run(async () => 'ok')).resolves.toBe('ok');
    expect(circuit.state).toEqual({ state: 'closed', lastError: undefined });
    expect(circuit.lastSuccessAt).toBe(1000);
  });

  it('reopens at once when the trial call fails', async () => {
    const circuit = breaker();
    await circuit.run(fail()).catch(() => undefined);
    await circuit.run(fail()).catch(() => undefined);
    now = 1000;
    await expect(circuit.run(fail(503))).rejects.toThrow('failed 503');
    expect(circuit.state.state).toBe('open');
    expect(circuit.allows).toBe(false);
  });

  it('obeys a 429 Retry-After at the first failure', async () => {
    const circuit = breaker();
    await circuit.run(fail(429, '5')).catch(() => undefined);
    expect(circuit.state.state).toBe('open');
    now = 4999;
    expect(circuit.allows).toBe(false);
    now = 5000;
    expect(circuit.allows).toBe(true);
  });

  it('forgets failures after a success', async () => {
    const circuit = breaker();
    await circuit.run(fail()).catch(() => undefined);
    await circuit.run(async () => 'ok');
    await circuit.run(fail()).catch(() => undefined);
    expect(circuit.state.state).toBe('closed');
  });
});
