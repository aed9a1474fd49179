// Clients: the list (search, filters, CSV in and out, years started in bulk), the add and edit forms, and a client's page
// with their years as timelines.
export { ClientList } from './ClientList';
export { ClientCreate, ClientEdit } from './ClientForm';
export { ClientShow } from './ClientShow';
