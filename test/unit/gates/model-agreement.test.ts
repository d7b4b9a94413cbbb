import { describe } from 'vitest';
import { modelAgreement } from '../../../src/gates/gates/model-agreement.ts';
import { gateTable } from './gate-table.ts';

const model = { name: 'claude-test', promptVersion: 'v1', available: true, intent: 'INTERESTED' as const, confidence: 0.93 };

describe('model-agreement', () => {
  gateTable('model-agreement', modelAgreement, [
    ['rule-based by configuration passes', { classification: { model: null } }, true, /rule-based/],
    ['no model answer passes here (model-unavailable trips)', { classification: { model: { name: 'claude-test', promptVersion: 'v1', available: false }, agreement: { kind: 'model-unavailable', autoReply: false, reason: 'model unavailable' } } }, true, /model-unavailable/],
    ['a classification stored before the rule passes', { classification: { model } }, true, /before the agreement rule/],
    ['agreement passes', { classification: { model, rules: { intent: 'INTERESTED', confidence: 0.9 }, agreement: { kind: 'agree', autoReply: true, reason: 'rules and model agree on INTERESTED' } } }, true, /agree on INTERESTED/],
    ['a sure widening passes', { classification: { model, rules: { intent: 'OTHER', confidence: 0.5 }, agreement: { kind: 'widened', autoReply: true, reason: 'rules unsure (OTHER 0.5), model confident INTERESTED 0.93' } } }, true, /rules unsure/],
    ['a disagreement trips with its reason', { classification: { model, rules: { intent: 'QUESTION', confidence: 0.9 }, agreement: { kind: 'disagree', autoReply: false, reason: 'disagree: QUESTION vs INTERESTED → a human' } } }, false, /^disagree: QUESTION vs INTERESTED → a human$/],
    ['a stop from either side trips', { classification: { model: { ...model, intent: 'UNSUBSCRIBE' }, agreement: { kind: 'do-not-contact', autoReply: false, reason: 'model says UNSUBSCRIBE: do not contact' } } }, false, /do not contact/],
  ]);
});
