// The console's frame: react-admin's layout with a menu that puts the daily work (approvals) first.
import type { ReactNode } from 'react';
import { Layout as RaLayout, Menu } from 'react-admin';
import InboxIcon from '@mui/icons-material/Inbox';
import LinkIcon from '@mui/icons-material/Link';

function AppMenu() {
  return (
    <Menu>
      <Menu.DashboardItem />
      <Menu.Item to="/approvals" primaryText="Approvals" leftIcon={<InboxIcon />} />
      <Menu.ResourceItem name="clients" />
      <Menu.ResourceItem name="tax-years" />
      <Menu.ResourceItem name="steps" />
      <Menu.ResourceItem name="alerts" />
      <Menu.ResourceItem name="audit-events" />
      <Menu.Item to="/connections" primaryText="Connections" leftIcon={<LinkIcon />} />
      <Menu.ResourceItem name="staff" />
    </Menu>
  );
}

export function Layout({ children }: { children: ReactNode }) {
  return <RaLayout menu={AppMenu}>{children}</RaLayout>;
}
