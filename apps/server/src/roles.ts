import type { DatabaseConfig } from './config';

/** What a `weft start` process runs: the API (HTTP), or the worker (jobs, schedules, webhook delivery). */
export const ROLES = ['api', 'worker'] as const;
export type Role = (typeof ROLES)[number];

/**
 * The roles `weft start` was given (`--roles=api`, `--roles=worker`, both by default), or why they
 * cannot run. A worker of its own needs PostgreSQL, where pg-boss shares jobs between any number of
 * worker processes; on SQLite the one `weft start` that owns the file runs the worker beside the
 * API. An API-only process stays allowed there: tests and benches run one beside that process.
 */
export function parseRoles(args: string[], dialect: DatabaseConfig['dialect']): Role[] | string {
  const flag = args.find((a) => a.startsWith('--roles='));
  if (!flag) return [...ROLES];
  const roles = [...new Set(flag.slice('--roles='.length).split(',').filter(Boolean))];
  if (roles.length === 0 || roles.some((r) => !(ROLES as readonly string[]).includes(r)))
    return `--roles takes a comma-separated list of: ${ROLES.join(', ')}`;
  if (dialect === 'sqlite' && !roles.includes('api'))
    return '--roles=worker needs PostgreSQL (DATABASE_URL=postgres://…): on SQLite one process owns the file and runs the worker, so run `weft start`';
  return roles as Role[];
}
