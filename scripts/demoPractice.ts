// Seeds a demo practice through the API: a few clients whose 2026-27 years run on a compressed schedule.
import { utrCheckDigit } from '../domain/identifiers';

const DEMO_CLIENTS = [
  { name: 'Amira Okafor (sole trader, web design)', nino: 'AA123451A', utrBody: '123456701', agentType: 'main' },
  { name: 'Ben Hartley (landlord, two flats)', nino: 'AB123452B', utrBody: '123456702', agentType: 'main' },
  { name: 'Chloe Nguyen (plumber and landlord)', nino: 'AC123453C', utrBody: '123456703', agentType: 'supporting' },
] as const;

/** A calendar day lasts a second: the year and its final declaration window run in about 11 minutes. */
export const DEMO_MS_PER_DAY = 1000;

export async function seedDemoPractice(apiUrl: string): Promise<{ clients: number }> {
  for (const demo of DEMO_CLIENTS) {
    const client = await post(`${apiUrl}/api/clients`, { name: demo.name, nino: demo.nino, utr: utrCheckDigit(demo.utrBody) + demo.utrBody, agentType: demo.agentType });
    await post(`${apiUrl}/api/tax-years`, { clientId: client.id, taxYear: '2026-27', schedule: { mode: 'compressed', msPerDay: DEMO_MS_PER_DAY } });
  }
  return { clients: DEMO_CLIENTS.length };
}

async function post(url: string, body: unknown): Promise<{ id: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const json = (await response.json()) as { id: string; message?: string };
  if (!response.ok) throw new Error(`Seeding the demo practice: POST ${url} answered ${response.status}: ${json.message ?? ''}`);
  return json;
}
