// The value rules of each fraud prevention header (spec 3.3, "header formats"), one checker per header.

import { decodeComponent, decodeLeniently, isPlaceholder, parseKeyValues, parseList, quote } from './encoding';
import { type ConnectionMethod, type FraudPreventionHeader, isViaServer } from './headers';
import { canonicalIp, type IpAddress, nonPublicReason, parseIp } from './ip';

/** What a checker may say about the header it checks; messages are prefixed with the header's name. */
export interface Reporter {
  /** Error INVALID_HEADER: the value breaks the format. */
  invalid(rule: string): void;
  /** Error PLACEHOLDER_VALUE. */
  placeholder(rule: string): void;
  /** Warning POTENTIALLY_INVALID_HEADER: well-formed but doubtful. */
  doubtful(rule: string): void;
  /** Error INCONSISTENT_HEADERS: this header disagrees with others. */
  inconsistent(rule: string, others: readonly FraudPreventionHeader[]): void;
}

export interface CheckContext {
  /** Null when Gov-Client-Connection-Method is unusable: method-specific rules are then skipped. */
  method: ConnectionMethod | null;
  now: Date | undefined;
  allowedClockSkewMs: number;
  /** Another header's value as received (trimmed), or undefined when absent. */
  valueOf(header: FraudPreventionHeader): string | undefined;
}

export interface HeaderRule {
  /** A comma-separated list: several header lines can be joined into one. */
  list: boolean;
  /**
   * The value can be beyond the software's control (no MFA, no licences, a private network), so HMRC accepts it empty
   * once the gap is agreed: EMPTY_HEADER warning. Otherwise the software always knows the value and empty is an error.
   */
  mayBeEmpty: false | { example: string };
  check(value: string, context: CheckContext, report: Reporter): void;
}

// --- shared pieces ----------------------------------------------------------------------------------------------

const UUID = /^[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}$/;
const TIMEZONE = /^UTC[+-](\d{2}):(\d{2})$/;
const PORT = /^[1-9]\d{0,4}$/;
const POSITIVE_INTEGER = /^[1-9]\d*$/;
const POSITIVE_DECIMAL = /^(?:0|[1-9]\d*)(?:\.\d+)?$/;
const MAC = /^[0-9A-Fa-f]{2}(?:([:-])[0-9A-Fa-f]{2})(?:\1[0-9A-Fa-f]{2}){4}(?:(?:\1[0-9A-Fa-f]{2}){2})?$/;
// mDNS names browsers hand out instead of local IPs (WebRTC); the spec's example: '65f46603-….local'.
const MDNS_NAME = /^[A-Za-z0-9-]+\.local$/;
const SPEC_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2}):(\d{2})\.(\d{3})Z$/;
// Multi-factor timestamps: at least yyyy-MM-ddThh:mmZ; seconds and milliseconds optional.
const MFA_TIMESTAMP = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.(\d{3}))?)?Z$/;
const MFA_TYPES = ['TOTP', 'AUTH_CODE', 'OTHER'];
const NIL_UUIDS = new Set(['00000000-0000-0000-0000-000000000000', 'ffffffff-ffff-ffff-ffff-ffffffffffff']);

/** Milliseconds since the epoch for a timestamp matching `pattern`, or null when it does not or names no real instant. */
function instant(text: string, pattern: RegExp): number | null {
  const match = pattern.exec(text);
  if (!match) return null;
  const [year, month, day, hour, minute, second, milli] = match.slice(1).map((part) => Number(part ?? 0)) as number[];
  const time = Date.UTC(year!, month! - 1, day!, hour!, minute!, second!, milli!);
  const date = new Date(time);
  const same = date.getUTCFullYear() === year && date.getUTCMonth() === month! - 1 && date.getUTCDate() === day && date.getUTCHours() === hour && date.getUTCMinutes() === minute && date.getUTCSeconds() === second;
  return same ? time : null;
}

function inFuture(time: number, context: CheckContext): boolean {
  return context.now !== undefined && time > context.now.getTime() + context.allowedClockSkewMs;
}

function skewText({ allowedClockSkewMs: ms }: CheckContext): string {
  return ms % 60_000 === 0 ? `${ms / 60_000} minute${ms === 60_000 ? '' : 's'}` : `${Math.round(ms / 1000)} seconds`;
}

/** The decoded items of a list, reporting empty and badly encoded ones; `what` names an item in messages. */
function listItems(value: string, what: string, report: Reporter): { position: number; text: string }[] {
  const { items, problems } = parseList(value);
  problems.forEach((p) => report.invalid(p));
  const decoded: { position: number; text: string }[] = [];
  items.forEach((item, i) => {
    if (item === '') return;
    const text = decodeComponent(item);
    if (text === null) report.invalid(`${what} ${i + 1} is not percent-encoded (encode ':', spaces, commas and non-ASCII, e.g. 'fc00%3A%3A')`);
    else if (isPlaceholder(text)) report.placeholder(`${what} ${i + 1} is a placeholder; omit or empty the header instead, after agreeing the gap with HMRC`);
    else decoded.push({ position: i + 1, text });
  });
  return decoded;
}

/**
 * Decoded pairs of a key-value structure, reporting malformed pairs and placeholder values; such values map to null
 * (reported already), so checkers tell them from absent keys. `where` prefixes messages.
 */
function keyValues(value: string, report: Reporter, where = ''): Map<string, string | null> {
  const { pairs, problems } = parseKeyValues(value);
  problems.forEach((p) => report.invalid(`${where}${p}`));
  const map = new Map<string, string | null>();
  for (const { key, value: v } of pairs) {
    if (v !== null && isPlaceholder(v)) {
      report.placeholder(`${where}has a placeholder as the value of ${quote(key)}; send the real value, or an empty one where the spec allows`);
      map.set(key, null);
    } else {
      map.set(key, v);
    }
  }
  return map;
}

/** Each structure of a list of key-value structures (screens, factors, hops), with its position. */
function keyValueList(value: string, what: string, report: Reporter): { position: number; pairs: Map<string, string | null> }[] {
  const { items, problems } = parseList(value);
  problems.forEach((p) => report.invalid(p));
  return items.flatMap((item, i) => (item === '' ? [] : [{ position: i + 1, pairs: keyValues(item, report, `${what} ${i + 1} `) }]));
}

function requirePositive(pairs: Map<string, string | null>, key: string, pattern: RegExp, kind: string, where: string, report: Reporter): void {
  const v = pairs.get(key);
  if (v === undefined) report.invalid(`${where}lacks the key '${key}'`);
  else if (v !== null && (!pattern.test(v) || Number(v) <= 0)) report.invalid(`${where}has '${key}' that is not ${kind}`);
}

function checkTimestamp(value: string, context: CheckContext, report: Reporter, futureIsError: boolean): void {
  const time = instant(value, SPEC_TIMESTAMP);
  if (time === null) {
    report.invalid("must be a UTC timestamp 'yyyy-MM-ddThh:mm:ss.sssZ' with seconds and milliseconds, e.g. '2020-09-21T14:30:05.123Z'");
  } else if (inFuture(time, context)) {
    const rule = `is more than ${skewText(context)} in the future`;
    if (futureIsError) report.invalid(`${rule}: it records when the value was observed, so it cannot be after the request`);
    else report.doubtful(`${rule}: is the originating device's clock wrong?`);
  }
}

/** A single public IP address: sent as-is (the spec's examples do not encode IPv6 here), encoded tolerated. */
function checkPublicIp(value: string, report: Reporter): void {
  const ip = parseIp(decodeLeniently(value));
  const reason = ip && nonPublicReason(ip);
  if (!ip) report.invalid("must be one IPv4 or IPv6 address, e.g. '198.51.100.0'");
  else if (reason) report.invalid(`is ${reason}: it must be the public address seen on the internet; if only a private one can be seen, agree the gap with HMRC and send the header empty`);
}

function sameIp(a: IpAddress, b: IpAddress): boolean {
  return canonicalIp(a) === canonicalIp(b);
}

/** Another header's value as a public IP, when it is sent and valid (its own checker reports it otherwise). */
function otherPublicIp(context: CheckContext, header: FraudPreventionHeader): IpAddress | null {
  const value = context.valueOf(header);
  if (!value) return null;
  const ip = parseIp(decodeLeniently(value));
  return ip && !nonPublicReason(ip) ? ip : null;
}

/** One multi-factor structure. Values mapped to null were reported by keyValues already. */
function checkFactor(pairs: Map<string, string | null>, where: string, context: CheckContext, report: Reporter): void {
  const type = pairs.get('type');
  if (type === undefined) report.invalid(`${where}lacks the key 'type'`);
  else if (type !== null && !MFA_TYPES.includes(type)) report.invalid(`${where}has 'type' that is not one of ${MFA_TYPES.join(', ')}`);

  const timestamp = pairs.get('timestamp');
  if (timestamp === undefined) report.invalid(`${where}lacks the key 'timestamp'`);
  else if (timestamp !== null) {
    const time = instant(timestamp, MFA_TIMESTAMP);
    if (time === null) report.invalid(`${where}has 'timestamp' that is not a UTC time 'yyyy-MM-ddThh:mmZ' (seconds and milliseconds optional), percent-encoded: '2021-11-21T13%3A23Z'`);
    else if (inFuture(time, context)) report.doubtful(`${where}has 'timestamp' more than ${skewText(context)} in the future; it is the time of the last successful prompt`);
  }

  const reference = pairs.get('unique-reference');
  if (reference === undefined || reference === '') report.invalid(`${where}lacks a 'unique-reference' (a stable salted hash identifying the factor)`);
  else if (reference !== null && (reference.includes('@') || /^\+?[\d\s()-]{7,20}$/.test(reference))) {
    report.doubtful(`${where}has a 'unique-reference' that looks like an email address or phone number; send a salted hash of it`);
  }
}

/** A hop's 'by' or 'for': a public IP, or null when unusable (and reported). */
function hopIp(pairs: Map<string, string | null>, key: 'by' | 'for', where: string, report: Reporter): IpAddress | null {
  const text = pairs.get(key);
  if (text === null) return null; // reported by keyValues
  if (!text) {
    report.invalid(`${where}lacks '${key}' (each hop is 'by=<IP that received>&for=<IP of the sender>')`);
    return null;
  }
  const ip = parseIp(text);
  const reason = ip && nonPublicReason(ip);
  if (!ip) report.invalid(`${where}has '${key}' that is not an IPv4 or IPv6 address (IPv6 percent-encoded)`);
  else if (reason) report.invalid(`${where}has '${key}' that is ${reason}; leave out hops inside a private network`);
  return ip && !reason ? ip : null;
}

// --- one checker per header -------------------------------------------------------------------------------------

export const headerRules: Readonly<Record<FraudPreventionHeader, HeaderRule>> = {
  // validateFraudPreventionHeaders reads the method first and reports it as INVALID_CONNECTION_METHOD.
  'Gov-Client-Connection-Method': { list: false, mayBeEmpty: false, check: () => {} },

  'Gov-Client-Browser-JS-User-Agent': {
    list: false,
    mayBeEmpty: false,
    check(value, _context, report) {
      // A server-side library's agent ('node-fetch/…', 'got', 'axios') in here is the classic mistake.
      if (!decodeLeniently(value).startsWith('Mozilla/')) report.doubtful("does not look like a browser's navigator.userAgent (those start with 'Mozilla/'); send the originating browser's, not the server's");
    },
  },

  'Gov-Client-Device-ID': {
    list: false,
    mayBeEmpty: false,
    check(value, _context, report) {
      if (!UUID.test(value)) report.invalid("must be a UUID generated once per device and kept, e.g. 'beec798b-b366-47fa-b1f8-92cede14a1ce'");
      else if (NIL_UUIDS.has(value.toLowerCase())) report.placeholder('is the nil UUID, a placeholder; generate a random UUID per device');
    },
  },

  'Gov-Client-Local-IPs': {
    list: true,
    mayBeEmpty: { example: 'the platform does not expose the network interfaces' },
    check(value, _context, report) {
      for (const { position, text } of listItems(value, 'value', report)) {
        const zoneless = text.replace(/%[^%]*$/, ''); // 'fe80::1%en0': a link-local address with its zone
        if (!parseIp(text) && !(text.includes(':') && parseIp(zoneless)?.version === 6) && !MDNS_NAME.test(text)) {
          report.invalid(`value ${position} is not an IPv4 or IPv6 address (IPv6 percent-encoded, e.g. 'fc00%3A%3A')`);
        }
      }
    },
  },

  'Gov-Client-Local-IPs-Timestamp': {
    list: false,
    mayBeEmpty: { example: 'the local IPs could not be collected' },
    check: (value, context, report) => checkTimestamp(value, context, report, false),
  },

  'Gov-Client-MAC-Addresses': {
    list: true,
    mayBeEmpty: { example: 'the platform does not expose MAC addresses' },
    check(value, _context, report) {
      for (const { position, text } of listItems(value, 'value', report)) {
        if (!MAC.test(text)) report.invalid(`value ${position} is not a MAC address (six hex pairs, percent-encoded, e.g. 'ea%3A43%3A1a%3A5d%3A21%3A45')`);
      }
    },
  },

  'Gov-Client-Multi-Factor': {
    list: true,
    mayBeEmpty: { example: 'users sign in with a username and password only' },
    check(value, context, report) {
      for (const { position, pairs } of keyValueList(value, 'factor', report)) checkFactor(pairs, `factor ${position} `, context, report);
    },
  },

  'Gov-Client-Public-IP': {
    list: false,
    mayBeEmpty: { example: 'the client reaches your servers over a private network' },
    check: (value, _context, report) => checkPublicIp(value, report),
  },

  'Gov-Client-Public-IP-Timestamp': {
    list: false,
    mayBeEmpty: { example: 'the public IP could not be collected' },
    // Observed on the vendor's own servers, whose clocks the vendor keeps.
    check: (value, context, report) => checkTimestamp(value, context, report, true),
  },

  'Gov-Client-Public-Port': {
    list: false,
    mayBeEmpty: { example: 'the client reaches your servers over a private network' },
    check(value, _context, report) {
      const port = Number(value);
      if (!PORT.test(value) || port > 65535) report.invalid('must be a TCP port number from 1 to 65535');
      else if (port === 80 || port === 443) report.invalid(`is ${port}, a server port; it must be the client's source port as seen by your edge`);
    },
  },

  'Gov-Client-Screens': {
    list: true,
    mayBeEmpty: false,
    check(value, _context, report) {
      for (const { position, pairs } of keyValueList(value, 'screen', report)) {
        const where = `screen ${position} `;
        requirePositive(pairs, 'width', POSITIVE_INTEGER, 'a positive whole number of pixels', where, report);
        requirePositive(pairs, 'height', POSITIVE_INTEGER, 'a positive whole number of pixels', where, report);
        requirePositive(pairs, 'scaling-factor', POSITIVE_DECIMAL, 'a positive number', where, report);
        requirePositive(pairs, 'colour-depth', POSITIVE_INTEGER, 'a positive whole number of bits', where, report);
      }
    },
  },

  'Gov-Client-Timezone': {
    list: false,
    mayBeEmpty: false,
    check(value, _context, report) {
      const match = TIMEZONE.exec(value);
      const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
      if (!match || Number(match[2]) > 59) report.invalid("must be 'UTC±hh:mm', e.g. 'UTC+00:00' or 'UTC-01:15'");
      else if (value[3] === '+' ? minutes > 14 * 60 : minutes > 12 * 60) report.invalid('is outside the offsets in use on Earth (UTC-12:00 to UTC+14:00)');
    },
  },

  'Gov-Client-User-Agent': {
    list: false,
    mayBeEmpty: false,
    check(value, _context, report) {
      const pairs = keyValues(value, report);
      for (const key of ['os-family', 'os-version', 'device-manufacturer', 'device-model']) {
        const v = pairs.get(key);
        if (v === undefined) report.invalid(`lacks the key '${key}' (os-family, os-version, device-manufacturer and device-model are all expected)`);
        else if (v === '') report.doubtful(`has an empty '${key}': acceptable only when the platform cannot report it`);
      }
    },
  },

  'Gov-Client-User-IDs': {
    list: false,
    mayBeEmpty: false,
    check(value, context, report) {
      const pairs = keyValues(value, report);
      if (pairs.size > 0 && [...pairs.values()].every((v) => v === '')) report.invalid("must identify the user: at least one '<account>=<identifier>' pair with a value, e.g. 'my-application=alice123'");
      if (context.method === 'WEB_APP_VIA_SERVER' && pairs.has('os')) {
        report.doubtful("has an 'os' key, which browsers cannot know; the spec says to check the connection method");
      }
    },
  },

  'Gov-Client-Window-Size': {
    list: false,
    mayBeEmpty: false,
    check(value, _context, report) {
      const pairs = keyValues(value, report);
      requirePositive(pairs, 'width', POSITIVE_INTEGER, 'a positive whole number of pixels', '', report);
      requirePositive(pairs, 'height', POSITIVE_INTEGER, 'a positive whole number of pixels', '', report);
    },
  },

  'Gov-Vendor-Forwarded': {
    list: true,
    mayBeEmpty: { example: 'the client reaches your servers over a private network' },
    check(value, context, report) {
      const hops = keyValueList(value, 'hop', report).map(({ position, pairs }) => ({
        by: hopIp(pairs, 'by', `hop ${position} `, report),
        for: hopIp(pairs, 'for', `hop ${position} `, report),
      }));
      const [first] = hops;
      if (!first) return;
      const vendorIp = otherPublicIp(context, 'Gov-Vendor-Public-IP');
      if (first.by && vendorIp && !sameIp(first.by, vendorIp)) {
        report.inconsistent("hop 1 'by' is not Gov-Vendor-Public-IP: the first hop must be received on the address clients connect to", ['Gov-Vendor-Public-IP']);
      }
      const clientIp = otherPublicIp(context, 'Gov-Client-Public-IP');
      if (first.for && clientIp && !sameIp(first.for, clientIp)) {
        report.inconsistent("hop 1 'for' is not Gov-Client-Public-IP: the first hop must come from the originating device", ['Gov-Client-Public-IP']);
      }
      // A server's egress address can differ from the one it received on, so a broken chain is only doubtful.
      for (let i = 1; i < hops.length; i++) {
        const previous = hops[i - 1]!.by;
        const sender = hops[i]!.for;
        if (previous && sender && !sameIp(previous, sender)) report.doubtful(`hop ${i + 1} 'for' is not hop ${i}'s 'by': each hop after the first should come from the server of the hop before`);
      }
    },
  },

  'Gov-Vendor-License-IDs': {
    list: false,
    mayBeEmpty: { example: 'there are no licences on the originating device' },
    check(value, _context, report) {
      for (const [software, hash] of keyValues(value, report)) {
        if (hash === null) continue;
        if (hash === '') report.invalid(`has no hashed licence for ${quote(software)}`);
        else if (!/^[0-9A-Fa-f]{32,}$/.test(hash) && !/^[A-Za-z0-9+/_-]{22,}={0,2}$/.test(hash)) {
          report.doubtful(`has a value for ${quote(software)} that does not look like a hash; send a consistent hash of the licence key, never the key`);
        }
      }
    },
  },

  'Gov-Vendor-Product-Name': {
    list: false,
    mayBeEmpty: false,
    check(value, _context, report) {
      const name = decodeComponent(value);
      if (name === null) report.invalid("must be percent-encoded, e.g. 'Product%20Name' (spaces and punctuation encoded)");
    },
  },

  'Gov-Vendor-Public-IP': {
    list: false,
    mayBeEmpty: { example: 'the client reaches your servers over a private network' },
    check: (value, _context, report) => checkPublicIp(value, report),
  },

  'Gov-Vendor-Version': {
    list: false,
    mayBeEmpty: false,
    check(value, context, report) {
      const pairs = keyValues(value, report);
      for (const [software, version] of pairs) if (version === '') report.invalid(`has no version for ${quote(software)}`);
      if (pairs.size === 1 && context.method && isViaServer(context.method) && context.method !== 'WEB_APP_VIA_SERVER') {
        report.invalid(`has one component, but ${context.method} needs at least two: the client software's and the server's, e.g. 'my-desktop-app=2.2.2&my-server=3.8'`);
      }
    },
  },
};
