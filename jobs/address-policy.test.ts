import { describe, expect, it } from 'vitest';
import { isPublicAddress } from './address-policy.ts';

describe('isPublicAddress', () => {
  it('refuses loopback, private, CGNAT, link-local, metadata, multicast and reserved IPv4', () => {
    const refused = [
      '127.0.0.1',
      '127.255.255.254',
      '0.0.0.0',
      '10.0.0.1',
      '10.255.255.255',
      '172.16.0.1',
      '172.31.255.255',
      '192.168.1.1',
      '100.64.0.1',
      '100.100.100.200',
      '169.254.169.254',
      '169.254.0.1',
      '224.0.0.1',
      '239.255.255.250',
      '255.255.255.255',
      '240.0.0.1',
      '192.0.2.10',
      '198.18.0.1',
    ];
    expect(refused.filter(isPublicAddress)).toEqual([]);
  });

  it('refuses IPv6 loopback, ULA, link-local, multicast, unspecified, documentation and Teredo', () => {
    const refused = [
      '::1',
      '::',
      'fc00::1',
      'fd12:3456:789a::1',
      'fd00:ec2::254',
      'fe80::1',
      'fe80::1%eth0',
      'ff02::1',
      'ff05::1:3',
      '2001:db8::1',
      '2001:0:4136:e378::1',
      '::127.0.0.1',
    ];
    expect(refused.filter(isPublicAddress)).toEqual([]);
  });

  it('judges IPv4 carried in IPv6 (mapped, NAT64, 6to4) by the IPv4 address', () => {
    expect(
      ['::ffff:127.0.0.1', '::ffff:7f00:1', '::ffff:10.0.0.1', '64:ff9b::a9fe:a9fe', '2002:7f00:1::1'].filter(
        isPublicAddress,
      ),
    ).toEqual([]);
    expect(['::ffff:93.184.216.34', '64:ff9b::5db8:d822', '2002:5db8:d822::1'].every(isPublicAddress)).toBe(
      true,
    );
  });

  it('allows public unicast addresses', () => {
    expect(
      [
        '93.184.216.34',
        '8.8.8.8',
        '172.32.0.1',
        '100.128.0.1',
        '2606:4700::6810:84e5',
        '2a00:1450:4009:81f::200e',
      ].every(isPublicAddress),
    ).toBe(true);
    expect(isPublicAddress('not an address')).toBe(false);
  });
});
