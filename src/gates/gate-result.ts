import type { GateResult } from './types.ts';

export const pass = (gate: string, reason: string, inputs?: Record<string, unknown>): GateResult =>
  inputs === undefined ? { gate, passed: true, reason } : { gate, passed: true, reason, inputs };

export const trip = (gate: string, reason: string, inputs?: Record<string, unknown>): GateResult =>
  inputs === undefined ? { gate, passed: false, reason } : { gate, passed: false, reason, inputs };

/** A gate that throws (malformed input) trips instead of taking the engine down: fail closed. */
export function runGate<T>(name: string, gate: (input: T) => GateResult, input: T): GateResult {
  try {
    return gate(input);
  } catch (err) {
    return trip(name, `gate could not be evaluated: ${err instanceof Error ? err.message : String(err)}`);
  }
}
