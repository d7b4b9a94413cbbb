import { describe, expect, it } from 'vitest';
import { domainOfEmail, normalizeDomain } from '../../../src/crm/normalize-domain.ts';

describe('normalizeDomain', () => {
  it.each([
    ['example.com', 'example.com'],
    ['Example.COM', 'example.com'],
    ['https://www.example.com/blog/post?x=1#y', 'example.com'],
    ['http://WWW.blog.example.co.uk:8080/', 'blog.example.co.uk'],
    ['www.www.example.com', 'example.com'],
    ['  example.com.  ', 'example.com'],
    ['user@example.org', 'example.org'],
    ['bücher.de', 'bücher.de'],
    ['xn--bcher-kva.de', 'xn--bcher-kva.de'],
    ['localhost', null],
    ['', null],
    ['not a domain', null],
    ['-bad-.com', null],
    ["example.com'; drop table accounts;--", null],
  ])('%j → %j', (input, expected) => expect(normalizeDomain(input)).toBe(expected));

  it('takes the domain of an address', () => {
    expect(domainOfEmail('Jane@Blog.Example.com')).toBe('blog.example.com');
    expect(domainOfEmail('nobody')).toBeNull();
  });
});
