// The console reads and writes through ra-data-simple-rest: the API follows its conventions (sort, range, filter,
// Content-Range), so no custom provider is needed for lists and records.
import simpleRestProvider from 'ra-data-simple-rest';
import { httpClient } from './http';

export const dataProvider = simpleRestProvider('/api', httpClient);
