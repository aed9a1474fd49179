// Whether the practice may act for a client, and asking the client to authorise it (Agent Authorisation 2.0, HMRC
// README §3.9 and §1.9): without a relationship every other call is refused, and a supporting agent may not do it all.
import { ApplicationFailure } from '@temporalio/activity';
import { HMRC_APIS } from '../integrations/hmrc/apiVersions';
import { hmrcDetails, refusedWith, type HmrcCaller, type StaffSession } from './hmrcCalls';

export type AgentType = 'main' | 'supporting';

export type InvitationStatus = 'Pending' | 'Accepted' | 'Rejected' | 'Cancelled' | 'Deauthorised' | 'Expired' | 'Partialauth';

export interface Invitation {
  invitationId: string;
  status: InvitationStatus;
  agentType: AgentType;
  created: string;
  updated?: string;
  expiresOn?: string;
  /** The link the client follows to answer; HMRC gives it only while the invitation is pending. */
  clientActionUrl?: string;
}

export type InvitationOutcome = { outcome: 'already-authorised' } | ({ outcome: 'created' | 'reused' } & Invitation);

interface InvitationBody {
  _links: { self: { href: string } };
  status: InvitationStatus;
  agentType?: AgentType;
  created: string;
  updated?: string;
  expiresOn?: string;
  clientActionUrl?: string;
}

/** HMRC's ids are the last segment of the invitation's link (Location header or `_links.self.href`). */
function invitationIdOf(href: string): string {
  return href.split('/').pop() ?? href;
}

function invitationOf(body: InvitationBody): Invitation {
  return {
    invitationId: invitationIdOf(body._links.self.href),
    status: body.status,
    // HMRC: agentType defaults to main, and invitations made before 2.0 carry none.
    agentType: body.agentType ?? 'main',
    created: body.created,
    ...(body.updated ? { updated: body.updated } : {}),
    ...(body.expiresOn ? { expiresOn: body.expiresOn } : {}),
    ...(body.clientActionUrl ? { clientActionUrl: body.clientActionUrl } : {}),
  };
}

export function createHmrcAuthorisationActivities({ call }: HmrcCaller) {
  /** Agent Authorisation tells a relationship of one agent type at a time: 204 when it exists, 404 when not. */
  async function hasRelationship(input: { arn: string; nino: string; postcode: string } & StaffSession, agentType: AgentType): Promise<boolean> {
    return call({
      api: HMRC_APIS.agentAuthorisation,
      method: 'POST',
      path: `/agents/${input.arn}/relationships`,
      body: { service: 'MTD-IT', clientIdType: 'ni', clientId: input.nino, knownFact: input.postcode, agentType },
      webSession: input.session,
    }).then(
      () => true,
      (err: unknown) => {
        if (refusedWith(err, 'RELATIONSHIP_NOT_FOUND')) return false;
        throw err;
      },
    );
  }

  async function getInvitation(input: { arn: string; invitationId: string } & StaffSession): Promise<Invitation> {
    const result = await call<InvitationBody>({ api: HMRC_APIS.agentAuthorisation, method: 'GET', path: `/agents/${input.arn}/invitations/${input.invitationId}`, webSession: input.session });
    return invitationOf(result.body);
  }

  return {
    /**
     * Whether the practice acts for the client as main or supporting agent, or not at all: a supporting agent cannot
     * calculate or declare, so the year's steps need to know. HMRC needs the client's postcode as a known fact, and
     * answers per agent type, so main is asked first (the usual case) and supporting only when main is not found.
     */
    async checkAgentRelationship(input: { arn: string; nino: string; postcode: string } & StaffSession): Promise<{ status: AgentType | 'none' }> {
      if (await hasRelationship(input, 'main')) return { status: 'main' };
      if (await hasRelationship(input, 'supporting')) return { status: 'supporting' };
      return { status: 'none' };
    },

    /**
     * Asks the client to authorise the practice. Read first: an agent already authorised as this type needs no
     * invitation. HMRC's invitations do not name their client, so a pending one cannot be found by listing; instead
     * HMRC refuses a second request for the same client (DUPLICATE_AUTHORISATION_REQUEST) and points at the pending one,
     * which is then reused: a retry after a lost answer never makes a second invitation.
     */
    async createAuthorisationInvitation(input: { arn: string; nino: string; postcode: string; agentType: AgentType } & StaffSession): Promise<InvitationOutcome> {
      if (await hasRelationship(input, input.agentType)) return { outcome: 'already-authorised' };
      let location: string | undefined;
      let outcome: 'created' | 'reused' = 'created';
      try {
        const created = await call({
          api: HMRC_APIS.agentAuthorisation,
          method: 'POST',
          path: `/agents/${input.arn}/invitations`,
          body: { service: 'MTD-IT', clientType: 'personal', clientIdType: 'ni', clientId: input.nino, knownFact: input.postcode, agentType: input.agentType },
          webSession: input.session,
        });
        location = created.location;
      } catch (err) {
        // The client answered between our read and our request.
        if (refusedWith(err, 'ALREADY_AUTHORISED')) return { outcome: 'already-authorised' };
        if (!refusedWith(err, 'DUPLICATE_AUTHORISATION_REQUEST')) throw err;
        location = hmrcDetails(err)?.location;
        outcome = 'reused';
      }
      if (!location) {
        throw ApplicationFailure.nonRetryable('HMRC did not say where the invitation is (no Location header)', 'HmrcInvitationWithoutLocation', { arn: input.arn });
      }
      const invitation = await getInvitation({ arn: input.arn, invitationId: invitationIdOf(location), session: input.session });
      if (invitation.agentType !== input.agentType) {
        // HMRC allows one pending request per client: staff must cancel the other type's before asking for this one.
        throw ApplicationFailure.nonRetryable(
          `A ${invitation.agentType} agent invitation (${invitation.invitationId}) is already pending for this client`,
          'InvitationPendingForOtherAgentType',
          invitation,
        );
      }
      return { outcome, ...invitation };
    },

    /** Where an invitation stands (pending, accepted, expired ...), so the step waiting for the client knows when to go on. */
    async getInvitationStatus(input: { arn: string; invitationId: string } & StaffSession): Promise<Invitation> {
      return getInvitation(input);
    },
  };
}
