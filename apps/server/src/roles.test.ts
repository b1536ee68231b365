import { describe, expect, it } from 'vitest';
import { parseRoles } from './roles';

describe('weft start --roles', () => {
  it('runs every role by default, on either database', () => {
    expect(parseRoles([], 'sqlite')).toEqual(['api', 'worker']);
    expect(parseRoles([], 'postgres')).toEqual(['api', 'worker']);
  });

  it('splits the API and the worker on PostgreSQL', () => {
    expect(parseRoles(['--roles=api'], 'postgres')).toEqual(['api']);
    expect(parseRoles(['--roles=worker'], 'postgres')).toEqual(['worker']);
    expect(parseRoles(['--roles=worker,api,worker'], 'postgres')).toEqual(['worker', 'api']);
  });

  it('refuses a worker of its own on SQLite, naming PostgreSQL', () => {
    expect(parseRoles(['--roles=worker'], 'sqlite')).toMatch(/needs PostgreSQL/);
    expect(parseRoles(['--roles=api,worker'], 'sqlite')).toEqual(['api', 'worker']);
    expect(parseRoles(['--roles=api'], 'sqlite')).toEqual(['api']);
  });

  it.each([['--roles='], ['--roles=api,cron'], ['--roles=API']])('refuses %s', (flag) => {
    expect(parseRoles([flag], 'postgres')).toMatch(/comma-separated list of: api, worker/);
  });
});
