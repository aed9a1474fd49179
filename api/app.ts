// The control API: one Hono app that mounts a router per resource and serves its own OpenAPI document. Every request
// passes the session check (api/auth/middleware.ts); every route declares who may call it (api/route.ts).
import { bodyLimit } from 'hono/body-limit';
import { createRouter, type AppDependencies } from './context';
import { ApiError, errorHandler, type ErrorBody } from './errors';
import { authenticate, SESSION_COOKIE } from './auth/middleware';
import { mountConsole } from './console';
import { authRouter } from './auth/routes';
import { categoryMappingsRouter } from './categoryMappings/routes';
import { clientsRouter } from './clients/routes';
import { connectionsRouter } from './connections/routes';
import { healthRouter } from './health/routes';
import { taxYearsRouter } from './taxYears/routes';
import { alertsRouter } from './alerts/routes';
import { auditEventsRouter } from './auditEvents/routes';
import { businessesRouter } from './businesses/routes';
import { dashboardRouter } from './dashboard/routes';
import { docsRouter } from './docs/routes';
import { staffRouter } from './staff/routes';
import { stepsRouter } from './steps/routes';

/** Request bodies are small JSON documents; a CSV import may be larger. */
export const MAX_BODY_BYTES = 1024 * 1024;
export const MAX_IMPORT_BYTES = 5 * 1024 * 1024;

function tooLarge(limit: number) {
  return () => {
    throw new ApiError(413, 'BODY_TOO_LARGE', `The request body is larger than ${limit / (1024 * 1024)} MiB`, [{ field: '(body)', rule: `must be at most ${limit} bytes` }]);
  };
}

export function createApp(deps: AppDependencies) {
  const base = createRouter();
  base.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  base.use('/api/*', async (c, next) => {
    const limit = c.req.path === '/api/clients/import' ? MAX_IMPORT_BYTES : MAX_BODY_BYTES;
    return bodyLimit({ maxSize: limit, onError: tooLarge(limit) })(c, next);
  });
  base.use('/api/*', authenticate);
  // Chained so the routes' types flow to typed clients (hono/client).
  const app = base
    .route('/api/health', healthRouter)
    .route('/api/auth', authRouter)
    .route('/api/clients', clientsRouter)
    .route('/api/staff', staffRouter)
    .route('/api/businesses', businessesRouter)
    .route('/api/tax-years', taxYearsRouter)
    .route('/api/steps', stepsRouter)
    .route('/api/audit-events', auditEventsRouter)
    .route('/api/alerts', alertsRouter)
    .route('/api/dashboard', dashboardRouter)
    .route('/api/docs', docsRouter)
    .route('/api/connections', connectionsRouter)
    .route('/api/category-mappings', categoryMappingsRouter);
  base.openAPIRegistry.registerComponent('securitySchemes', 'sessionCookie', { type: 'apiKey', in: 'cookie', name: SESSION_COOKIE });
  base.openAPIRegistry.registerComponent('securitySchemes', 'bearerToken', { type: 'http', scheme: 'bearer' });
  base.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Practice Engine control API', version: '0.1.0', description: "Drives every client's Income Tax year with HMRC." },
  });
  if (deps.consoleDir) mountConsole(base, deps.consoleDir);
  base.notFound((c) => c.json({ code: 'NOT_FOUND', message: `No route ${c.req.method} ${c.req.path}` } satisfies ErrorBody, 404));
  base.onError(errorHandler(deps.log));
  return app;
}

export type App = ReturnType<typeof createApp>;
