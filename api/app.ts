// The control API: one Hono app that mounts a router per resource and serves its own OpenAPI document.
import { createRouter, type AppDependencies } from './context';
import { errorHandler, type ErrorBody } from './errors';
import { categoryMappingsRouter } from './categoryMappings/routes';
import { clientsRouter } from './clients/routes';
import { connectionsRouter } from './connections/routes';
import { healthRouter } from './health/routes';
import { taxYearsRouter } from './taxYears/routes';

export function createApp(deps: AppDependencies) {
  const base = createRouter();
  base.use('*', async (c, next) => {
    c.set('deps', deps);
    await next();
  });
  // Chained so the routes' types flow to typed clients (hono/client).
  const app = base
    .route('/api/health', healthRouter)
    .route('/api/clients', clientsRouter)
    .route('/api/tax-years', taxYearsRouter)
    .route('/api/connections', connectionsRouter)
    .route('/api/category-mappings', categoryMappingsRouter);
  base.doc31('/api/openapi.json', {
    openapi: '3.1.0',
    info: { title: 'Practice Engine control API', version: '0.1.0', description: "Drives every client's Income Tax year with HMRC." },
  });
  base.notFound((c) => c.json({ code: 'NOT_FOUND', message: `No route ${c.req.method} ${c.req.path}` } satisfies ErrorBody, 404));
  base.onError(errorHandler(deps.log));
  return app;
}

export type App = ReturnType<typeof createApp>;
