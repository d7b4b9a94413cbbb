import { describe, expect, it } from 'vitest';
import { overwrittenFields } from '../../../src/crm/contact-edits.ts';

const current = { firstName: 'Eda', lastName: null, position: 'Editor', seniority: null, linkedinUrl: null, twitterHandle: null, apolloPersonId: null };

describe('overwrittenFields', () => {
  it.each([
    ['filling an empty field', { lastName: 'Berg' }, []],
    ['the same value again', { firstName: 'Eda' }, []],
    ['replacing a name', { firstName: 'Idiot' }, ['firstName']],
    ['clearing a value', { position: null }, ['position']],
    ['both at once', { firstName: 'X', position: 'Owner', lastName: 'Y' }, ['firstName', 'position']],
  ] as const)('%s', (_name, patch, expected) => {
    expect(overwrittenFields(current, patch)).toEqual(expected);
  });
});
