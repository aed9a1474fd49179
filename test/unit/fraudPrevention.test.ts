import { describe, expect, it } from 'vitest';
import {
  connectionMethods,
  type ConnectionMethod,
  type FraudPreventionHeader,
  type FraudPreventionHeaderInput,
  type FraudPreventionVerdict,
  fraudPreventionHeaders,
  requiredHeaders,
  validateFraudPreventionHeaders,
} from '../../domain/fraudPrevention';

// Values from the spec's examples (§4.5). The request is made just after the latest multi-factor prompt of its example.
const now = new Date('2021-11-22T14:00:00.000Z');

const webAppViaServer: Record<string, string> = {
  'Gov-Client-Connection-Method': 'WEB_APP_VIA_SERVER',
  'Gov-Client-Browser-JS-User-Agent': 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36',
  'Gov-Client-Device-ID': 'beec798b-b366-47fa-b1f8-92cede14a1ce',
  'Gov-Client-Multi-Factor': 'type=AUTH_CODE&timestamp=2021-11-21T13%3A23Z&unique-reference=fc4b5fd6816f75a7c81fc8eaa9499d6a299bd803397166e8c4cf9280b801d62c',
  'Gov-Client-Public-IP': '198.51.100.0',
  'Gov-Client-Public-IP-Timestamp': '2021-11-22T13:59:58.123Z',
  'Gov-Client-Public-Port': '12345',
  'Gov-Client-Screens': 'width=1920&height=1080&scaling-factor=1&colour-depth=16,width=3000&height=2000&scaling-factor=1.25&colour-depth=16',
  'Gov-Client-Timezone': 'UTC+00:00',
  'Gov-Client-User-IDs': 'my-application=alice123',
  'Gov-Client-Window-Size': 'width=1256&height=803',
  'Gov-Vendor-Forwarded': 'by=203.0.113.6&for=198.51.100.0',
  'Gov-Vendor-License-IDs': 'my%20licensed%20software=8D7963490527D33716835EE7C195516D5E562E03B224E9B359836466EE40CDE1',
  'Gov-Vendor-Product-Name': 'Product%20Name',
  'Gov-Vendor-Public-IP': '203.0.113.6',
  'Gov-Vendor-Version': 'my-frontend-app=2.2.2&my-serverside-code=v3.8',
};

const batchProcessDirect: Record<string, string> = {
  'Gov-Client-Connection-Method': 'BATCH_PROCESS_DIRECT',
  'Gov-Client-Device-ID': 'beec798b-b366-47fa-b1f8-92cede14a1ce',
  'Gov-Client-Local-IPs': 'fc00%3A%3A,10.1.2.3',
  'Gov-Client-Local-IPs-Timestamp': '2021-11-22T13:59:59.001Z',
  'Gov-Client-MAC-Addresses': 'ea%3A43%3A1a%3A5d%3A21%3A45,10%3A12%3Acc%3Afa%3Aaa%3A32',
  'Gov-Client-Timezone': 'UTC+00:00',
  'Gov-Client-User-Agent': 'os-family=Windows&os-version=Server%202012&device-manufacturer=Dell%20Inc.&device-model=OptiPlex%20980',
  'Gov-Client-User-IDs': 'os=user123',
  'Gov-Vendor-License-IDs': 'my-licensed-software=8D7963490527D33716835EE7C195516D5E562E03B224E9B359836466EE40CDE1',
  'Gov-Vendor-Product-Name': 'Product%20Name',
  'Gov-Vendor-Version': 'my-application=1.6.0',
};

// Every header with a value good for any method, to build each method's set from the table.
const anyMethod: Record<FraudPreventionHeader, string> = {
  ...(webAppViaServer as Record<FraudPreventionHeader, string>),
  ...(batchProcessDirect as Record<FraudPreventionHeader, string>),
  'Gov-Client-User-IDs': 'my-application=alice123',
  'Gov-Client-User-Agent': 'os-family=Windows&os-version=10&device-manufacturer=Dell&device-model=XPS13',
  'Gov-Vendor-Version': 'my-desktop-app=2.2.2&my-serverside-code=v3.8',
};

function setFor(method: ConnectionMethod): Record<string, string> {
  return Object.fromEntries(requiredHeaders[method].map((header) => [header, header === 'Gov-Client-Connection-Method' ? method : anyMethod[header]]));
}

function validate(headers: FraudPreventionHeaderInput): FraudPreventionVerdict {
  return validateFraudPreventionHeaders(headers, { now });
}

function without(headers: Record<string, string>, ...names: string[]): Record<string, string> {
  return Object.fromEntries(Object.entries(headers).filter(([name]) => !names.includes(name)));
}

/** The problems as [code, headers] pairs: what the tests pin down, leaving the wording free. */
const codes = (problems: FraudPreventionVerdict['errors' | 'warnings']) => problems.map(({ code, headers }) => [code, headers]);

describe('the header table', () => {
  it('lists the eight connection methods of spec 3.3', () => {
    expect(connectionMethods).toEqual([
      'WEB_APP_VIA_SERVER',
      'DESKTOP_APP_DIRECT',
      'DESKTOP_APP_VIA_SERVER',
      'MOBILE_APP_DIRECT',
      'MOBILE_APP_VIA_SERVER',
      'BATCH_PROCESS_DIRECT',
      'OTHER_DIRECT',
      'OTHER_VIA_SERVER',
    ]);
    expect(fraudPreventionHeaders).toHaveLength(20);
  });

  it('gives each method the headers of the spec table', () => {
    expect(requiredHeaders.WEB_APP_VIA_SERVER).toEqual(Object.keys(webAppViaServer));
    expect(requiredHeaders.BATCH_PROCESS_DIRECT).toEqual(Object.keys(batchProcessDirect));
    expect(requiredHeaders.MOBILE_APP_DIRECT).not.toContain('Gov-Client-MAC-Addresses');
    expect(requiredHeaders.DESKTOP_APP_DIRECT).not.toContain('Gov-Vendor-Forwarded');
    expect(requiredHeaders.OTHER_VIA_SERVER).toContain('Gov-Vendor-Forwarded');
    expect(requiredHeaders.OTHER_VIA_SERVER).not.toContain('Gov-Client-Screens');
    for (const method of connectionMethods) {
      for (const header of ['Gov-Client-Connection-Method', 'Gov-Client-Device-ID', 'Gov-Client-Timezone', 'Gov-Client-User-IDs', 'Gov-Vendor-License-IDs', 'Gov-Vendor-Product-Name', 'Gov-Vendor-Version'] as const) {
        expect(requiredHeaders[method], `${method} ${header}`).toContain(header);
      }
    }
    expect(Object.isFrozen(requiredHeaders.WEB_APP_VIA_SERVER)).toBe(true);
  });
});

describe('complete sets', () => {
  it('accepts the spec examples for WEB_APP_VIA_SERVER', () => {
    expect(validate(webAppViaServer)).toEqual({ specVersion: '3.3', code: 'VALID_HEADERS', message: 'All headers appear to be valid', errors: [], warnings: [] });
  });

  it('accepts the spec examples for BATCH_PROCESS_DIRECT', () => {
    expect(validate(batchProcessDirect)).toMatchObject({ code: 'VALID_HEADERS', errors: [], warnings: [] });
  });

  it.each(connectionMethods)('accepts exactly the required headers of %s', (method) => {
    expect(validate(setFor(method))).toMatchObject({ code: 'VALID_HEADERS', errors: [], warnings: [] });
  });

  it('checks formats without a clock, and timestamps against one when given', () => {
    expect(validateFraudPreventionHeaders(webAppViaServer).code).toBe('VALID_HEADERS');
  });
});

describe('missing headers', () => {
  const cases = (['WEB_APP_VIA_SERVER', 'BATCH_PROCESS_DIRECT', 'DESKTOP_APP_VIA_SERVER', 'MOBILE_APP_DIRECT'] as const).flatMap((method) =>
    requiredHeaders[method].filter((header) => header !== 'Gov-Client-Connection-Method').map((header) => [method, header] as const),
  );

  it.each(cases)('%s without %s is MISSING_HEADER', (method, header) => {
    const verdict = validate(without(setFor(method), header));
    expect(verdict.code).toBe('INVALID_HEADERS');
    expect(codes(verdict.errors)).toEqual([['MISSING_HEADER', [header.toLowerCase()]]]);
    expect(verdict.errors[0]!.message).toContain(header);
    expect(verdict.errors[0]!.message).toContain(method);
    expect(verdict.warnings).toEqual([]);
  });

  it('reports every missing header', () => {
    const verdict = validate({ 'Gov-Client-Connection-Method': 'BATCH_PROCESS_DIRECT' });
    expect(verdict.errors.map((e) => e.code)).toEqual(Array(10).fill('MISSING_HEADER'));
    expect(verdict.errors.flatMap((e) => e.headers)).toEqual(requiredHeaders.BATCH_PROCESS_DIRECT.slice(1).map((h) => h.toLowerCase()));
  });
});

describe('the connection method', () => {
  it.each([
    ['missing', undefined, /missing/],
    ['empty', '', /empty/],
    ['lower case', 'web_app_via_server', /upper case.*WEB_APP_VIA_SERVER/],
    ['unknown', 'WEB_APP_DIRECT', /not a connection method/],
    ['a placeholder', 'null', /not a connection method/],
  ])('refuses a %s method with INVALID_CONNECTION_METHOD', (_case, method, message) => {
    const verdict = validate({ ...webAppViaServer, 'Gov-Client-Connection-Method': method });
    expect(codes(verdict.errors)).toEqual([['INVALID_CONNECTION_METHOD', ['gov-client-connection-method']]]);
    expect(verdict.errors[0]!.message).toMatch(message);
  });

  it('still checks the formats of the headers sent when the method is unknown', () => {
    const verdict = validate({ ...webAppViaServer, 'Gov-Client-Connection-Method': 'TELEPATHY', 'Gov-Client-Device-ID': 'my-device' });
    expect(codes(verdict.errors)).toEqual([
      ['INVALID_CONNECTION_METHOD', ['gov-client-connection-method']],
      ['INVALID_HEADER', ['gov-client-device-id']],
    ]);
  });
});

// [header, value, code, message] for WEB_APP_VIA_SERVER unless the header belongs to BATCH_PROCESS_DIRECT only.
type Case = readonly [FraudPreventionHeader, string, string, RegExp];
const batchOnly = new Set<string>(Object.keys(batchProcessDirect).filter((h) => !(h in webAppViaServer)));
const baseFor = (header: string) => (batchOnly.has(header) ? batchProcessDirect : webAppViaServer);

const malformed: Case[] = [
  ['Gov-Client-Device-ID', 'my-laptop', 'INVALID_HEADER', /UUID/],
  ['Gov-Client-Device-ID', 'beec798bb36647fab1f892cede14a1ce', 'INVALID_HEADER', /UUID/],
  ['Gov-Client-Device-ID', '{beec798b-b366-47fa-b1f8-92cede14a1ce}', 'INVALID_HEADER', /UUID/],
  ['Gov-Client-Timezone', 'GMT', 'INVALID_HEADER', /UTC±hh:mm/],
  ['Gov-Client-Timezone', 'UTC+1:00', 'INVALID_HEADER', /UTC±hh:mm/],
  ['Gov-Client-Timezone', 'UTC 01:00', 'INVALID_HEADER', /UTC±hh:mm/],
  ['Gov-Client-Timezone', 'UTC+01:60', 'INVALID_HEADER', /UTC±hh:mm/],
  ['Gov-Client-Timezone', 'Europe/London', 'INVALID_HEADER', /UTC±hh:mm/],
  ['Gov-Client-Timezone', 'UTC+15:00', 'INVALID_HEADER', /offsets in use/],
  ['Gov-Client-Timezone', 'UTC-12:30', 'INVALID_HEADER', /offsets in use/],
  ['Gov-Client-Public-IP-Timestamp', '2021-11-22T11:59:58Z', 'INVALID_HEADER', /yyyy-MM-ddThh:mm:ss\.sssZ/],
  ['Gov-Client-Public-IP-Timestamp', '2021-11-22 11:59:58.123Z', 'INVALID_HEADER', /yyyy-MM-ddThh:mm:ss\.sssZ/],
  ['Gov-Client-Public-IP-Timestamp', '2021-11-22T11:59:58.123+00:00', 'INVALID_HEADER', /yyyy-MM-ddThh:mm:ss\.sssZ/],
  ['Gov-Client-Public-IP-Timestamp', '2021-02-30T11:59:58.123Z', 'INVALID_HEADER', /yyyy-MM-ddThh:mm:ss\.sssZ/],
  ['Gov-Client-Public-IP-Timestamp', '2021-11-22T24:00:00.000Z', 'INVALID_HEADER', /yyyy-MM-ddThh:mm:ss\.sssZ/],
  ['Gov-Client-Public-IP-Timestamp', '1637582398123', 'INVALID_HEADER', /yyyy-MM-ddThh:mm:ss\.sssZ/],
  ['Gov-Client-Public-IP-Timestamp', '2021-11-22T15:00:00.000Z', 'INVALID_HEADER', /more than 5 minutes in the future/],
  ['Gov-Client-Local-IPs-Timestamp', '2021-11-22T11:59:59.1Z', 'INVALID_HEADER', /yyyy-MM-ddThh:mm:ss\.sssZ/],
  ['Gov-Client-Public-IP', '198.51.100', 'INVALID_HEADER', /IPv4 or IPv6/],
  ['Gov-Client-Public-IP', '256.51.100.1', 'INVALID_HEADER', /IPv4 or IPv6/],
  ['Gov-Client-Public-IP', '198.051.100.1', 'INVALID_HEADER', /IPv4 or IPv6/],
  ['Gov-Client-Public-IP', 'client.example.com', 'INVALID_HEADER', /IPv4 or IPv6/],
  ['Gov-Client-Public-IP', '198.51.100.0,198.51.100.1', 'INVALID_HEADER', /IPv4 or IPv6/],
  ['Gov-Client-Public-IP', '2001:db8::1::2', 'INVALID_HEADER', /IPv4 or IPv6/],
  ['Gov-Client-Public-IP', '2001:db8:0:0:0:0:0:0:1', 'INVALID_HEADER', /IPv4 or IPv6/],
  ['Gov-Client-Public-Port', '0', 'INVALID_HEADER', /1 to 65535/],
  ['Gov-Client-Public-Port', '65536', 'INVALID_HEADER', /1 to 65535/],
  ['Gov-Client-Public-Port', '-1', 'INVALID_HEADER', /1 to 65535/],
  ['Gov-Client-Public-Port', '12345.5', 'INVALID_HEADER', /1 to 65535/],
  ['Gov-Client-Public-Port', 'https', 'INVALID_HEADER', /1 to 65535/],
  ['Gov-Client-Public-Port', '80', 'INVALID_HEADER', /server port/],
  ['Gov-Client-Public-Port', '443', 'INVALID_HEADER', /server port/],
  ['Gov-Client-Screens', 'width=1920&height=1080&scaling-factor=1', 'INVALID_HEADER', /screen 1 lacks the key 'colour-depth'/],
  ['Gov-Client-Screens', 'width=0&height=1080&scaling-factor=1&colour-depth=16', 'INVALID_HEADER', /'width' that is not a positive whole number/],
  ['Gov-Client-Screens', 'width=1920&height=-1080&scaling-factor=1&colour-depth=16', 'INVALID_HEADER', /'height' that is not a positive whole number/],
  ['Gov-Client-Screens', 'width=1920.5&height=1080&scaling-factor=1&colour-depth=16', 'INVALID_HEADER', /'width' that is not a positive whole number/],
  ['Gov-Client-Screens', 'width=1920&height=1080&scaling-factor=0&colour-depth=16', 'INVALID_HEADER', /'scaling-factor' that is not a positive number/],
  ['Gov-Client-Screens', 'width=1920&height=1080&scaling-factor=1&colour-depth=deep', 'INVALID_HEADER', /'colour-depth' that is not a positive whole number of bits/],
  ['Gov-Client-Screens', 'width=1920&height=1080&scaling-factor=1&colour-depth=16,', 'INVALID_HEADER', /empty value at position 2/],
  ['Gov-Client-Screens', 'width=1920&&height=1080&scaling-factor=1&colour-depth=16', 'INVALID_HEADER', /stray '&'/],
  ['Gov-Client-Screens', 'width:1920&height=1080&scaling-factor=1&colour-depth=16', 'INVALID_HEADER', /pair 1 has no '='/],
  ['Gov-Client-Screens', 'width=1920&width=1080&scaling-factor=1&colour-depth=16', 'INVALID_HEADER', /'width' more than once/],
  ['Gov-Client-Screens', '1920x1080', 'INVALID_HEADER', /no '='/],
  ['Gov-Client-Window-Size', 'width=1256', 'INVALID_HEADER', /lacks the key 'height'/],
  ['Gov-Client-Window-Size', 'width=1256&height=0', 'INVALID_HEADER', /'height' that is not a positive whole number/],
  ['Gov-Client-Window-Size', 'width=1256&height=803,width=800&height=600', 'INVALID_HEADER', /not percent-encoded/],
  ['Gov-Client-User-Agent', 'os-family=Windows&os-version=10&device-manufacturer=Dell', 'INVALID_HEADER', /lacks the key 'device-model'/],
  ['Gov-Client-User-Agent', 'Windows 10; Dell XPS13', 'INVALID_HEADER', /no '='/],
  ['Gov-Client-User-Agent', 'os-family=Windows&os-version=Server 2012&device-manufacturer=Dell&device-model=XPS13', 'INVALID_HEADER', /'os-version' is not percent-encoded/],
  ['Gov-Client-User-Agent', 'os-family=Windows&os-version=10&device-manufacturer=Dell&device-model=MacBookPro15,2', 'INVALID_HEADER', /'device-model' is not percent-encoded/],
  ['Gov-Client-Multi-Factor', 'type=SMS&timestamp=2021-11-21T13%3A23Z&unique-reference=fc4b5fd6', 'INVALID_HEADER', /factor 1 has 'type' that is not one of TOTP, AUTH_CODE, OTHER/],
  ['Gov-Client-Multi-Factor', 'type=TOTP&unique-reference=fc4b5fd6', 'INVALID_HEADER', /factor 1 lacks the key 'timestamp'/],
  ['Gov-Client-Multi-Factor', 'type=TOTP&timestamp=2021-11-21&unique-reference=fc4b5fd6', 'INVALID_HEADER', /factor 1 has 'timestamp' that is not a UTC time/],
  ['Gov-Client-Multi-Factor', 'type=TOTP&timestamp=2021-11-21T13:23Z&unique-reference=fc4b5fd6', 'INVALID_HEADER', /'timestamp' is not percent-encoded/],
  ['Gov-Client-Multi-Factor', 'type=TOTP&timestamp=2021-11-21T13%3A23Z', 'INVALID_HEADER', /factor 1 lacks a 'unique-reference'/],
  ['Gov-Client-Multi-Factor', 'type=TOTP&timestamp=2021-11-21T13%3A23Z&unique-reference=', 'INVALID_HEADER', /factor 1 lacks a 'unique-reference'/],
  ['Gov-Client-Multi-Factor', 'type=TOTP&timestamp=2021-11-21T13%3A23Z&unique-reference=a1,type=OTHER', 'INVALID_HEADER', /factor 2 lacks the key 'timestamp'/],
  ['Gov-Client-Local-IPs', 'fc00::,10.1.2.3', 'INVALID_HEADER', /value 1 is not percent-encoded/],
  ['Gov-Client-Local-IPs', '10.1.2.3,', 'INVALID_HEADER', /empty value at position 2/],
  ['Gov-Client-Local-IPs', '10.1.2.3,,10.3.4.2', 'INVALID_HEADER', /empty value at position 2/],
  ['Gov-Client-Local-IPs', '10.1.2', 'INVALID_HEADER', /value 1 is not an IPv4 or IPv6 address/],
  ['Gov-Client-Local-IPs', '10.1.2.3, 10.3.4.2', 'INVALID_HEADER', /value 2 is not percent-encoded/],
  ['Gov-Client-MAC-Addresses', 'ea:43:1a:5d:21:45', 'INVALID_HEADER', /value 1 is not percent-encoded/],
  ['Gov-Client-MAC-Addresses', 'ea%3A43%3A1a%3A5d%3A21', 'INVALID_HEADER', /value 1 is not a MAC address/],
  ['Gov-Client-MAC-Addresses', 'ea%3A43%3A1a%3A5d%3A21%3A45,zz%3A12%3Acc%3Afa%3Aaa%3A32', 'INVALID_HEADER', /value 2 is not a MAC address/],
  ['Gov-Vendor-License-IDs', 'my-licensed-software=', 'INVALID_HEADER', /no hashed licence for 'my-licensed-software'/],
  ['Gov-Vendor-License-IDs', 'my licensed software=8D7963490527D33716835EE7C195516D', 'INVALID_HEADER', /key that is not percent-encoded/],
  ['Gov-Vendor-Product-Name', 'Product Name', 'INVALID_HEADER', /must be percent-encoded/],
  ['Gov-Vendor-Product-Name', 'Product%2', 'INVALID_HEADER', /must be percent-encoded/],
  ['Gov-Vendor-Product-Name', '%C3%28', 'INVALID_HEADER', /must be percent-encoded/],
  ['Gov-Vendor-Product-Name', 'Élan Tax', 'INVALID_HEADER', /outside printable US-ASCII/],
  ['Gov-Vendor-Version', 'my-web-app', 'INVALID_HEADER', /no '='/],
  ['Gov-Vendor-Version', 'my-web-app=', 'INVALID_HEADER', /no version for 'my-web-app'/],
  ['Gov-Vendor-Version', 'my-web-app=2.2.2&', 'INVALID_HEADER', /stray '&'/],
  ['Gov-Client-User-IDs', 'alice123', 'INVALID_HEADER', /no '='/],
  ['Gov-Client-User-IDs', 'my-application=', 'INVALID_HEADER', /must identify the user/],
  ['Gov-Client-User-IDs', 'my-application=élise', 'INVALID_HEADER', /outside printable US-ASCII/],
  ['Gov-Client-User-IDs', 'my-application=alice\u0007', 'INVALID_HEADER', /outside printable US-ASCII/],
];

describe('malformed values', () => {
  it.each(malformed)('%s: %s is %s', (header, value, code, message) => {
    const verdict = validate({ ...baseFor(header), [header]: value });
    expect(verdict.code).toBe('INVALID_HEADERS');
    expect(codes(verdict.errors)).toContainEqual([code, [header.toLowerCase()]]);
    expect(verdict.errors.every((e) => e.headers.includes(header.toLowerCase())), JSON.stringify(verdict.errors)).toBe(true);
    expect(verdict.errors.map((e) => e.message).join('\n')).toMatch(message);
    expect(verdict.errors.map((e) => e.message).join('\n')).toContain(header);
  });

  it('never repeats a value in a message: they carry personal data', () => {
    const verdict = validate({ ...webAppViaServer, 'Gov-Client-User-IDs': 'my-application=alice%40example.com&x', 'Gov-Client-Public-IP': '10.9.8.7' });
    expect(verdict.errors.map((e) => e.headers)).toEqual([['gov-client-public-ip'], ['gov-client-user-ids']]);
    expect(JSON.stringify(verdict)).not.toMatch(/alice|10\.9\.8\.7/);
  });

  it('needs two components in Gov-Vendor-Version for via-server methods other than web', () => {
    for (const method of ['DESKTOP_APP_VIA_SERVER', 'MOBILE_APP_VIA_SERVER', 'OTHER_VIA_SERVER'] as const) {
      const verdict = validate({ ...setFor(method), 'Gov-Vendor-Version': 'my-desktop-app=2.2.2' });
      expect(codes(verdict.errors), method).toEqual([['INVALID_HEADER', ['gov-vendor-version']]]);
      expect(verdict.errors[0]!.message).toMatch(new RegExp(`${method} needs at least two`));
    }
    for (const method of ['WEB_APP_VIA_SERVER', 'DESKTOP_APP_DIRECT', 'BATCH_PROCESS_DIRECT'] as const) {
      expect(validate({ ...setFor(method), 'Gov-Vendor-Version': 'my-app=2.2.2' }).code, method).toBe('VALID_HEADERS');
    }
  });
});

describe('well-formed values the spec allows', () => {
  it.each([
    ['Gov-Client-Timezone', 'UTC-01:15'],
    ['Gov-Client-Timezone', 'UTC+14:00'],
    ['Gov-Client-Timezone', 'UTC-12:00'],
    ['Gov-Client-Timezone', 'UTC+05:45'],
    ['Gov-Client-Device-ID', 'BEEC798B-B366-47FA-B1F8-92CEDE14A1CE'],
    ['Gov-Client-Public-Port', '1'],
    ['Gov-Client-Public-Port', '65535'],
    ['Gov-Client-Public-IP-Timestamp', '2021-11-22T14:04:59.999Z'],
    ['Gov-Client-Multi-Factor', 'type=TOTP&timestamp=2021-11-21T13%3A23%3A05.123Z&unique-reference=0283da60063abfb3a87f1aed845d17fe'],
    [
      'Gov-Client-Multi-Factor',
      'type=AUTH_CODE&timestamp=2021-11-21T13%3A23Z&unique-reference=fc4b5fd6816f75a7c81fc8eaa9499d6a299bd803397166e8c4cf9280b801d62c,type=TOTP&timestamp=2021-11-22T13%3A10Z&unique-reference=0283da60063abfb3a87f1aed845d17fe2d9ba8c780b478dc4ae048f5ee97a6d5',
    ],
    ['Gov-Client-Screens', 'width=375&height=812&scaling-factor=2&colour-depth=32'],
    ['Gov-Client-Local-IPs', '10.1.2.3,10.3.4.2'],
    ['Gov-Client-Local-IPs', '65f46603-1f39-4ca5-957f-65e231804f91.local'],
    ['Gov-Client-Local-IPs', 'fe80%3A%3A1%25en0,127.0.0.1,%3A%3A1'],
    ['Gov-Client-User-Agent', 'os-family=iOS&os-version=13.3.1&device-manufacturer=Apple&device-model=iPhone12%2C3'],
    ['Gov-Client-MAC-Addresses', 'EA-43-1A-5D-21-45'],
    ['Gov-Client-User-IDs', 'my-application=alice_account_id&my-secondary-application=alice%20smith%40example.com'],
    ['Gov-Vendor-Product-Name', '%C3%89lan%20Tax%20%26%20Co'],
    ['Gov-Vendor-Product-Name', 'PracticeEngine'],
    ['Gov-Vendor-License-IDs', 'a=8D7963490527D33716835EE7C195516D&b=jZ2VqW0sR4m3x8Yb1NcT7u%2Bk%3D'],
  ] as const)('%s: %s', (header, value) => {
    const verdict = validate({ ...baseFor(header), [header]: value });
    expect(verdict).toMatchObject({ code: 'VALID_HEADERS', errors: [], warnings: [] });
  });

  it("accepts an 'os' key in Gov-Client-User-IDs from methods that run on the user's device", () => {
    const userIds = 'os=domain%5Calice&my-application=alice_account_id&my-secondary-application=alice_secondary_account_id';
    for (const method of ['DESKTOP_APP_VIA_SERVER', 'MOBILE_APP_DIRECT', 'OTHER_DIRECT'] as const) {
      expect(validate({ ...setFor(method), 'Gov-Client-User-IDs': userIds }).code, method).toBe('VALID_HEADERS');
    }
  });

  it('allows the clock skew to be set', () => {
    const headers = { ...webAppViaServer, 'Gov-Client-Public-IP-Timestamp': '2021-11-22T14:00:30.000Z' };
    expect(validateFraudPreventionHeaders(headers, { now, allowedClockSkewMs: 60_000 }).code).toBe('VALID_HEADERS');
    const verdict = validateFraudPreventionHeaders(headers, { now, allowedClockSkewMs: 10_000 });
    expect(codes(verdict.errors)).toEqual([['INVALID_HEADER', ['gov-client-public-ip-timestamp']]]);
    expect(verdict.errors[0]!.message).toMatch(/more than 10 seconds in the future/);
  });
});

describe('placeholders', () => {
  it.each([
    ['Gov-Client-Public-IP', 'null'],
    ['Gov-Client-Public-Port', 'undefined'],
    ['Gov-Client-Multi-Factor', 'undefined'],
    ['Gov-Client-Timezone', 'NaN'],
    ['Gov-Vendor-Product-Name', 'unknown'],
    ['Gov-Client-User-IDs', 'none'],
    ['Gov-Client-Browser-JS-User-Agent', 'N/A'],
    ['Gov-Client-User-Agent', 'Unknown'],
    ['Gov-Client-User-Agent', 'os-family=Windows&os-version=unknown&device-manufacturer=Dell&device-model=XPS13'],
    ['Gov-Client-Screens', 'width=1920&height=1080&scaling-factor=null&colour-depth=16'],
    ['Gov-Client-Multi-Factor', 'type=TOTP&timestamp=2021-11-21T13%3A23Z&unique-reference=undefined'],
    ['Gov-Vendor-License-IDs', 'my-licensed-software=null'],
    ['Gov-Vendor-Version', 'my-web-app=undefined'],
    ['Gov-Vendor-Forwarded', 'by=203.0.113.6&for=unknown'],
    ['Gov-Client-Local-IPs', '10.1.2.3,null'],
    ['Gov-Client-MAC-Addresses', 'undefined'],
    ['Gov-Client-Device-ID', '00000000-0000-0000-0000-000000000000'],
    ['Gov-Client-Window-Size', '%5Bobject%20Object%5D'],
  ] as const)('%s: %s is PLACEHOLDER_VALUE, and nothing else', (header, value) => {
    const verdict = validate({ ...baseFor(header), [header]: value });
    expect(codes(verdict.errors)).toEqual([['PLACEHOLDER_VALUE', [header.toLowerCase()]]]);
    expect(verdict.errors[0]!.message).toContain(header);
    expect(verdict.errors[0]!.message).toMatch(/placeholder/);
  });
});

describe('empty values', () => {
  it('warns of an empty Gov-Client-Multi-Factor, as HMRC does for single-factor sign-in', () => {
    const verdict = validate({ ...webAppViaServer, 'Gov-Client-Multi-Factor': '' });
    expect(verdict.code).toBe('POTENTIALLY_INVALID_HEADERS');
    expect(verdict.message).toBe('At least 1 header is potentially invalid (1 warning)');
    expect(verdict.errors).toEqual([]);
    expect(codes(verdict.warnings)).toEqual([['EMPTY_HEADER', ['gov-client-multi-factor']]]);
    expect(verdict.warnings[0]!.message).toMatch(/username and password/);
  });

  it.each([
    ['WEB_APP_VIA_SERVER', 'Gov-Client-Public-IP'],
    ['WEB_APP_VIA_SERVER', 'Gov-Client-Public-Port'],
    ['WEB_APP_VIA_SERVER', 'Gov-Vendor-Public-IP'],
    ['WEB_APP_VIA_SERVER', 'Gov-Vendor-License-IDs'],
    ['BATCH_PROCESS_DIRECT', 'Gov-Client-Local-IPs'],
    ['BATCH_PROCESS_DIRECT', 'Gov-Client-MAC-Addresses'],
  ] as const)('%s: an empty %s is an EMPTY_HEADER warning (the value can be beyond the software)', (method, header) => {
    const verdict = validate({ ...setFor(method), [header]: '  ' });
    expect(verdict).toMatchObject({ code: 'POTENTIALLY_INVALID_HEADERS', errors: [] });
    expect(codes(verdict.warnings)).toEqual([['EMPTY_HEADER', [header.toLowerCase()]]]);
  });

  it.each(['Gov-Client-Device-ID', 'Gov-Client-User-IDs', 'Gov-Client-Timezone', 'Gov-Client-Screens', 'Gov-Client-Window-Size', 'Gov-Client-Browser-JS-User-Agent', 'Gov-Vendor-Product-Name', 'Gov-Vendor-Version'] as const)(
    'an empty %s is an error: the software always knows it',
    (header) => {
      const verdict = validate({ ...webAppViaServer, [header]: '' });
      expect(codes(verdict.errors)).toEqual([['INVALID_HEADER', [header.toLowerCase()]]]);
      expect(verdict.errors[0]!.message).toMatch(/is empty/);
    },
  );
});

describe('public IP addresses', () => {
  it.each([
    ['10.0.0.1', /private address \(10\.0\.0\.0\/8\)/],
    ['172.16.5.4', /private address \(172\.16\.0\.0\/12\)/],
    ['192.168.1.10', /private address \(192\.168\.0\.0\/16\)/],
    ['127.0.0.1', /loopback/],
    ['169.254.10.1', /link-local/],
    ['100.64.0.1', /carrier-grade NAT/],
    ['0.0.0.0', /unspecified/],
    ['224.0.0.1', /multicast/],
    ['255.255.255.255', /reserved/],
    ['::1', /loopback/],
    ['::', /unspecified/],
    ['fd00::1', /private \(unique local\)/],
    ['fe80::1', /link-local/],
    ['::ffff:192.168.1.1', /private address \(192\.168\.0\.0\/16\)/],
  ])('refuses %s as Gov-Client-Public-IP and Gov-Vendor-Public-IP', (ip, reason) => {
    for (const header of ['Gov-Client-Public-IP', 'Gov-Vendor-Public-IP']) {
      const verdict = validate({ ...webAppViaServer, [header]: ip });
      expect(codes(verdict.errors), header).toEqual([['INVALID_HEADER', [header.toLowerCase()]]]);
      expect(verdict.errors[0]!.message).toMatch(reason);
      expect(verdict.errors[0]!.message).toMatch(/public/);
    }
  });

  it('accepts public IPv6, written as the spec writes it, and matches it in the forwarded chain however spelt', () => {
    const ipv6 = 'ABCD:EF01:2345:6789:ABCD:EF01:2345:6789';
    const verdict = validate({ ...webAppViaServer, 'Gov-Client-Public-IP': ipv6, 'Gov-Vendor-Forwarded': 'by=203.0.113.6&for=abcd%3Aef01%3A2345%3A6789%3Aabcd%3Aef01%3A2345%3A6789' });
    expect(verdict).toMatchObject({ code: 'VALID_HEADERS', errors: [], warnings: [] });
  });
});

describe('Gov-Vendor-Forwarded', () => {
  const forwarded = (value: string, extra: Record<string, string> = {}) => validate({ ...webAppViaServer, ...extra, 'Gov-Vendor-Forwarded': value });

  it("accepts the spec's chain through a WAF and two servers, with the WAF's IPv6 spelt differently in Gov-Vendor-Public-IP", () => {
    const chain =
      'by=2001%3A0db8%3A85a3%3A0000%3A0000%3A8a2e%3A0370%3A7334&for=198.51.100.0,by=203.0.113.6&for=2001%3A0db8%3A85a3%3A0000%3A0000%3A8a2e%3A0370%3A7334,by=176.30.57.118&for=203.0.113.6';
    expect(forwarded(chain, { 'Gov-Vendor-Public-IP': '2001:db8:85a3::8a2e:370:7334' })).toMatchObject({ code: 'VALID_HEADERS', errors: [], warnings: [] });
  });

  it('refuses a first hop not received on Gov-Vendor-Public-IP', () => {
    const verdict = forwarded('by=203.0.113.7&for=198.51.100.0');
    expect(codes(verdict.errors)).toEqual([['INCONSISTENT_HEADERS', ['gov-vendor-forwarded', 'gov-vendor-public-ip']]]);
    expect(verdict.errors[0]!.message).toMatch(/hop 1 'by' is not Gov-Vendor-Public-IP/);
  });

  it('refuses a first hop not from Gov-Client-Public-IP', () => {
    const verdict = forwarded('by=203.0.113.6&for=198.51.100.1');
    expect(codes(verdict.errors)).toEqual([['INCONSISTENT_HEADERS', ['gov-vendor-forwarded', 'gov-client-public-ip']]]);
    expect(verdict.errors[0]!.message).toMatch(/hop 1 'for' is not Gov-Client-Public-IP/);
  });

  it('refuses the hops in reverse order', () => {
    const verdict = forwarded('by=176.30.57.118&for=203.0.113.6,by=203.0.113.6&for=198.51.100.0');
    expect(codes(verdict.errors)).toEqual([
      ['INCONSISTENT_HEADERS', ['gov-vendor-forwarded', 'gov-vendor-public-ip']],
      ['INCONSISTENT_HEADERS', ['gov-vendor-forwarded', 'gov-client-public-ip']],
    ]);
  });

  it.each([
    ['for=198.51.100.0', /hop 1 lacks 'by'/],
    ['by=203.0.113.6', /hop 1 lacks 'for'/],
    ['by=203.0.113.6&for=', /hop 1 lacks 'for'/],
    ['by=203.0.113.6&for=198.51.100.0,', /empty value at position 2/],
    ['by=203.0.113.6&for=198.51.100.0,by=10.0.0.5&for=203.0.113.6', /hop 2 has 'by' that is a private address/],
    ['by=203.0.113.6&for=client', /hop 1 has 'for' that is not an IPv4 or IPv6 address/],
    ['by=2001:db8::6&for=198.51.100.0', /hop 1 pair 1: the value of 'by' is not percent-encoded/],
    ['by=203.0.113.6;for=198.51.100.0', /not percent-encoded/],
  ])('refuses %s', (value, message) => {
    const verdict = forwarded(value);
    expect(verdict.errors.map((e) => e.code)).toContain('INVALID_HEADER');
    expect(verdict.errors.every((e) => e.headers[0] === 'gov-vendor-forwarded')).toBe(true);
    expect(verdict.errors.map((e) => e.message).join('\n')).toMatch(message);
  });

  it('warns when a later hop does not come from the previous hop', () => {
    const verdict = forwarded('by=203.0.113.6&for=198.51.100.0,by=176.30.57.118&for=203.0.113.99');
    expect(verdict.code).toBe('POTENTIALLY_INVALID_HEADERS');
    expect(codes(verdict.warnings)).toEqual([['POTENTIALLY_INVALID_HEADER', ['gov-vendor-forwarded']]]);
    expect(verdict.warnings[0]!.message).toMatch(/hop 2 'for' is not hop 1's 'by'/);
  });
});

describe('doubtful values', () => {
  it.each([
    ['Gov-Client-Browser-JS-User-Agent', 'got (https://github.com/sindresorhus/got)', /navigator\.userAgent/],
    ['Gov-Client-User-IDs', 'os=alice&my-application=alice123', /'os' key/],
    ['Gov-Client-Multi-Factor', 'type=AUTH_CODE&timestamp=2021-11-21T13%3A23Z&unique-reference=alice%40example.com', /email address or phone number/],
    ['Gov-Client-Multi-Factor', 'type=AUTH_CODE&timestamp=2021-11-21T13%3A23Z&unique-reference=%2B447700900123', /email address or phone number/],
    ['Gov-Client-Multi-Factor', 'type=AUTH_CODE&timestamp=2021-11-22T15%3A23Z&unique-reference=fc4b5fd6816f75a7', /in the future/],
    ['Gov-Vendor-License-IDs', 'my-licensed-software=ABCD-1234-EFGH', /does not look like a hash/],
  ] as const)('%s: %s is POTENTIALLY_INVALID_HEADER', (header, value, message) => {
    const verdict = validate({ ...webAppViaServer, [header]: value });
    expect(verdict).toMatchObject({ code: 'POTENTIALLY_INVALID_HEADERS', errors: [] });
    expect(codes(verdict.warnings)).toEqual([['POTENTIALLY_INVALID_HEADER', [header.toLowerCase()]]]);
    expect(verdict.warnings[0]!.message).toMatch(message);
  });

  it('warns of an empty key in Gov-Client-User-Agent, which the platform may not report', () => {
    const verdict = validate({ ...batchProcessDirect, 'Gov-Client-User-Agent': 'os-family=Linux&os-version=6.1&device-manufacturer=&device-model=' });
    expect(verdict.errors).toEqual([]);
    expect(codes(verdict.warnings)).toEqual([
      ['POTENTIALLY_INVALID_HEADER', ['gov-client-user-agent']],
      ['POTENTIALLY_INVALID_HEADER', ['gov-client-user-agent']],
    ]);
    expect(verdict.warnings.map((w) => w.message).join('\n')).toMatch(/empty 'device-manufacturer'[\s\S]*empty 'device-model'/);
  });

  it('warns of a local IPs timestamp from a device clock running fast, without refusing it', () => {
    const verdict = validate({ ...batchProcessDirect, 'Gov-Client-Local-IPs-Timestamp': '2021-11-22T14:30:00.000Z' });
    expect(verdict.errors).toEqual([]);
    expect(codes(verdict.warnings)).toEqual([['POTENTIALLY_INVALID_HEADER', ['gov-client-local-ips-timestamp']]]);
  });
});

describe('headers outside the method', () => {
  it('warns of headers another method sends', () => {
    const verdict = validate({ ...batchProcessDirect, 'Gov-Client-Browser-JS-User-Agent': webAppViaServer['Gov-Client-Browser-JS-User-Agent'], 'Gov-Vendor-Public-IP': '203.0.113.6' });
    expect(verdict).toMatchObject({ code: 'POTENTIALLY_INVALID_HEADERS', errors: [] });
    expect(codes(verdict.warnings)).toEqual([
      ['UNEXPECTED_HEADER', ['gov-client-browser-js-user-agent']],
      ['UNEXPECTED_HEADER', ['gov-vendor-public-ip']],
    ]);
    expect(verdict.warnings[0]!.message).toMatch(/not part of BATCH_PROCESS_DIRECT's header set/);
  });

  it('still checks the format of a header the method does not need', () => {
    const verdict = validate({ ...batchProcessDirect, 'Gov-Client-Public-Port': '443' });
    expect(codes(verdict.errors)).toEqual([['INVALID_HEADER', ['gov-client-public-port']]]);
    expect(codes(verdict.warnings)).toEqual([['UNEXPECTED_HEADER', ['gov-client-public-port']]]);
  });

  it('tolerates what the change log calls harmless: local IPs and retired browser headers from web apps, MAC addresses from mobile apps', () => {
    expect(
      validate({
        ...webAppViaServer,
        'Gov-Client-Local-IPs': '10.1.2.3',
        'Gov-Client-Local-IPs-Timestamp': '2021-11-22T13:59:59.001Z',
        'Gov-Client-Browser-Do-Not-Track': 'false',
        'Gov-Client-Browser-Plugins': 'PDF%20Viewer',
      }).code,
    ).toBe('VALID_HEADERS');
    expect(validate({ ...setFor('MOBILE_APP_VIA_SERVER'), 'Gov-Client-MAC-Addresses': 'ea%3A43%3A1a%3A5d%3A21%3A45' }).code).toBe('VALID_HEADERS');
  });

  it('warns of retired headers from other methods and of names the spec does not have', () => {
    const verdict = validate({ ...batchProcessDirect, 'Gov-Client-Browser-Plugins': 'x', 'Gov-Client-DeviceID': 'beec798b-b366-47fa-b1f8-92cede14a1ce', 'Gov-Vendor-License-ID': 'a=b' });
    expect(codes(verdict.warnings)).toEqual([
      ['UNEXPECTED_HEADER', ['gov-client-browser-plugins']],
      ['UNEXPECTED_HEADER', ['gov-client-deviceid']],
      ['UNEXPECTED_HEADER', ['gov-vendor-license-id']],
    ]);
    expect(verdict.warnings[1]!.message).toMatch(/check its spelling/);
  });

  it('ignores headers that are not fraud prevention headers', () => {
    expect(validate({ ...webAppViaServer, Authorization: 'Bearer x', 'Gov-Test-Scenario': 'DEFAULT', Accept: 'application/vnd.hmrc.1.0+json' }).code).toBe('VALID_HEADERS');
  });
});

describe('HTTP header handling', () => {
  it('matches header names case-insensitively', () => {
    const lower = Object.fromEntries(Object.entries(webAppViaServer).map(([name, value]) => [name.toLowerCase(), value]));
    const upper = Object.fromEntries(Object.entries(batchProcessDirect).map(([name, value]) => [name.toUpperCase(), value]));
    expect(validate(lower).code).toBe('VALID_HEADERS');
    expect(validate(upper).code).toBe('VALID_HEADERS');
    expect(codes(validate({ ...without(lower, 'gov-client-timezone'), 'GOV-client-TIMEZONE': 'GMT' }).errors)).toEqual([['INVALID_HEADER', ['gov-client-timezone']]]);
  });

  it('trims surrounding whitespace, as HTTP does', () => {
    expect(validate({ ...webAppViaServer, 'Gov-Client-Timezone': ' UTC+01:00 ' }).code).toBe('VALID_HEADERS');
  });

  it('takes a one-element array as the value, and treats undefined or an empty array as absent', () => {
    const arrays = Object.fromEntries(Object.entries(webAppViaServer).map(([name, value]) => [name, [value]]));
    expect(validate(arrays).code).toBe('VALID_HEADERS');
    expect(codes(validate({ ...webAppViaServer, 'Gov-Client-Timezone': undefined }).errors)).toEqual([['MISSING_HEADER', ['gov-client-timezone']]]);
    expect(codes(validate({ ...webAppViaServer, 'Gov-Client-Timezone': [] }).errors)).toEqual([['MISSING_HEADER', ['gov-client-timezone']]]);
  });

  it('joins a list header sent on several lines, with a warning', () => {
    const verdict = validate({ ...batchProcessDirect, 'Gov-Client-Local-IPs': ['fc00%3A%3A', '10.1.2.3'] });
    expect(verdict.errors).toEqual([]);
    expect(codes(verdict.warnings)).toEqual([['POTENTIALLY_INVALID_HEADER', ['gov-client-local-ips']]]);
    expect(verdict.warnings[0]!.message).toMatch(/sent on 2 lines/);
    const bad = validate({ ...batchProcessDirect, 'Gov-Client-Local-IPs': ['fc00%3A%3A', 'not-an-ip'] });
    expect(bad.errors.map((e) => e.message)).toEqual([expect.stringMatching(/value 2 is not an IPv4 or IPv6 address/)]);
  });

  it('refuses a single-valued header sent twice, also when two spellings of its name collide', () => {
    const twice = validate({ ...webAppViaServer, 'Gov-Client-Device-ID': ['beec798b-b366-47fa-b1f8-92cede14a1ce', 'beec798b-b366-47fa-b1f8-92cede14a1cf'] });
    expect(codes(twice.errors)).toEqual([['DUPLICATE_HEADER', ['gov-client-device-id']]]);
    const collide = validate({ ...webAppViaServer, 'gov-client-connection-method': 'WEB_APP_VIA_SERVER' });
    expect(codes(collide.errors)).toEqual([['DUPLICATE_HEADER', ['gov-client-connection-method']]]);
  });
});

describe('the verdict', () => {
  it("counts errors in HMRC's words, and lists warnings alongside", () => {
    const verdict = validate({ ...without(webAppViaServer, 'Gov-Client-Screens'), 'Gov-Client-Timezone': 'GMT', 'Gov-Client-Multi-Factor': '' });
    expect(verdict).toEqual({
      specVersion: '3.3',
      code: 'INVALID_HEADERS',
      message: 'At least 1 header is invalid (2 errors)',
      errors: [
        { code: 'MISSING_HEADER', message: 'Gov-Client-Screens is required for WEB_APP_VIA_SERVER', headers: ['gov-client-screens'] },
        { code: 'INVALID_HEADER', message: expect.stringMatching(/^Gov-Client-Timezone must be 'UTC±hh:mm'/), headers: ['gov-client-timezone'] },
      ],
      warnings: [{ code: 'EMPTY_HEADER', message: expect.stringMatching(/^Gov-Client-Multi-Factor is empty/), headers: ['gov-client-multi-factor'] }],
    });
  });
});
