// Agent Authorisation 2.0: invitations to a client for MTD-IT (main or supporting agent), relationship checks, de-authorising.
import { randomInt } from 'node:crypto';
import { HmrcError } from '../platform/errors';
import type { ApiHandler, ApiRequest } from '../platform/pipeline';
import type { EmulatorState, Invitation, TestAgent } from '../state';

const NINO = /^[ABCEGHJKLMNOPRSTWXYZ][ABCEGHJKLMNPRSTWXYZ]?\d{2}?\d{2}?\d{2}?[A-D]{1}$/;
const POSTCODE = /^[A-Z]{1,2}[0-9][0-9A-Z]?\s?[0-9][A-Z]{2}$|BFPO\s?[0-9]{1,5}$/;
const ARN = /^[A-Z]ARN[0-9]{7}$/;
const INVITATION_DAYS = 21;
const LIST_DAYS = 30;

/** HMRC's messages for this API (oas/agent-authorisation/2.0/examples/errors). */
const errors = {
  badRequest: () => new HmrcError(400, 'BAD_REQUEST', 'Bad Request'),
  serviceNotSupported: () => new HmrcError(400, 'SERVICE_NOT_SUPPORTED', 'The service requested is not supported. Check the API documentation to find which services are supported.'),
  clientTypeNotSupported: () => new HmrcError(400, 'CLIENT_TYPE_NOT_SUPPORTED', 'The client type requested is not supported. Check the API documentation to find which client types are supported.'),
  clientIdFormatInvalid: () => new HmrcError(400, 'CLIENT_ID_FORMAT_INVALID', 'Client identifier must be in the correct format. Check the API documentation to find the correct format.'),
  clientIdDoesNotMatchService: () =>
    new HmrcError(400, 'CLIENT_ID_DOES_NOT_MATCH_SERVICE', 'The type of client Identifier provided cannot be used with the requested service. Check the API documentation for details of the correct client identifiers to use.'),
  vatRegDateFormatInvalid: () => new HmrcError(400, 'VAT_REG_DATE_FORMAT_INVALID', 'VAT registration date must be in the correct format. Check the API documentation to find the correct format.'),
  postcodeFormatInvalid: () => new HmrcError(400, 'POSTCODE_FORMAT_INVALID', 'Postcode must be in the correct format. Check the API documentation to find the correct format.'),
  agentTypeNotSupported: () => new HmrcError(400, 'AGENT_TYPE_NOT_SUPPORTED', 'The agent type requested is not supported. Check the API documentation to find which agent types are supported.'),
  clientRegistrationNotFound: () => new HmrcError(403, 'CLIENT_REGISTRATION_NOT_FOUND', "The details provided for this client do not match HMRC's records."),
  postcodeDoesNotMatch: () => new HmrcError(403, 'POSTCODE_DOES_NOT_MATCH', "The postcode provided does not match HMRC's record for the client."),
  duplicateAuthorisationRequest: (location: string) =>
    new HmrcError(403, 'DUPLICATE_AUTHORISATION_REQUEST', 'An authorisation request for this service has already been created and is awaiting the client’s response.', undefined, { Location: location }),
  alreadyAuthorised: () => new HmrcError(403, 'ALREADY_AUTHORISED', 'The client has already authorised the agent for this service. The agent does not need ask the client for this authorisation again.'),
  notAnAgent: () => new HmrcError(403, 'NOT_AN_AGENT', 'This user does not have a Government Gateway agent account. They need to create an Government Gateway agent account before they can use this service.'),
  agentNotSubscribed: () => new HmrcError(403, 'AGENT_NOT_SUBSCRIBED', 'This agent needs to create an agent services account before they can use this service.'),
  noPermissionOnAgency: () =>
    new HmrcError(403, 'NO_PERMISSION_ON_AGENCY', 'The user that is signed in cannot access this authorisation request. Their details do not match the agent business that created the authorisation request.'),
  invalidInvitationStatus: () =>
    new HmrcError(403, 'INVALID_INVITATION_STATUS', 'This authorisation request cannot be cancelled as the client has already responded to the request, or the request has expired.'),
  invitationNotFound: () => new HmrcError(404, 'INVITATION_NOT_FOUND', 'The authorisation request cannot be found.'),
  relationshipNotFound: () => new HmrcError(404, 'RELATIONSHIP_NOT_FOUND', 'Relationship is inactive. Agent is not authorised to act for this client.'),
  noRelationship: () => new HmrcError(403, 'NO_RELATIONSHIP', 'The specified relationship does not exist.'),
};

function normalisePostcode(value: string): string {
  return value.replace(/\s+/g, '').toUpperCase();
}

/** The signed-in agent, who must own the ARN in the path. */
function callingAgent(request: ApiRequest): TestAgent {
  const user = request.user;
  if (!user || user.kind !== 'agent') throw errors.notAnAgent();
  if (!user.agentServicesAccountNumber) throw errors.agentNotSubscribed();
  const arn = request.params.arn ?? '';
  if (!ARN.test(arn)) throw errors.badRequest();
  if (arn !== user.agentServicesAccountNumber) throw errors.noPermissionOnAgency();
  return user;
}

interface ClientRequest {
  nino: string;
  knownFact: string | undefined;
  agentType: 'main' | 'supporting';
}

/** Checks an ITSA request body in HMRC's order: shape, service, client type, id type, id format, postcode, agent type. */
function clientRequest(body: unknown, options: { clientType: boolean; knownFactRequired: boolean }): ClientRequest {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw errors.badRequest();
  const b = body as Record<string, unknown>;
  if (typeof b.service !== 'string' || typeof b.clientIdType !== 'string' || typeof b.clientId !== 'string') throw errors.badRequest();
  if (options.knownFactRequired && typeof b.knownFact !== 'string') throw errors.badRequest();
  if (b.service !== 'MTD-IT' && b.service !== 'MTD-VAT') throw errors.serviceNotSupported();
  if (options.clientType && b.clientType !== 'personal' && b.clientType !== 'business') throw errors.clientTypeNotSupported();
  if (b.service === 'MTD-VAT') {
    // VAT clients are outside this emulator: the request is checked, then HMRC holds no such registration here.
    if (b.clientIdType !== 'vrn') throw errors.clientIdDoesNotMatchService();
    if (!/^[0-9]{9}$/.test(b.clientId)) throw errors.clientIdFormatInvalid();
    if (b.knownFact !== undefined && (typeof b.knownFact !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(b.knownFact))) throw errors.vatRegDateFormatInvalid();
    throw errors.clientRegistrationNotFound();
  }
  if (options.clientType && b.clientType !== 'personal') throw errors.clientTypeNotSupported();
  if (b.clientIdType !== 'ni') throw errors.clientIdDoesNotMatchService();
  if (!NINO.test(b.clientId)) throw errors.clientIdFormatInvalid();
  if (b.knownFact !== undefined && (typeof b.knownFact !== 'string' || !POSTCODE.test(b.knownFact.toUpperCase()))) throw errors.postcodeFormatInvalid();
  const agentType = b.agentType ?? 'main';
  if (agentType !== 'main' && agentType !== 'supporting') throw errors.agentTypeNotSupported();
  return { nino: b.clientId, knownFact: b.knownFact as string | undefined, agentType };
}

/** The client must be an MTD IT customer whose postcode matches the known fact. */
function checkKnownFacts(state: EmulatorState, request: ClientRequest): void {
  const client = Object.values(state.users).find((u) => u.kind === 'individual' && u.nino === request.nino && u.mtdItId);
  if (!client || client.kind !== 'individual') throw errors.clientRegistrationNotFound();
  if (request.knownFact !== undefined && normalisePostcode(client.individualDetails.address.postcode) !== normalisePostcode(request.knownFact)) {
    throw errors.postcodeDoesNotMatch();
  }
}

/** Pending invitations past their expiry date read as Expired. */
function refreshStatus(invitation: Invitation, now: Date): Invitation {
  if (invitation.status === 'Pending' && Date.parse(`${invitation.expiresOn}T23:59:59.999Z`) < now.getTime()) invitation.status = 'Expired';
  return invitation;
}

function invitationJson(invitation: Invitation, clientActionBase: string) {
  return {
    _links: { self: { href: `/agents/${invitation.arn}/invitations/${invitation.invitationId}` } },
    created: invitation.created,
    ...(invitation.updated ? { updated: invitation.updated } : {}),
    expiresOn: invitation.expiresOn,
    arn: invitation.arn,
    service: invitation.service,
    status: invitation.status,
    ...(invitation.status === 'Pending' ? { clientActionUrl: `${clientActionBase}/appoint-someone-to-deal-with-HMRC-for-you/${invitation.invitationId}` } : {}),
    agentType: invitation.agentType,
  };
}

function newInvitationId(state: EmulatorState): string {
  const alphabet = 'ABCDEFGHJKLMNOPRSTUWXYZ123456789';
  for (;;) {
    const id = Array.from({ length: 13 }, () => alphabet[randomInt(alphabet.length)]).join('');
    if (!state.invitations[id]) return id;
  }
}

/** The client's answer to an invitation (the clientActionUrl page, or the emulator's shortcut). */
export function respondToInvitation(state: EmulatorState, invitationId: string, accept: boolean, now: Date): Invitation {
  const invitation = state.invitations[invitationId];
  if (!invitation) throw errors.invitationNotFound();
  refreshStatus(invitation, now);
  if (invitation.status !== 'Pending') throw errors.invalidInvitationStatus();
  invitation.status = accept ? 'Accepted' : 'Rejected';
  invitation.updated = now.toISOString();
  if (accept) {
    // One main agent per client, and an agent is either main or supporting for a client, never both.
    state.relationships = state.relationships.filter(
      (r) => !(r.nino === invitation.clientId && (r.arn === invitation.arn || (invitation.agentType === 'main' && r.agentType === 'main'))),
    );
    state.relationships.push({ arn: invitation.arn, nino: invitation.clientId, agentType: invitation.agentType, since: now.toISOString() });
  }
  return invitation;
}

export function agentAuthorisationHandlers(state: EmulatorState, changed: () => void, clientActionBase: () => string) {
  const createInvitation: ApiHandler = (request) => {
    const agent = callingAgent(request);
    const client = clientRequest(request.body, { clientType: true, knownFactRequired: true });
    checkKnownFacts(state, client);
    const arn = agent.agentServicesAccountNumber;
    if (state.relationships.some((r) => r.arn === arn && r.nino === client.nino && r.agentType === client.agentType)) throw errors.alreadyAuthorised();
    const pending = Object.values(state.invitations).find(
      (i) => i.arn === arn && i.clientId === client.nino && i.service === 'MTD-IT' && refreshStatus(i, request.now).status === 'Pending',
    );
    if (pending) throw errors.duplicateAuthorisationRequest(`/agents/${arn}/invitations/${pending.invitationId}`);
    const invitationId = newInvitationId(state);
    // expiresOn is a date (HMRC's schema: format date); the request lapses at the end of that day.
    const expires = request.now.getTime() + INVITATION_DAYS * 86_400_000;
    state.invitations[invitationId] = {
      invitationId,
      arn,
      service: 'MTD-IT',
      clientType: 'personal',
      clientIdType: 'ni',
      clientId: client.nino,
      knownFact: client.knownFact ?? '',
      agentType: client.agentType,
      status: 'Pending',
      created: request.now.toISOString(),
      expiresOn: new Date(expires).toISOString().slice(0, 10),
    };
    changed();
    return { status: 204, headers: { Location: `/agents/${arn}/invitations/${invitationId}` }, write: { nino: client.nino } };
  };

  const listInvitations: ApiHandler = (request) => {
    const arn = callingAgent(request).agentServicesAccountNumber;
    const since = request.now.getTime() - LIST_DAYS * 86_400_000;
    const list = Object.values(state.invitations)
      .filter((i) => i.arn === arn && Date.parse(i.created) >= since)
      .map((i) => invitationJson(refreshStatus(i, request.now), clientActionBase()));
    return list.length === 0 ? { status: 204 } : { status: 200, body: list };
  };

  const findInvitation = (request: ApiRequest): Invitation => {
    const arn = callingAgent(request).agentServicesAccountNumber;
    const invitation = state.invitations[request.params.invitationId ?? ''];
    if (!invitation) throw errors.invitationNotFound();
    if (invitation.arn !== arn) throw errors.noPermissionOnAgency();
    return refreshStatus(invitation, request.now);
  };

  const getInvitation: ApiHandler = (request) => ({ status: 200, body: invitationJson(findInvitation(request), clientActionBase()) });

  const cancelInvitation: ApiHandler = (request) => {
    const invitation = findInvitation(request);
    if (invitation.status !== 'Pending') throw errors.invalidInvitationStatus();
    invitation.status = 'Cancelled';
    invitation.updated = request.now.toISOString();
    changed();
    return { status: 204, write: { nino: invitation.clientId } };
  };

  const checkRelationship: ApiHandler = (request) => {
    const arn = callingAgent(request).agentServicesAccountNumber;
    const client = clientRequest(request.body, { clientType: false, knownFactRequired: true });
    checkKnownFacts(state, client);
    const exists = state.relationships.some((r) => r.arn === arn && r.nino === client.nino && r.agentType === client.agentType);
    if (!exists) throw errors.relationshipNotFound();
    // "Get Status of a Relationship": a POST only because it carries known facts; it changes nothing.
    return { status: 204, readOnly: true };
  };

  const deauthoriseClient: ApiHandler = (request) => {
    const arn = callingAgent(request).agentServicesAccountNumber;
    const client = clientRequest(request.body, { clientType: false, knownFactRequired: false });
    const before = state.relationships.length;
    state.relationships = state.relationships.filter((r) => !(r.arn === arn && r.nino === client.nino));
    if (state.relationships.length === before) throw errors.noRelationship();
    for (const invitation of Object.values(state.invitations)) {
      if (invitation.arn === arn && invitation.clientId === client.nino && invitation.status === 'Accepted') {
        invitation.status = 'Deauthorised';
        invitation.updated = request.now.toISOString();
      }
    }
    changed();
    return { status: 204, write: { nino: client.nino } };
  };

  return { createInvitation, listInvitations, getInvitation, cancelInvitation, checkRelationship, deauthoriseClient };
}
