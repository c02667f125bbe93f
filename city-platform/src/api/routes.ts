/**
 * Where each operation of the city platform's API lives and who may call it:
 * the part of the contract (contract.ts) that holds no schema, so the pages'
 * client (client.ts) carries no validator into a phone's download. The
 * contract adds each operation's schemas to these entries, keyed alike.
 */

export const API_PREFIX = '/api/v1';

/**
 * `operator`: operations-centre staff, with `Authorization: Bearer <token>`.
 * `public`: anyone (the phone page), no token, answers cached and rate-limited.
 */
export type Access = 'operator' | 'public';

export type RouteSpec = {
  method: 'GET';
  /** Relative to API_PREFIX, with OpenAPI-style parameters: `/halls/{hallId}`. */
  path: string;
  access: Access;
  summary: string;
};

export const ROUTES = {
  listHalls: { method: 'GET', path: '/halls', access: 'operator', summary: 'Every hall with its live figures, SLA state and device alarms' },
  getHall: { method: 'GET', path: '/halls/{hallId}', access: 'operator', summary: "One hall: its services, today's hourly curves and its device alarms" },
  listBadRatings: {
    method: 'GET',
    path: '/ratings',
    access: 'operator',
    summary: 'Ratings at level 1 or 2, newest first, to follow up; of one hall with `hallId`',
  },
  listServices: { method: 'GET', path: '/services', access: 'public', summary: 'Every service some hall offers, for the phone page' },
  findShortest: {
    method: 'GET',
    path: '/shortest',
    access: 'public',
    summary: 'The online halls offering a service, shortest estimated wait first',
  },
} as const satisfies Record<string, RouteSpec>;

export type OperationId = keyof typeof ROUTES;
