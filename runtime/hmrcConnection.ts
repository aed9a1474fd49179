// The engine's connection to HMRC: its OAuth settings, the practice's token store and the client batch activities use.
import { createHash } from 'node:crypto';
import type { EngineSettings } from '../config/config';
import type { Db } from '../db/connect';
import { collectBatchDevice } from '../integrations/hmrc/batchDevice';
import { createHmrcClient, type HmrcClient } from '../integrations/hmrc/client';
import { fraudPreventionHeadersFor, type Vendor } from '../integrations/hmrc/fraudPreventionHeaders';
import { AGENT_SCOPES, type HmrcOAuthSettings } from '../integrations/hmrc/oauth';
import { createHmrcTokenStore, type HmrcTokenStore } from '../integrations/hmrc/tokenStore';

export const VENDOR_PRODUCT = 'Practice Engine';
export const VENDOR_VERSION = '0.1.0';

/**
 * A device id that lives as long as the installation (HMRC: generated once, kept, never changed): derived from the
 * installation's encryption key, which is itself generated once and kept, without revealing it.
 */
export function installationDeviceId(encryptionKey: Buffer): string {
  const h = createHash('sha256').update('practice-engine-device-id').update(encryptionKey).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-${((parseInt(h[16]!, 16) & 0x3) | 0x8).toString(16)}${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

export interface HmrcConnection {
  oauth: HmrcOAuthSettings;
  tokens: HmrcTokenStore;
  client: HmrcClient;
}

export function createHmrcConnection(settings: EngineSettings, db: Db): HmrcConnection {
  const baseUrl = settings.hmrc.baseUrl;
  if (!baseUrl) throw new Error('HMRC_BASE_URL: expected the HMRC API host or the embedded emulator (npm start sets it)');
  const apiUrl = `http://${settings.apiHost === '0.0.0.0' ? 'localhost' : settings.apiHost}:${settings.apiPort}`;
  const oauth: HmrcOAuthSettings = {
    authorizeBaseUrl: settings.hmrc.authorizeUrl ?? baseUrl,
    tokenBaseUrl: baseUrl,
    clientId: settings.hmrc.clientId,
    clientSecret: settings.hmrc.clientSecret,
    redirectUri: `${apiUrl}/api/connections/hmrc/callback`,
    scopes: AGENT_SCOPES,
  };
  const tokens = createHmrcTokenStore({ db, key: settings.encryptionKey, oauth });
  return { oauth, tokens, client: installationHmrcClient(settings, () => tokens.accessToken()) };
}

/**
 * An HMRC client as this installation sends its calls (its device id and vendor in the fraud prevention headers) over
 * any token: the practice's token store for the engine's work, a test user's token for set-up against the emulator.
 */
export function installationHmrcClient(settings: EngineSettings, accessToken: () => Promise<string> | string): HmrcClient {
  const baseUrl = settings.hmrc.baseUrl;
  if (!baseUrl) throw new Error('HMRC_BASE_URL: expected the HMRC API host or the embedded emulator (npm start sets it)');
  const deviceId = installationDeviceId(settings.encryptionKey);
  const keyHash = createHash('sha256').update('practice-engine-licence').update(settings.encryptionKey).digest('hex');
  const vendor: Vendor = { productName: VENDOR_PRODUCT, versions: { 'practice-engine': VENDOR_VERSION }, licenseIds: { 'practice-engine': keyHash }, practiceUserId: 'practice' };
  return createHmrcClient({
    baseUrl,
    accessToken,
    fraudPreventionHeaders: (call) => fraudPreventionHeadersFor(call, collectBatchDevice(deviceId), vendor, new Date()),
  });
}
