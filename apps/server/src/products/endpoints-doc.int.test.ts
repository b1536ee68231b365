import fs from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestWeft, type TestWeft } from '../test/harness';
import {
  plaidEndpoints,
  readEndpointsBlock,
  renderEndpointsBlock,
  replaceEndpointsBlock,
  unclaimedEndpoints,
  unregisteredEndpoints,
} from './endpoints-doc';
import { README_PATH } from './endpoints-doc.script';

describe("README's list of Plaid endpoints", () => {
  let w: TestWeft;
  beforeAll(async () => {
    w = await createTestWeft();
  });
  afterAll(async () => {
    await w.close();
  });

  it('places every registered Plaid route under a served product or platform group', () => {
    expect(plaidEndpoints(w.routes).length).toBeGreaterThan(30);
    expect(unclaimedEndpoints(w.routes)).toEqual([]);
  });

  it('names no endpoint in the served-products table that Weft does not register', () => {
    expect(unregisteredEndpoints(w.routes)).toEqual([]);
  });

  it('is the block generated from the routes (run `npm run docs:endpoints` to refresh it)', () => {
    const readme = fs.readFileSync(README_PATH, 'utf8');
    expect(readEndpointsBlock(readme)).toBe(renderEndpointsBlock(w.routes));
  });

  it("keeps Weft's own routes, Link's files, the demo and /health out of the list", () => {
    const endpoints = plaidEndpoints(w.routes);
    expect(endpoints).toContain('/link/token/create');
    expect(endpoints.filter((p) => /^\/(weft|demo|link\/api)\/|^\/health$/.test(p))).toEqual([]);
    expect(endpoints.every((p) => w.routes.includes(`POST ${p}`))).toBe(true);
  });

  it('changes, and so fails the README check, when a route is added without a table entry', () => {
    const withNew = [...w.routes, 'POST /assets/report/get'];
    expect(unclaimedEndpoints(withNew)).toEqual(['/assets/report/get']);
    const block = renderEndpointsBlock(withNew);
    expect(block).not.toBe(renderEndpointsBlock(w.routes));
    expect(block).toContain('| not in served-products.ts | `/assets/report/get` |');
  });

  it('replaces only the marked block of a README', () => {
    const readme = 'intro\n<!-- endpoints:start -->\nold\n<!-- endpoints:end -->\noutro $& $1\n';
    const next = replaceEndpointsBlock(readme, '<!-- endpoints:start -->\nnew\n<!-- endpoints:end -->');
    expect(next).toBe('intro\n<!-- endpoints:start -->\nnew\n<!-- endpoints:end -->\noutro $& $1\n');
    expect(() => replaceEndpointsBlock('no markers', 'x')).toThrow(/endpoints:start/);
  });
});
