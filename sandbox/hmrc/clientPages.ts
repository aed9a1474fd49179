// The page a client opens from an agent's invitation (clientActionUrl): sign in as the test individual, accept or decline.
import { Hono } from 'hono';
import { html } from 'hono/html';
import type { HmrcEmulator } from './emulator';
import { respondToInvitation } from './apis/agentAuthorisation';
import { signIn } from './platform/oauth';
import { HmrcError } from './platform/errors';

function page(title: string, body: unknown) {
  return html`<!doctype html>
<html lang="en">
  <head><meta charset="utf-8" /><title>${title} - HMRC emulator</title>
  <style>body{font-family:Arial,sans-serif;max-width:40rem;margin:2rem auto;color:#0b0c0c}label{display:block;margin:.8rem 0 .2rem}input{padding:.3rem;width:20rem}button{margin:1rem .5rem 0 0;padding:.5rem 1rem}.error{color:#d4351c;font-weight:bold}</style></head>
  <body><h1>${title}</h1>${body}</body>
</html>`;
}

export function createClientPages(emulator: HmrcEmulator) {
  const routes = new Hono();

  routes.get('/appoint-someone-to-deal-with-HMRC-for-you/:invitationId', (c) => {
    const invitation = emulator.state.invitations[c.req.param('invitationId')];
    if (!invitation) return c.html(page('Authorisation request not found', html`<p>This link is not valid.</p>`), 404);
    return c.html(
      page(
        'Authorise an agent for Making Tax Digital for Income Tax',
        html`<p>Agent ${invitation.arn} asks to act for you as your <strong>${invitation.agentType}</strong> agent. Status: ${invitation.status}.</p>
          <form method="post">
            <label for="user_id">User ID</label><input id="user_id" name="user_id" autocomplete="username" />
            <label for="password">Password</label><input id="password" name="password" type="password" autocomplete="current-password" />
            <div><button name="decision" value="accept">Yes, authorise this agent</button><button name="decision" value="reject">No</button></div>
          </form>`,
      ),
    );
  });

  routes.post('/appoint-someone-to-deal-with-HMRC-for-you/:invitationId', async (c) => {
    const form = await c.req.parseBody();
    const invitation = emulator.state.invitations[c.req.param('invitationId')];
    if (!invitation) return c.html(page('Authorisation request not found', html`<p>This link is not valid.</p>`), 404);
    const user = signIn(emulator.state, String(form.user_id ?? ''), String(form.password ?? ''));
    if (!user || user.kind !== 'individual' || user.nino !== invitation.clientId) {
      return c.html(page('Sign in', html`<p class="error" role="alert">Sign in as the client this request was sent to.</p>`), 401);
    }
    try {
      const answered = respondToInvitation(emulator.state, invitation.invitationId, form.decision === 'accept', emulator.clock.now());
      emulator.changed();
      return c.html(page(answered.status === 'Accepted' ? 'You have authorised the agent' : 'You have declined the request', html`<p>Agent ${answered.arn}: ${answered.status}.</p>`));
    } catch (err) {
      if (err instanceof HmrcError) return c.html(page('This request cannot be answered', html`<p class="error">${err.message}</p>`), 409);
      throw err;
    }
  });

  return routes;
}
