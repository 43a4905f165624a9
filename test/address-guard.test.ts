import { describe, expect, it } from 'vitest';
import { AddressGuard, parseCidr } from '../src/http/address-guard.ts';

const strict = new AddressGuard([]);

describe('AddressGuard', () => {
  it.each([
    '127.0.0.1',
    '127.255.0.9',
    '10.0.0.1',
    '172.16.5.4',
    '172.31.255.255',
    '192.168.1.1',
    '169.254.169.254',
    '100.64.0.1',
    '0.0.0.0',
    '224.0.0.1',
    '255.255.255.255',
    '::',
    '::1',
    'fe80::1',
    'fc00::1',
    'fd00:ec2::254',
    '::ffff:127.0.0.1',
    '::ffff:7f00:1',
    '::ffff:10.0.0.1',
    '::ffff:169.254.169.254',
    '64:ff9b::a00:1',
    '2002:7f00:1::',
    '[::1]',
    'fe80::1%eth0',
  ])('refuses %s', (address) => {
    expect(strict.check(address)).toMatch(/private, loopback, link-local or reserved/);
  });

  it.each(['93.184.216.34', '8.8.8.8', '172.32.0.1', '2606:4700:4700::1111', '::ffff:93.184.216.34'])('allows %s', (address) => {
    expect(strict.check(address)).toBeNull();
  });

  it('lets an allowlist open exactly the ranges it names', () => {
    const guard = new AddressGuard(['127.0.0.0/8', '::1', '10.1.0.0/16'].map(parseCidr));
    expect(guard.check('127.0.0.1')).toBeNull();
    expect(guard.check('::1')).toBeNull();
    expect(guard.check('::ffff:127.0.0.1')).toBeNull();
    expect(guard.check('10.1.2.3')).toBeNull();
    expect(guard.check('10.2.0.1')).not.toBeNull();
    expect(guard.check('169.254.169.254')).not.toBeNull();
  });

  it('judges URLs by their literal host or localhost name', () => {
    expect(strict.checkUrlHost('http://[::ffff:a00:1]/x')).not.toBeNull();
    expect(strict.checkUrlHost('http://LOCALHOST:80/')).not.toBeNull();
    expect(strict.checkUrlHost('http://api.localhost/')).not.toBeNull();
    expect(strict.checkUrlHost('http://2130706433/')).not.toBeNull(); // WHATWG URL turns it into 127.0.0.1
    expect(strict.checkUrlHost('https://example.com/')).toBeNull();
  });

  it.each(['nope', '10.0.0.0/33', '::1/129', '1.2.3.4/x', '1.2.3.4/8/9'])('parseCidr rejects %s', (text) => {
    expect(() => parseCidr(text)).toThrow();
  });
});
