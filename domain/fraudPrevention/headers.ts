// HMRC's fraud prevention headers (spec 3.3): the connection methods and the one table of which headers each must send.

export const FRAUD_PREVENTION_SPEC_VERSION = '3.3';

export const connectionMethods = [
  'WEB_APP_VIA_SERVER',
  'DESKTOP_APP_DIRECT',
  'DESKTOP_APP_VIA_SERVER',
  'MOBILE_APP_DIRECT',
  'MOBILE_APP_VIA_SERVER',
  'BATCH_PROCESS_DIRECT',
  'OTHER_DIRECT',
  'OTHER_VIA_SERVER',
] as const;

export type ConnectionMethod = (typeof connectionMethods)[number];

export function isConnectionMethod(value: string): value is ConnectionMethod {
  return (connectionMethods as readonly string[]).includes(value);
}

/** Requests pass through the vendor's servers before reaching HMRC, so Gov-Vendor-Forwarded and the public IPs apply. */
export function isViaServer(method: ConnectionMethod): boolean {
  return method.endsWith('_VIA_SERVER');
}

type Must = 0 | 1;
type Row = readonly [Must, Must, Must, Must, Must, Must, Must, Must];

// The spec's table, kept in its shape so it can be checked against it by eye: one column per connection method,
// in the order of `connectionMethods`; 1 = the method must send the header.
const requirementTable = {
  //                                    WEB  DAD  DAV  MAD  MAV  BATCH OD  OVS
  'Gov-Client-Connection-Method':       [1,   1,   1,   1,   1,   1,   1,   1],
  'Gov-Client-Browser-JS-User-Agent':   [1,   0,   0,   0,   0,   0,   0,   0],
  'Gov-Client-Device-ID':               [1,   1,   1,   1,   1,   1,   1,   1],
  'Gov-Client-Local-IPs':               [0,   1,   1,   1,   1,   1,   1,   1],
  'Gov-Client-Local-IPs-Timestamp':     [0,   1,   1,   1,   1,   1,   1,   1],
  'Gov-Client-MAC-Addresses':           [0,   1,   1,   0,   0,   1,   1,   1],
  'Gov-Client-Multi-Factor':            [1,   1,   1,   1,   1,   0,   1,   1],
  'Gov-Client-Public-IP':               [1,   0,   1,   0,   1,   0,   0,   1],
  'Gov-Client-Public-IP-Timestamp':     [1,   0,   1,   0,   1,   0,   0,   1],
  'Gov-Client-Public-Port':             [1,   0,   1,   0,   1,   0,   0,   1],
  'Gov-Client-Screens':                 [1,   1,   1,   1,   1,   0,   0,   0],
  'Gov-Client-Timezone':                [1,   1,   1,   1,   1,   1,   1,   1],
  'Gov-Client-User-Agent':              [0,   1,   1,   1,   1,   1,   1,   1],
  'Gov-Client-User-IDs':                [1,   1,   1,   1,   1,   1,   1,   1],
  'Gov-Client-Window-Size':             [1,   1,   1,   1,   1,   0,   0,   0],
  'Gov-Vendor-Forwarded':               [1,   0,   1,   0,   1,   0,   0,   1],
  'Gov-Vendor-License-IDs':             [1,   1,   1,   1,   1,   1,   1,   1],
  'Gov-Vendor-Product-Name':            [1,   1,   1,   1,   1,   1,   1,   1],
  'Gov-Vendor-Public-IP':               [1,   0,   1,   0,   1,   0,   0,   1],
  'Gov-Vendor-Version':                 [1,   1,   1,   1,   1,   1,   1,   1],
} as const satisfies Record<string, Row>;

/** A header of spec 3.3, spelt as the spec spells it (HTTP compares names case-insensitively). */
export type FraudPreventionHeader = keyof typeof requirementTable;

export const fraudPreventionHeaders: readonly FraudPreventionHeader[] = Object.freeze(Object.keys(requirementTable) as FraudPreventionHeader[]);

/** The headers each connection method must send, in the spec's order. */
export const requiredHeaders: Readonly<Record<ConnectionMethod, readonly FraudPreventionHeader[]>> = (() => {
  const byMethod = {} as Record<ConnectionMethod, readonly FraudPreventionHeader[]>;
  connectionMethods.forEach((method, column) => {
    byMethod[method] = Object.freeze(fraudPreventionHeaders.filter((header) => requirementTable[header][column] === 1));
  });
  return Object.freeze(byMethod);
})();

/** Headers earlier versions of the spec required and 3.3 no longer mentions. */
export const retiredHeaders = ['Gov-Client-Browser-Plugins', 'Gov-Client-Browser-Do-Not-Track'] as const;

/**
 * Headers a method no longer needs but may still send: the change log says sending them "is not an issue"
 * (3.1, web: plugins and local IPs; 3.2, web: Do-Not-Track; mobile: MAC addresses).
 */
export const toleratedHeaders: Readonly<Record<ConnectionMethod, readonly string[]>> = {
  WEB_APP_VIA_SERVER: ['Gov-Client-Local-IPs', 'Gov-Client-Local-IPs-Timestamp', 'Gov-Client-Browser-Plugins', 'Gov-Client-Browser-Do-Not-Track'],
  DESKTOP_APP_DIRECT: [],
  DESKTOP_APP_VIA_SERVER: [],
  MOBILE_APP_DIRECT: ['Gov-Client-MAC-Addresses'],
  MOBILE_APP_VIA_SERVER: ['Gov-Client-MAC-Addresses'],
  BATCH_PROCESS_DIRECT: [],
  OTHER_DIRECT: [],
  OTHER_VIA_SERVER: [],
};

export function isRequired(method: ConnectionMethod, header: FraudPreventionHeader): boolean {
  return requiredHeaders[method].includes(header);
}
