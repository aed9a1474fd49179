// HMRC's fraud prevention headers for the two ways the engine calls HMRC: a batch step no one started
// (BATCH_PROCESS_DIRECT) and an action staff took in the console (WEB_APP_VIA_SERVER). Every set is checked against
// the specification before it is sent: an invalid header is our bug, never something to send.
import { validateFraudPreventionHeaders, type FraudPreventionVerdict } from '../../domain/fraudPrevention';

const enc = encodeURIComponent;

function keyValues(pairs: Record<string, string>): string {
  return Object.entries(pairs)
    .map(([k, v]) => `${enc(k)}=${enc(v)}`)
    .join('&');
}

/** What the engine's own machine says about itself for batch work (collected by collectBatchDevice). */
export interface BatchDevice {
  /** Generated once per installation and kept; never changes while the installation lives. */
  deviceId: string;
  localIps: string[];
  macAddresses: string[];
  osUser: string;
  osFamily: string;
  osVersion: string;
  deviceManufacturer: string;
  deviceModel: string;
}

/** What the practice's software is: its product name, component versions and hashed licence keys. */
export interface Vendor {
  productName: string;
  versions: Record<string, string>;
  licenseIds: Record<string, string>;
  /** The practice's account id in the engine, for Gov-Client-User-IDs. */
  practiceUserId: string;
}

/** What the console and API collected from the member of staff's browser and the request that reached us. */
export interface WebSession {
  deviceId: string;
  browserJsUserAgent: string;
  /** Null when the client reaches us over a private network (or through a proxy we cannot see past): sent empty. */
  clientPublicIp: string | null;
  clientPublicPort: number | null;
  /** When the public IP was seen at our edge (ISO instant: a session travels through Temporal as JSON). */
  clientPublicIpSeenAt: string;
  screens: { width: number; height: number; scalingFactor: number; colourDepth: number }[];
  windowSize: { width: number; height: number };
  /** The browser's offset from UTC in minutes east (e.g. 60 for BST). */
  timezoneOffsetMinutes: number;
  staffUserId: string;
  multiFactor: { type: 'TOTP' | 'AUTH_CODE' | 'OTHER'; at: string; uniqueReference: string }[];
  /** Our servers' public address (VENDOR_PUBLIC_IP); null when unknown: sent empty. */
  vendorPublicIp: string | null;
}

export class FraudPreventionHeaderError extends Error {
  constructor(readonly verdict: FraudPreventionVerdict) {
    super(`Fraud prevention headers are not valid: ${verdict.errors.map((e) => e.message).join('; ')}`);
    this.name = 'FraudPreventionHeaderError';
  }
}

function timezone(offsetMinutes: number): string {
  const sign = offsetMinutes < 0 ? '-' : '+';
  const abs = Math.abs(offsetMinutes);
  return `UTC${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}

/** Refuses a set HMRC would judge invalid; warnings (possibly invalid) are returned for the caller to log. */
export function checked(headers: Record<string, string>, now: Date): { headers: Record<string, string>; warnings: FraudPreventionVerdict['warnings'] } {
  const verdict = validateFraudPreventionHeaders(headers, { now });
  if (verdict.code === 'INVALID_HEADERS') throw new FraudPreventionHeaderError(verdict);
  return { headers, warnings: verdict.warnings };
}

export function batchProcessDirectHeaders(device: BatchDevice, vendor: Vendor, now: Date) {
  return checked(
    {
      'Gov-Client-Connection-Method': 'BATCH_PROCESS_DIRECT',
      'Gov-Client-Device-ID': device.deviceId,
      'Gov-Client-Local-IPs': device.localIps.map(enc).join(','),
      'Gov-Client-Local-IPs-Timestamp': now.toISOString(),
      'Gov-Client-MAC-Addresses': device.macAddresses.map(enc).join(','),
      'Gov-Client-Timezone': 'UTC+00:00',
      'Gov-Client-User-Agent': keyValues({ 'os-family': device.osFamily, 'os-version': device.osVersion, 'device-manufacturer': device.deviceManufacturer, 'device-model': device.deviceModel }),
      'Gov-Client-User-IDs': keyValues({ os: device.osUser, 'practice-engine': vendor.practiceUserId }),
      'Gov-Vendor-License-IDs': keyValues(vendor.licenseIds),
      'Gov-Vendor-Product-Name': enc(vendor.productName),
      'Gov-Vendor-Version': keyValues(vendor.versions),
    },
    now,
  );
}

export function webAppViaServerHeaders(session: WebSession, vendor: Vendor, now: Date) {
  return checked(
    {
      'Gov-Client-Connection-Method': 'WEB_APP_VIA_SERVER',
      'Gov-Client-Browser-JS-User-Agent': session.browserJsUserAgent,
      'Gov-Client-Device-ID': session.deviceId,
      'Gov-Client-Multi-Factor': session.multiFactor
        .map((f) => keyValues({ type: f.type, timestamp: `${new Date(f.at).toISOString().slice(0, 16)}Z`, 'unique-reference': f.uniqueReference }))
        .join(','),
      'Gov-Client-Public-IP': session.clientPublicIp ?? '',
      'Gov-Client-Public-IP-Timestamp': session.clientPublicIp ? new Date(session.clientPublicIpSeenAt).toISOString() : '',
      'Gov-Client-Public-Port': session.clientPublicIp && session.clientPublicPort ? String(session.clientPublicPort) : '',
      'Gov-Client-Screens': session.screens
        .map((s) => keyValues({ width: String(s.width), height: String(s.height), 'scaling-factor': String(s.scalingFactor), 'colour-depth': String(s.colourDepth) }))
        .join(','),
      'Gov-Client-Timezone': timezone(session.timezoneOffsetMinutes),
      'Gov-Client-User-IDs': keyValues({ 'practice-engine': session.staffUserId }),
      'Gov-Client-Window-Size': keyValues({ width: String(session.windowSize.width), height: String(session.windowSize.height) }),
      // HMRC allows these empty when an address cannot be seen (a private network), the gap agreed with HMRC.
      'Gov-Vendor-Forwarded': session.vendorPublicIp && session.clientPublicIp ? keyValues({ by: session.vendorPublicIp, for: session.clientPublicIp }) : '',
      'Gov-Vendor-License-IDs': keyValues(vendor.licenseIds),
      'Gov-Vendor-Product-Name': enc(vendor.productName),
      'Gov-Vendor-Public-IP': session.vendorPublicIp ?? '',
      'Gov-Vendor-Version': keyValues(vendor.versions),
    },
    now,
  );
}

/** The set for one call: WEB_APP_VIA_SERVER when a member of staff's session travels with it, otherwise batch. */
export function fraudPreventionHeadersFor(call: { webSession?: WebSession }, device: BatchDevice, vendor: Vendor, now: Date): Record<string, string> {
  return (call.webSession ? webAppViaServerHeaders(call.webSession, vendor, now) : batchProcessDirectHeaders(device, vendor, now)).headers;
}
