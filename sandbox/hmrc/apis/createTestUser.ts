// Create Test User 1.0: individuals (NINO, UTR, MTD IT id as enrolled) and agents (an Agent Reference Number).
import type { ApiHandler } from '../platform/pipeline';
import { HmrcError } from '../platform/errors';
import { newArn, newMtdItId, newNino, newPassword, newUserId, newUtr } from '../identifiers';
import { nextCounter, type EmulatorState, type TestAgent, type TestIndividual } from '../state';

export const INDIVIDUAL_SERVICES = [
  'national-insurance',
  'self-assessment',
  'mtd-income-tax',
  'customs-services',
  'goods-vehicle-movements',
  'import-control-system',
  'mtd-vat',
  'common-transit-convention-traders',
  'common-transit-convention-traders-legacy',
] as const;
export const AGENT_SERVICES = ['agent-services'] as const;

const FIRST_NAMES = ['Ida', 'Omar', 'Priya', 'Tom', 'Grace', 'Kwame', 'Sian', 'Aled', 'Fiona', 'Hamish'];
const LAST_NAMES = ['Newton', 'Hughes', 'Patel', 'Walker', 'Okafor', 'Evans', 'Campbell', 'Murray', 'Jones', 'Clarke'];
const TOWNS = [
  ['Leeds', 'LS1 4AP'],
  ['Cardiff', 'CF10 1EP'],
  ['Glasgow', 'G1 1XQ'],
  ['Bristol', 'BS1 5TR'],
  ['Belfast', 'BT1 5GS'],
] as const;

function serviceNames(body: unknown, allowed: readonly string[], required: boolean): string[] {
  if (body === undefined && !required) return [];
  const names = (body as { serviceNames?: unknown } | undefined)?.serviceNames;
  if (names === undefined && !required) return [];
  if (!Array.isArray(names)) throw new HmrcError(400, 'INVALID_REQUEST', 'serviceNames: expected a list of service names', ['/serviceNames']);
  const unknown = names.filter((n) => typeof n !== 'string' || !allowed.includes(n));
  if (unknown.length > 0) throw new HmrcError(400, 'INVALID_REQUEST', `serviceNames: unknown services ${unknown.map(String).join(', ')}`, ['/serviceNames']);
  return [...new Set(names as string[])];
}

function person(state: EmulatorState) {
  const n = nextCounter(state, 'person');
  const firstName = FIRST_NAMES[n % FIRST_NAMES.length]!;
  const lastName = LAST_NAMES[Math.floor(n / FIRST_NAMES.length) % LAST_NAMES.length]!;
  const [town, postcode] = TOWNS[n % TOWNS.length]!;
  return {
    firstName,
    lastName,
    userFullName: `${firstName} ${lastName}`,
    emailAddress: `${firstName}.${lastName}${n}@example.com`.toLowerCase(),
    dateOfBirth: `19${60 + (n % 40)}-0${1 + (n % 9)}-1${n % 10}`,
    address: { line1: `${n} Test Street`, line2: town, postcode },
  };
}

export function createIndividual(state: EmulatorState, services: string[]): TestIndividual {
  const p = person(state);
  const user: TestIndividual = {
    kind: 'individual',
    userId: newUserId(state),
    password: newPassword(),
    userFullName: p.userFullName,
    emailAddress: p.emailAddress,
    serviceNames: services,
    individualDetails: { firstName: p.firstName, lastName: p.lastName, dateOfBirth: p.dateOfBirth, address: p.address },
    ...(services.includes('national-insurance') || services.includes('mtd-income-tax') ? { nino: newNino(state) } : {}),
    ...(services.includes('self-assessment') ? { saUtr: newUtr(state) } : {}),
    ...(services.includes('mtd-income-tax') ? { mtdItId: newMtdItId(state) } : {}),
  };
  state.users[user.userId] = user;
  return user;
}

export function createAgent(state: EmulatorState, services: string[]): TestAgent {
  const p = person(state);
  const user: TestAgent = {
    kind: 'agent',
    userId: newUserId(state),
    password: newPassword(),
    userFullName: p.userFullName,
    emailAddress: p.emailAddress,
    serviceNames: services,
    agentServicesAccountNumber: services.includes('agent-services') ? newArn(state) : '',
  };
  state.users[user.userId] = user;
  return user;
}

export function createTestUserHandlers(state: EmulatorState, changed: () => void) {
  const createIndividualHandler: ApiHandler = ({ body }) => {
    const user = createIndividual(state, serviceNames(body, INDIVIDUAL_SERVICES, false));
    changed();
    const { kind: _kind, serviceNames: _services, ...response } = user;
    return { status: 201, body: response, write: user.nino ? { nino: user.nino } : {} };
  };

  const createAgentHandler: ApiHandler = ({ body }) => {
    const user = createAgent(state, serviceNames(body, AGENT_SERVICES, true));
    changed();
    return {
      status: 201,
      body: {
        userId: user.userId,
        password: user.password,
        userFullName: user.userFullName,
        emailAddress: user.emailAddress,
        ...(user.agentServicesAccountNumber ? { agentServicesAccountNumber: user.agentServicesAccountNumber } : {}),
      },
    };
  };

  const services: ApiHandler = () => ({
    status: 200,
    body: [
      ...INDIVIDUAL_SERVICES.map((key) => ({ key, name: key.replace(/-/g, ' ').replace(/\b\w/g, (l) => l.toUpperCase()), allowedUserTypes: ['INDIVIDUAL', 'ORGANISATION'] })),
      { key: 'agent-services', name: 'Agent Services', allowedUserTypes: ['AGENT'] },
    ],
  });

  return { createIndividual: createIndividualHandler, createAgent: createAgentHandler, services };
}
