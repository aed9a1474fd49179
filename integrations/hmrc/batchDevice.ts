// What the engine's machine reports about itself in batch fraud prevention headers: its addresses, user and system.
import { networkInterfaces, platform, release, userInfo, hostname } from 'node:os';
import type { BatchDevice } from './fraudPreventionHeaders';

/** Reads the machine's interfaces each time (HMRC wants them collected just before each request). */
export function collectBatchDevice(deviceId: string): BatchDevice {
  const addresses = Object.values(networkInterfaces()).flatMap((list) => list ?? []);
  const external = addresses.filter((a) => !a.internal);
  const localIps = (external.length > 0 ? external : addresses).map((a) => a.address.split('%')[0]!);
  const macAddresses = [...new Set(external.map((a) => a.mac).filter((m) => m && m !== '00:00:00:00:00:00'))];
  return {
    deviceId,
    localIps: localIps.length > 0 ? localIps : ['127.0.0.1'],
    // Only real addresses: with none, the header goes empty (HMRC's rule for a value that cannot be collected).
    macAddresses,
    osUser: userInfo().username || 'practice-engine',
    osFamily: platform() === 'linux' ? 'Linux' : platform(),
    osVersion: release(),
    deviceManufacturer: 'Practice Engine',
    deviceModel: hostname() || 'worker',
  };
}
