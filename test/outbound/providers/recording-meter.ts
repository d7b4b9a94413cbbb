import type { CallMeter, ProviderCall } from '../../../src/outbound/providers/ports.ts';

/** A CallMeter that keeps what it was told, for assertions. */
export function recordingMeter(): CallMeter & { calls: ProviderCall[]; total(provider: string): { calls: number; units: number } } {
  const calls: ProviderCall[] = [];
  return {
    calls,
    record(call) {
      calls.push(call);
    },
    total(provider) {
      const mine = calls.filter((c) => c.provider === provider);
      return { calls: mine.length, units: Number(mine.reduce((sum, c) => sum + c.units, 0).toFixed(6)) };
    },
  };
}
