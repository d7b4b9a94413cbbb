import { expect, it } from 'vitest';
import type { Gate } from '../../../src/gates/types.ts';
import { makeGateInput, type InputOverrides } from './fixtures.ts';

export type GateCase = [name: string, overrides: InputOverrides, passed: boolean, reason: RegExp];

/** Runs a table of cases against one gate: passed/tripped, the gate's name and the reason text. */
export function gateTable(gateName: string, gate: Gate, cases: GateCase[]): void {
  it.each(cases)('%s', (_name, overrides, passed, reason) => {
    const result = gate(makeGateInput(overrides));
    expect(result.gate).toBe(gateName);
    expect(result.passed).toBe(passed);
    expect(result.reason).toMatch(reason);
    expect(result.inputs).toBeDefined();
  });
}
