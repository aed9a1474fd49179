// The demo practice `npm start` seeds on an empty database, against the embedded emulators: the practice as an HMRC
// agent (its ARN and tokens), a member of staff of each role, 25 clients with their businesses (three with books in FreeAgent), and their 2026-27 years
// on one compressed calendar that the HMRC emulator's clock follows. Later starts put that clock and the books back.
import { readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import got from 'got';
import type { EngineSettings } from '../config/config';
import type { Db } from '../db/connect';
import { dateAt, londonStartOfDay } from '../domain/timeline';
import type { IsoDate } from '../domain/taxYear';
import { exchangeAuthorisationCode, toConnectionTokens } from '../integrations/freeagent/oauth';
import { HMRC_APIS } from '../integrations/hmrc/apiVersions';
import type { HmrcCall, HmrcResult } from '../integrations/hmrc/client';
import { HmrcApiError } from '../integrations/hmrc/errors';
import { AGENT_SCOPES } from '../integrations/hmrc/oauth';
import { createFreeAgentConnection } from '../runtime/freeAgentConnection';
import { createHmrcConnection, installationHmrcClient } from '../runtime/hmrcConnection';
import type { RunningHmrcEmulator } from '../runtime/hmrcEmulator';
import { demoBearerToken, seedDemoStaff } from './demoStaff';

const TAX_YEAR = '2026-27';
const YEAR_STARTS: IsoDate = '2026-04-06';
const DEMO_FILE = 'demo-practice.json';

/** The demo's calendar: 6 April 2026 begins at `originAt`, and every later day lasts `msPerDay`. */
export interface DemoCalendar {
  origin: IsoDate;
  originAt: string;
  msPerDay: number;
}

/** What a later start needs to put the demo back: its calendar and the practice's agent in the HMRC emulator. */
interface DemoRecord {
  calendar: DemoCalendar;
  agent: { userId: string; arn: string };
}

interface Posting {
  dated_on: IsoDate;
  nominal_code: string;
  debit_value: string;
  description: string;
}

interface Books {
  subdomain: string;
  companyName: string;
  type: 'UkSoleTrader' | 'UkUnincorporatedLandlord';
  /** The client as a FreeAgent user (clients.freeagent_user_id); fixed, so the books come back the same after a restart. */
  userId: number;
  postings: Posting[];
}

type Business = { typeOfBusiness: 'self-employment'; tradingName: string; commencementDate: IsoDate } | { typeOfBusiness: 'uk-property'; commencementDate: IsoDate };

interface DemoClient {
  name: string;
  businesses: Business[];
  /** False: the client has not yet authorised the practice, so the year starts by inviting them. */
  authorised: boolean;
  /** The practice's policy: submissions go to HMRC without a reviewer. */
  approveAutomatically: boolean;
  /** Null: no FreeAgent, so staff key each quarter's figures. */
  books: Books | null;
}

/**
 * A posting a month from April 2026 to March 2027 on `day` (6 or later, so April's falls in the tax year), one amount a
 * month in pounds (0: none that month). FreeAgent posts income as a credit, so `income` amounts become negative debits.
 */
function monthly(day: number, nominalCode: string, amounts: number[], description: string, kind: 'income' | 'expense'): Posting[] {
  return amounts.flatMap((amount, i) => {
    if (amount === 0) return [];
    const month = ((3 + i) % 12) + 1;
    const year = i < 9 ? 2026 : 2027;
    const dated = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
    return [{ dated_on: dated, nominal_code: nominalCode, debit_value: (kind === 'income' ? -amount : amount).toFixed(2), description }];
  });
}

const DEMO_CLIENTS: DemoClient[] = [
  {
    name: 'Amira Okafor (sole trader, web design)',
    businesses: [{ typeOfBusiness: 'self-employment', tradingName: 'Okafor Web Design', commencementDate: '2019-09-01' }],
    authorised: true,
    approveAutomatically: true,
    books: {
      subdomain: 'okafor-web-design',
      companyName: 'Okafor Web Design',
      type: 'UkSoleTrader',
      userId: 7001,
      postings: [
        ...monthly(15, '001', [3200, 4100, 2800, 3900, 3600, 4500, 3300, 4200, 5100, 2900, 3800, 4400], 'Website builds and retainers', 'income'),
        ...monthly(8, '101', [180, 180, 240, 180, 180, 310, 180, 180, 180, 260, 180, 180], 'Themes, fonts and stock photos', 'expense'),
        ...monthly(22, '285', [0, 95, 0, 140, 0, 60, 0, 120, 0, 85, 0, 150], 'Client visits', 'expense'),
      ],
    },
  },
  {
    name: 'Ben Hartley (landlord, two flats)',
    businesses: [{ typeOfBusiness: 'uk-property', commencementDate: '2018-05-01' }],
    authorised: true,
    approveAutomatically: true,
    books: {
      subdomain: 'hartley-lets',
      companyName: 'Hartley Lets',
      type: 'UkUnincorporatedLandlord',
      userId: 7002,
      postings: [
        ...monthly(6, '001', Array<number>(12).fill(1150), 'Rent, flat 1', 'income'),
        // Flat 2 stood empty in August between tenants.
        ...monthly(9, '001', [950, 950, 950, 950, 0, 950, 950, 950, 950, 950, 950, 950], 'Rent, flat 2', 'income'),
        ...monthly(20, '102', [210, 210, 210, 210, 115, 210, 210, 210, 210, 210, 210, 210], 'Letting agent', 'expense'),
        ...monthly(24, '285', [0, 0, 48, 0, 0, 52, 0, 0, 48, 0, 0, 55], 'Trips to the flats', 'expense'),
      ],
    },
  },
  {
    name: 'Chloe Nguyen (plumber with a weekend coffee cart)',
    businesses: [
      { typeOfBusiness: 'self-employment', tradingName: 'Nguyen Plumbing', commencementDate: '2016-03-01' },
      { typeOfBusiness: 'self-employment', tradingName: "Chloe's Coffee Cart", commencementDate: '2024-05-01' },
    ],
    authorised: true,
    approveAutomatically: false,
    books: null,
  },
  {
    name: 'Dev Patel (courier, a new client)',
    businesses: [{ typeOfBusiness: 'self-employment', tradingName: 'Patel Deliveries', commencementDate: '2022-02-01' }],
    authorised: false,
    approveAutomatically: true,
    books: {
      subdomain: 'patel-deliveries',
      companyName: 'Patel Deliveries',
      type: 'UkSoleTrader',
      userId: 7004,
      postings: [
        ...monthly(28, '001', [2600, 2750, 2500, 2900, 3100, 2800, 3400, 3900, 2300, 2600, 2700, 2950], 'Deliveries', 'income'),
        ...monthly(12, '285', [410, 420, 395, 430, 445, 400, 460, 480, 380, 410, 420, 435], 'Fuel and parking', 'expense'),
      ],
    },
  },
  ...moreDemoClients(),
];

/**
 * The rest of a practice's book, to fill the console: sole traders and landlords keeping books in FreeAgent (some
 * approved automatically, some waiting for a reviewer each quarter), clients who send figures by hand, and a trade
 * that makes a loss. Amounts vary by client and month but are fixed, so a restart puts the same books back.
 */
function moreDemoClients(): DemoClient[] {
  const people: [name: string, trade: string, shape: 'trade' | 'lets' | 'by-hand' | 'loss', approve: boolean][] = [
    ['Grace Whitfield', 'hairdresser', 'trade', true],
    ['Tom Baptiste', 'electrician', 'trade', false],
    ['Priya Raman', 'translator', 'trade', true],
    ['Owen Griffiths', 'joiner', 'trade', false],
    ['Hannah Kowalski', 'photographer', 'trade', true],
    ['Marcus Lindqvist', 'bike mechanic', 'trade', true],
    ['Sofia Marchetti', 'caterer', 'trade', false],
    ['Kwame Asante', 'tutor', 'trade', true],
    ['Ellie Brennan', 'dog groomer', 'trade', true],
    ['Rory McAllister', 'gardener', 'trade', false],
    ['Yusuf Demir', 'taxi driver', 'trade', true],
    ['Isla Fraser', 'landlord, one house', 'lets', true],
    ['Arjun Mehta', 'landlord, three flats', 'lets', false],
    ['Beatrice Oduya', 'landlord, a holiday flat', 'lets', true],
    ['Callum Reid', 'landlord, two houses', 'lets', false],
    ['Nadia Haddad', 'illustrator, figures sent by email', 'by-hand', false],
    ['Jack Pemberton', 'roofer, figures sent by email', 'by-hand', false],
    ['Freya Lund', 'potter, a new studio running at a loss', 'loss', true],
    ['Leon Achterberg', 'app developer', 'trade', true],
    ['Maya Osei', 'yoga teacher', 'trade', false],
    ['Stefan Novak', 'plasterer', 'trade', true],
  ];
  return people.map(([person, trade, shape, approve], i) => {
    const slug = person.toLowerCase().replace(/[^a-z]+/g, '-');
    const vary = (base: number, spread: number) => Array.from({ length: 12 }, (_, m) => Math.max(0, base + (((i * 31 + m * 17) % 9) - 4) * spread));
    const businesses: Business[] =
      shape === 'lets' ? [{ typeOfBusiness: 'uk-property', commencementDate: '2017-06-01' }] : [{ typeOfBusiness: 'self-employment', tradingName: `${person.split(' ')[1]} ${trade.split(',')[0]}`, commencementDate: shape === 'loss' ? '2026-01-10' : '2015-04-06' }];
    const income = shape === 'loss' ? vary(600, 80) : shape === 'lets' ? vary(1400 + i * 40, 25) : vary(2200 + ((i * 737) % 2500), 90);
    const expenses = shape === 'loss' ? vary(1700, 60) : vary(300 + ((i * 53) % 400), 20);
    return {
      name: `${person} (${trade})`,
      businesses,
      authorised: true,
      approveAutomatically: approve,
      books:
        shape === 'by-hand'
          ? null
          : {
              subdomain: slug,
              companyName: `${person} ${shape === 'lets' ? 'Lettings' : trade.split(',')[0]}`,
              type: shape === 'lets' ? 'UkUnincorporatedLandlord' : 'UkSoleTrader',
              userId: 7100 + i,
              postings: [
                ...monthly(10 + (i % 15), '001', income, shape === 'lets' ? 'Rent' : 'Sales', 'income'),
                ...monthly(7 + (i % 20), shape === 'lets' ? '102' : '285', expenses, shape === 'lets' ? 'Letting and upkeep' : 'Running costs', 'expense'),
              ],
            },
    };
  });
}

export const DEMO_CLIENT_COUNT = DEMO_CLIENTS.length;

/** The HMRC emulator's clock on the demo's calendar: 6 April 2026 at the origin, running as fast as the years do. */
export function followDemoCalendar(hmrc: RunningHmrcEmulator, calendar: DemoCalendar): void {
  const rate = 86_400_000 / calendar.msPerDay;
  const elapsed = Date.now() - Date.parse(calendar.originAt);
  hmrc.emulator.clock.set(new Date(londonStartOfDay(calendar.origin).getTime() + elapsed * rate), rate);
}

/** Today's date on the demo's calendar. */
export function demoToday(calendar: DemoCalendar): IsoDate {
  return dateAt(Date.now(), { kind: 'compressed', ...calendar });
}

interface SeededClient {
  demo: DemoClient;
  nino: string;
  utr: string;
  postcode: string;
}

/** The demo set up in the emulators and the practice's records, waiting for its clients' years to start. */
export interface PreparedDemo {
  agent: { userId: string; arn: string };
  clients: SeededClient[];
}

/**
 * Sets the demo up before the engine runs: the practice's agent, its clients (authorised by invitation, but one) and
 * their businesses in the HMRC emulator, the books in the FreeAgent emulator with the practice connected to it, and the
 * ARN in the practice's records. Done on the day before the tax year, so every HMRC record is dated before it begins.
 */
export async function prepareDemoPractice(options: { hmrc: RunningHmrcEmulator; settings: EngineSettings; db: Db }): Promise<PreparedDemo> {
  const { hmrc, settings, db } = options;
  // At the real pace, so the tokens issued for set-up last while it runs.
  hmrc.emulator.clock.set(new Date(londonStartOfDay('2026-04-05').getTime() + 9 * 3_600_000));
  // HMRC's test-user tools and the clients' own software are not the practice's traffic: its quota is left whole.
  const rate = hmrc.emulator.rateLimiter.rate;
  hmrc.emulator.rateLimiter.setRate(null);
  try {
    return await seedHmrcAndBooks(hmrc, settings, db);
  } finally {
    hmrc.emulator.rateLimiter.setRate(rate);
  }
}

async function seedHmrcAndBooks(hmrc: RunningHmrcEmulator, settings: EngineSettings, db: Db): Promise<PreparedDemo> {
  const as = (token: string) => <T>(call: HmrcCall) => hmrcCall<T>(settings, token, call);

  const app = as((await emulatorToken(hmrc, settings, {})).access_token);
  const agent = (await app<{ userId: string; agentServicesAccountNumber: string }>({ api: HMRC_APIS.createTestUser, method: 'POST', path: '/create-test-user/agents', body: { serviceNames: ['agent-services'] } })).body;
  const arn = agent.agentServicesAccountNumber;
  const asAgent = as((await emulatorToken(hmrc, settings, { userId: agent.userId })).access_token);

  const clients: SeededClient[] = [];
  for (const demo of DEMO_CLIENTS) {
    const individual = (
      await app<{ userId: string; nino: string; saUtr: string; individualDetails: { address: { postcode: string } } }>({
        api: HMRC_APIS.createTestUser,
        method: 'POST',
        path: '/create-test-user/individuals',
        body: { serviceNames: ['mtd-income-tax', 'self-assessment'] },
      })
    ).body;
    const postcode = individual.individualDetails.address.postcode;
    // The client's own software tells HMRC about their businesses.
    const asClient = as((await emulatorToken(hmrc, settings, { userId: individual.userId })).access_token);
    for (const business of demo.businesses) {
      const address = business.typeOfBusiness === 'self-employment' ? { businessAddressLineOne: '1 High Street', businessAddressCountryCode: 'GB', businessAddressPostcode: postcode } : {};
      await asClient({ api: HMRC_APIS.testSupport, method: 'POST', path: `/individuals/self-assessment-test-support/business/${individual.nino}`, body: { ...business, ...address } });
    }
    if (demo.authorised) {
      const invited = await asAgent({
        api: HMRC_APIS.agentAuthorisation,
        method: 'POST',
        path: `/agents/${arn}/invitations`,
        body: { service: 'MTD-IT', clientType: 'personal', clientIdType: 'ni', clientId: individual.nino, knownFact: postcode, agentType: 'main' },
      });
      const invitationId = invited.location?.split('/').pop();
      if (!invitationId) throw new Error(`Seeding the demo practice: HMRC's emulator named no invitation for ${individual.nino}`);
      await got.post(`${hmrc.url}/emulator/invitations/${invitationId}/accept`);
    }
    clients.push({ demo, nino: individual.nino, utr: individual.saUtr, postcode });
  }

  await restoreBooks(hmrc, settings, db, clients);
  await db
    .insertInto('practice')
    .values({ name: 'Demo Practice', arn, updated_at: new Date() })
    .onConflict((oc) => oc.column('id').doUpdateSet({ arn, updated_at: new Date() }))
    .execute();
  return { agent: { userId: agent.userId, arn }, clients };
}

/**
 * Starts the demo once the engine runs: its staff, the clients through the API (as a manager, by bearer token), the
 * HMRC emulator's clock on the demo's calendar, the agent's HMRC tokens in the practice's token store as the OAuth
 * callback keeps them, then every client's year on that one calendar.
 */
export async function startDemoPractice(options: {
  apiUrl: string;
  hmrc: RunningHmrcEmulator;
  settings: EngineSettings;
  db: Db;
  dataDir: string;
  msPerDay: number;
  prepared: PreparedDemo;
}): Promise<{ calendar: DemoCalendar; years: DemoYear[] }> {
  const { apiUrl, hmrc, settings, db, prepared } = options;
  const staff = await seedDemoStaff(db, options.dataDir);
  const token = await demoBearerToken(apiUrl, staff.find((s) => s.role === 'manager')!);
  const clientIds: string[] = [];
  for (const client of prepared.clients) {
    const created = await post(`${apiUrl}/api/clients`, token, {
      name: client.demo.name,
      nino: client.nino,
      utr: client.utr,
      agentType: 'main',
      postcode: client.postcode,
      freeagentSubdomain: client.demo.books?.subdomain ?? null,
      freeagentUserId: client.demo.books ? String(client.demo.books.userId) : null,
      approveAutomatically: client.demo.approveAutomatically,
    });
    clientIds.push(created.id);
  }

  const calendar: DemoCalendar = { origin: YEAR_STARTS, originAt: new Date(Date.now() + 500).toISOString(), msPerDay: options.msPerDay };
  followDemoCalendar(hmrc, calendar);
  // Issued on the demo's calendar, where HMRC's token lifetimes run in real time (sandbox/hmrc/platform/clock.ts).
  const granted = await emulatorToken(hmrc, settings, { userId: prepared.agent.userId, scopes: AGENT_SCOPES });
  await createHmrcConnection(settings, db).tokens.save({
    accessToken: granted.access_token,
    refreshToken: granted.refresh_token,
    expiresAt: new Date(Date.now() + granted.expires_in * 1000),
    scope: granted.scope,
  });
  await writeFile(join(options.dataDir, DEMO_FILE), JSON.stringify({ calendar, agent: prepared.agent } satisfies DemoRecord, null, 2) + '\n');

  const years: DemoYear[] = [];
  for (const [i, clientId] of clientIds.entries()) {
    const year = await post(`${apiUrl}/api/tax-years`, token, { clientId, taxYear: TAX_YEAR, schedule: { mode: 'compressed', msPerDay: calendar.msPerDay, startAt: calendar.originAt } });
    years.push({ name: prepared.clients[i]!.demo.name, id: year.id });
  }
  return { calendar, years };
}

/** A demo client's year, to look at through GET /api/tax-years/:id. */
export interface DemoYear {
  name: string;
  id: string;
}

/**
 * Puts a seeded demo back before the engine runs again: the HMRC emulator's clock on the demo's calendar (its state is
 * kept on disk, its clock is not) and the books in the FreeAgent emulator, which keeps nothing between runs, with the
 * practice connected to it again. Null when this data folder holds no demo.
 */
export async function resumeDemoPractice(options: {
  hmrc: RunningHmrcEmulator;
  settings: EngineSettings;
  db: Db;
  dataDir: string;
}): Promise<{ calendar: DemoCalendar; years: DemoYear[]; warning: string | null } | null> {
  const record = await readDemoRecord(options.dataDir);
  if (!record) return null;
  followDemoCalendar(options.hmrc, record.calendar);
  const seeded = await options.db.selectFrom('clients').select(['name', 'nino', 'utr']).execute();
  const clients = DEMO_CLIENTS.flatMap((demo) => {
    const row = seeded.find((c) => c.name === demo.name);
    return row?.nino ? [{ demo, nino: row.nino, utr: row.utr ?? '', postcode: '' }] : [];
  });
  await restoreBooks(options.hmrc, options.settings, options.db, clients);
  const agentKnown = Boolean(options.hmrc.emulator.state.users[record.agent.userId]);
  const years = await options.db
    .selectFrom('tax_years')
    .innerJoin('clients', 'clients.id', 'tax_years.client_id')
    .select(['clients.name as name', 'tax_years.id as id'])
    .where('tax_years.tax_year', '=', TAX_YEAR)
    .where('clients.name', 'in', DEMO_CLIENTS.map((c) => c.name))
    .orderBy('clients.created_at')
    .execute();
  return {
    calendar: record.calendar,
    years,
    warning: agentKnown ? null : `the HMRC emulator no longer knows the practice's agent ${record.agent.arn}: its state file was replaced, so the demo cannot go on (remove DATA_DIR to seed it again)`,
  };
}

async function readDemoRecord(dataDir: string): Promise<DemoRecord | null> {
  try {
    return JSON.parse(await readFile(join(dataDir, DEMO_FILE), 'utf8')) as DemoRecord;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

/** The clients' books in the FreeAgent emulator, and the practice's FreeAgent tokens as the OAuth callback keeps them. */
async function restoreBooks(hmrc: RunningHmrcEmulator, settings: EngineSettings, db: Db, clients: SeededClient[]): Promise<void> {
  const withBooks = clients.filter((c) => c.demo.books);
  if (withBooks.length === 0) return;
  const freeagentUrl = `${hmrc.url}/freeagent`;
  for (const { demo, nino, utr } of withBooks) {
    const books = demo.books!;
    const [firstName, ...rest] = demo.name.split(' (')[0]!.split(' ');
    const lastName = rest.join(' ');
    const answer = await got.post(`${freeagentUrl}/emulator/companies`, {
      throwHttpErrors: false,
      json: {
        subdomain: books.subdomain,
        name: books.companyName,
        type: books.type,
        users: [
          {
            id: books.userId,
            first_name: firstName,
            last_name: lastName,
            email: `${books.subdomain}@clients.example`,
            ni_number: nino,
            ...(/^\d{10}$/.test(utr) ? { unique_tax_reference: utr } : {}),
            self_assessment_returns: [{ period_ends_on: '2027-04-05', filing_status: 'unfiled', payments: [] }],
          },
        ],
        postings: books.postings,
      },
    });
    // 409: the books are there already (the emulator outlived a restart of the engine alone).
    if (answer.statusCode !== 201 && answer.statusCode !== 409) throw new Error(`Seeding the demo practice: FreeAgent's emulator refused ${books.subdomain}: ${answer.body}`);
  }

  // The practice's account manager approves the engine's app, and the code is exchanged as the callback does.
  const freeagent = createFreeAgentConnection(settings, db);
  const manager = [...hmrc.freeAgent.state.accountManagers.values()].find((m) => m.senior);
  if (!manager) throw new Error("Seeding the demo practice: FreeAgent's emulator has no senior account manager");
  const approved = await got.post(`${freeagentUrl}/v2/approve_app`, {
    form: { client_id: freeagent.oauth.clientId, redirect_uri: freeagent.oauth.redirectUri, state: 'demo', account_manager_id: String(manager.id) },
    followRedirect: false,
    throwHttpErrors: false,
  });
  const code = approved.headers.location ? new URL(approved.headers.location).searchParams.get('code') : null;
  if (!code) throw new Error(`Seeding the demo practice: FreeAgent's emulator did not approve the app (${approved.statusCode})`);
  await freeagent.tokens.save(toConnectionTokens(await exchangeAuthorisationCode(freeagent.oauth, code, freeagent.oauth.redirectUri), new Date()));
}

interface EmulatorTokens {
  access_token: string;
  refresh_token: string;
  expires_in: number;
  scope: string;
}

/** A test user's tokens (or, without userId, an application token) for the engine's HMRC application, without a browser. */
async function emulatorToken(hmrc: RunningHmrcEmulator, settings: EngineSettings, body: { userId?: string; scopes?: string[] }): Promise<EmulatorTokens> {
  return got.post(`${hmrc.url}/emulator/oauth/token`, { json: { clientId: settings.hmrc.clientId, ...body } }).json<EmulatorTokens>();
}

/** One call as the engine makes them; HMRC's rate limit (the emulator's too) is waited out. */
async function hmrcCall<T>(settings: EngineSettings, token: string, call: HmrcCall): Promise<HmrcResult<T>> {
  const client = installationHmrcClient(settings, () => token);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await client.call<T>(call);
    } catch (err) {
      if (!(err instanceof HmrcApiError && err.kind === 'throttled' && attempt < 30)) throw err;
      await new Promise((resolve) => setTimeout(resolve, 350));
    }
  }
}

async function post(url: string, token: string, body: unknown): Promise<{ id: string }> {
  const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify(body) });
  const json = (await response.json()) as { id: string; message?: string };
  if (!response.ok) throw new Error(`Seeding the demo practice: POST ${url} answered ${response.status}: ${json.message ?? ''}`);
  return json;
}
