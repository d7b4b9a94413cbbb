import { describe, expect, it } from 'vitest';
import { chooseContact, rankContacts, scoreContact } from '../../../src/outbound/choose-contact.ts';
import type { PersonCandidate } from '../../../src/outbound/providers/ports.ts';

const person = (id: string, title: string | null, seniority: string | null = null, firstName: string | null = 'Sam'): PersonCandidate => ({
  providerPersonId: id,
  firstName,
  lastName: 'Lee',
  title,
  seniority,
  linkedinUrl: null,
});

describe('scoreContact tiers', () => {
  it.each([
    ['Editor-in-Chief', 100],
    ['Managing Editor', 100],
    ['Editorial Assistant', 100],
    ['Head of Content', 90],
    ['SEO Manager', 90],
    ['Content Sales Manager', 90],
    ['Blog Manager', 80],
    ['Webmaster', 80],
    ['Marketing Manager', 70],
    ['CMO', 70],
    ['Co-Founder', 60],
    ['Owner', 60],
    ['CEO', 60],
    ['PR Manager', 50],
    ['Head of Partnerships', 50],
    ['Staff Writer', 40],
    ['Chief Happiness Officer', 30],
    [null, 30],
    ['Account Executive', 10],
    ['Sales & Marketing Director', 10],
    ['Software Engineer', 10],
    ['Head of IT', 10],
    ['Recruiter', 10],
  ] as const)('%s → %i', (title, score) => {
    expect(scoreContact(person('p', title)).score).toBe(score);
  });

  it.each([
    ['manager', 8],
    ['director', 8],
    ['vp', 6],
    ['c_suite', 4],
    ['senior', 3],
    ['entry', 0],
    ['intern', -5],
    ['unknown-value', 0],
  ])('seniority %s adds %i', (seniority, bonus) => {
    expect(scoreContact(person('p', 'Editor', seniority)).score).toBe(100 + bonus);
  });

  it('no first name costs 2', () => {
    expect(scoreContact(person('p', 'Editor', null, null)).score).toBe(98);
  });
});

describe('chooseContact', () => {
  it('picks the editor over the founder, sales and engineering, and says why', () => {
    const choice = chooseContact([
      person('sales', 'VP Sales', 'vp'),
      person('founder', 'Founder', 'founder'),
      person('editor', 'Managing Editor', 'manager'),
      person('dev', 'Lead Developer', 'senior'),
      person('mkt', 'Marketing Manager', 'manager'),
    ]);
    expect(choice?.chosen.providerPersonId).toBe('editor');
    expect(choice?.ranked.map((r) => r.candidate.providerPersonId)).toEqual(['editor', 'mkt', 'founder', 'sales', 'dev']);
    expect(choice?.reason).toMatch(/^Chose Sam Lee \(Managing Editor, manager\): an editorial role/);
    expect(choice?.reason).toContain('5 people considered');
    expect(choice?.reason).toContain('and 1 more');
  });

  it('keeps the search order on ties', () => {
    expect(rankContacts([person('first', 'Editor'), person('second', 'Editor')]).map((r) => r.candidate.providerPersonId)).toEqual(['first', 'second']);
  });

  it('returns null when nobody was found, and says so for a single person', () => {
    expect(chooseContact([])).toBeNull();
    expect(chooseContact([person('only', 'Owner')])?.reason).toContain('the only person found');
  });
});
