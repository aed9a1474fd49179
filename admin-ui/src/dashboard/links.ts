// Console addresses for a list with its filter set, so every number on the dashboard opens the rows it counts.

export function listLink(resource: string, filter: Record<string, unknown>, sort?: { field: string; order: 'ASC' | 'DESC' }): string {
  const params = new URLSearchParams({ filter: JSON.stringify(filter) });
  if (sort) {
    params.set('sort', sort.field);
    params.set('order', sort.order);
  }
  return `/${resource}?${params.toString()}`;
}

/** The client's page with this year's timeline open. */
export function clientYearLink(clientId: string, taxYearId: string): string {
  return `/clients/${clientId}/show?year=${encodeURIComponent(taxYearId)}`;
}
