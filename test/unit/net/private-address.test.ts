import { describe, expect, it } from 'vitest';
import { isPrivateAddress } from '../../../src/net/private-address.ts';

describe('isPrivateAddress', () => {
  const cases: Array<[string, boolean]> = [
    ['127.0.0.1', true],
    ['127.255.1.2', true],
    ['10.1.2.3', true],
    ['172.16.0.1', true],
    ['172.31.255.255', true],
    ['172.32.0.1', false],
    ['192.168.1.1', true],
    ['169.254.169.254', true],
    ['100.64.0.1', true],
    ['0.0.0.0', true],
    ['224.0.0.1', true],
    ['255.255.255.255', true],
    ['8.8.8.8', false],
    ['93.184.216.34', false],
    ['::1', true],
    ['[::1]', true],
    ['::', true],
    ['fe80::1%eth0', true],
    ['fd12:3456::1', true],
    ['fc00::1', true],
    ['ff02::1', true],
    ['::ffff:127.0.0.1', true],
    ['::ffff:7f00:1', true],
    ['::ffff:10.0.0.1', true],
    ['::ffff:8.8.8.8', false],
    ['::127.0.0.1', true],
    ['64:ff9b::a9fe:a9fe', true],
    ['64:ff9b::808:808', false],
    ['2002:c0a8:0101::1', true],
    ['2002:0808:0808::1', false],
    ['2606:4700:4700::1111', false],
    ['2001:db8::1', false],
    ['not an address', true],
  ];
  it.each(cases)('%s → %s', (address, refused) => {
    expect(isPrivateAddress(address)).toBe(refused);
  });
});
