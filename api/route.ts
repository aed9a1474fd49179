// Every route of the control API is declared here-through: its OpenAPI definition plus who may call it. The access rule
// runs as the route's first middleware and is published in the OpenAPI document (x-access), which the role matrix test
// reads to try every role against every operation.
import { createRoute, type RouteConfig } from '@hono/zod-openapi';
import { requireAccess, type Access } from './auth/middleware';
import { ErrorSchema } from './schemas';

const unauthenticated = { description: 'Not signed in, or the session has ended', content: { 'application/json': { schema: ErrorSchema } } } as const;
const forbidden = { description: "The caller's role does not hold the permission this operation needs", content: { 'application/json': { schema: ErrorSchema } } } as const;

export function apiRoute<const R extends Omit<RouteConfig, 'middleware' | 'security'>>(access: Access, config: R) {
  const guarded = access === 'public' ? {} : { security: [{ sessionCookie: [] }, { bearerToken: [] }], responses: { ...config.responses, 401: unauthenticated, 403: forbidden } };
  return createRoute({
    ...config,
    ...guarded,
    responses: { ...config.responses, ...('responses' in guarded ? guarded.responses : {}) } as R['responses'],
    middleware: [requireAccess(access)] as const,
    'x-access': access,
  } as R & { middleware: [ReturnType<typeof requireAccess>] });
}
