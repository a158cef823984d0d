import { addressBlock } from './sign-in-limiter';

describe('addressBlock', () => {
  it('counts IPv4 addresses one by one, IPv4-mapped IPv6 ones as IPv4', () => {
    expect(addressBlock('203.0.113.7')).toBe('203.0.113.7');
    expect(addressBlock('::ffff:203.0.113.7')).toBe('203.0.113.7');
  });

  it('counts IPv6 addresses by their /64, however they are written', () => {
    const block = '2001:db8:85a3:42::/64';
    for (const address of [
      '2001:db8:85a3:42::1',
      '2001:0db8:85a3:0042:ffff:ffff:ffff:ffff',
      '2001:DB8:85A3:42:1:2:3:4',
      '2001:db8:85a3:42::1%eth0',
    ]) {
      expect(addressBlock(address)).toBe(block);
    }
    expect(addressBlock('2001:db8:85a3:43::1')).not.toBe(block);
    expect(addressBlock('::1')).toBe('0:0:0:0::/64');
    expect(addressBlock('fe80::1')).toBe('fe80:0:0:0::/64');
    expect(addressBlock('64:ff9b::192.0.2.33')).toBe('64:ff9b:0:0::/64');
  });

  it('keeps anything else as it is', () => {
    expect(addressBlock('unknown')).toBe('unknown');
  });
});
