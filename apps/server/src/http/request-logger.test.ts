import { Writable } from 'node:stream';
import Fastify from 'fastify';
import { describe, expect, it, vi } from 'vitest';
import { deferredChildLogger } from './request-logger';

/** A Fastify app logging at `level` into a list, with requests' loggers deferred. */
async function appLoggingAt(level: string) {
  const lines: Record<string, unknown>[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _enc, done) {
      for (const l of chunk.toString('utf8').split('\n')) if (l.trim()) lines.push(JSON.parse(l));
      done();
    },
  });
  const app = Fastify({
    logger: { level, stream },
    childLoggerFactory: deferredChildLogger,
    genReqId: () => 'req-1',
  });
  app.get('/', async (req) => {
    req.log.debug('not written');
    req.log.warn({ detail: 1 }, 'written');
    return 'ok';
  });
  app.get('/quiet', async (req) => {
    req.log.info('not written at warn');
    return 'ok';
  });
  await app.ready();
  return { app, lines };
}

describe('deferred request loggers', () => {
  it('write enabled lines with the bindings a pino child has, and skip the rest', async () => {
    const { app, lines } = await appLoggingAt('warn');
    await app.inject('/');
    expect(lines).toEqual([
      expect.objectContaining({ reqId: 'req-1', level: 40, detail: 1, msg: 'written' }),
    ]);
    await app.close();
  });

  it('make no pino child for a request that writes nothing', async () => {
    const { app, lines } = await appLoggingAt('warn');
    const child = vi.spyOn(app.log, 'child');
    await app.inject('/quiet');
    expect(child).not.toHaveBeenCalled();
    await app.inject('/');
    expect(child).toHaveBeenCalledTimes(1);
    expect(lines.map((l) => l.msg)).toEqual(['written']);
    await app.close();
  });

  it("follow the logger's level: at info, Fastify's request lines are written", async () => {
    const { app, lines } = await appLoggingAt('info');
    await app.inject('/quiet');
    expect(lines.map((l) => l.msg)).toEqual(['incoming request', 'not written at warn', 'request completed']);
    expect(lines.every((l) => l.reqId === 'req-1')).toBe(true);
    await app.close();
  });
});
