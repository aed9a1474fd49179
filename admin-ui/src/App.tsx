// The staff console: react-admin over the control API. Managers land on the dashboard; reviewers work from the
// approvals inbox; each client's page shows their year as a timeline. Screens live in one folder per area.
import { Admin, CustomRoutes, Resource, radiantLightTheme } from 'react-admin';
import { Route } from 'react-router-dom';
import { authProvider } from './authProvider';
import { dataProvider } from './dataProvider';
import { Dashboard } from './dashboard/Dashboard';
import { ClientCreate, ClientEdit, ClientList, ClientShow } from './clients';
import { TaxYearList, TaxYearShow } from './taxYears';
import { ApprovalsInbox, StepList } from './approvals';
import { ConnectionsPage } from './connections/ConnectionsPage';
import { StaffCreate, StaffEdit, StaffList } from './staff';
import { AlertList, AuditEventList } from './audit';
import { Layout } from './Layout';

export function App() {
  return (
    <Admin
      title="Practice Engine"
      dataProvider={dataProvider}
      authProvider={authProvider}
      dashboard={Dashboard}
      layout={Layout}
      theme={radiantLightTheme}
      requireAuth
      disableTelemetry
    >
      <Resource name="clients" list={ClientList} show={ClientShow} edit={ClientEdit} create={ClientCreate} recordRepresentation="name" />
      <Resource name="tax-years" options={{ label: 'Tax years' }} list={TaxYearList} show={TaxYearShow} recordRepresentation={(r) => `${r.clientName} ${r.taxYear}`} />
      <Resource name="steps" list={StepList} recordRepresentation="title" />
      <Resource name="staff" options={{ label: 'Staff' }} list={StaffList} edit={StaffEdit} create={StaffCreate} recordRepresentation="name" />
      <Resource name="alerts" list={AlertList} />
      <Resource name="audit-events" options={{ label: 'Audit trail' }} list={AuditEventList} />
      <Resource name="businesses" />
      <CustomRoutes>
        <Route path="/approvals" element={<ApprovalsInbox />} />
        <Route path="/connections" element={<ConnectionsPage />} />
      </CustomRoutes>
    </Admin>
  );
}
