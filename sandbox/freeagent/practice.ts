// The Accountancy Practice API's client list (/v2/clients, paginated with Link and X-Total-Count) and the company
// basics a practice reads through X-Subdomain (/v2/company, /v2/users).
import { Hono } from 'hono';
import { badRequest } from './errors';
import { paginate } from './pagination';
import { companyOf, type PipelineDeps, type PipelineEnv } from './pipeline';
import type { StoredCompany, StoredUser } from './state';

export interface PracticeDeps extends PipelineDeps {
  baseUrl: () => string;
}

const VIEWS = ['all', 'active', 'inactive', 'closed'] as const;

function serialiseClient(baseUrl: string, company: StoredCompany): Record<string, unknown> {
  return {
    url: `${baseUrl}/v2/clients/${company.id}`,
    name: company.name,
    subdomain: company.subdomain,
    type: company.type,
    status: company.status,
    account_manager: `${baseUrl}/v2/account_managers/${company.accountManagerId}`,
    created_at: company.createdAt,
  };
}

function serialiseUser(baseUrl: string, user: StoredUser): Record<string, unknown> {
  return {
    url: `${baseUrl}/v2/users/${user.id}`,
    first_name: user.firstName,
    last_name: user.lastName,
    email: user.email,
    role: user.role,
    permission_level: user.permissionLevel,
    ...(user.uniqueTaxReference ? { unique_tax_reference: user.uniqueTaxReference } : {}),
    ...(user.niNumber ? { ni_number: user.niNumber } : {}),
  };
}

export function createPracticeRoutes(deps: PracticeDeps): Hono<PipelineEnv> {
  return new Hono<PipelineEnv>()
    .get('/clients', (c) => {
      const manager = deps.state.accountManagers.get(c.get('grant').accountManagerId);
      const view = c.req.query('view') ?? 'all';
      if (!(VIEWS as readonly string[]).includes(view)) throw badRequest(`view must be one of ${VIEWS.join(', ')}; got '${view}'`);
      const all = [...deps.state.companies.values()]
        .filter((company) => manager && (manager.senior || company.accountManagerId === manager.id))
        .filter((company) => view === 'all' || company.status === view)
        .sort((a, b) => a.createdAt.localeCompare(b.createdAt) || a.id - b.id);
      return c.json({ clients: paginate(c, all, `${deps.baseUrl()}/v2/clients`).map((company) => serialiseClient(deps.baseUrl(), company)) });
    })
    .get('/company', (c) => {
      const company = companyOf(c);
      return c.json({ company: { url: `${deps.baseUrl()}/v2/company`, name: company.name, subdomain: company.subdomain, type: company.type } });
    })
    .get('/users', (c) => {
      const company = companyOf(c);
      return c.json({ users: [...company.users.values()].map((user) => serialiseUser(deps.baseUrl(), user)) });
    });
}
