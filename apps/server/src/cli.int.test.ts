import { type ChildProcess, spawn } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { UNVERSIONED_CACHE_MS } from './http/client-auth';
import { createTestWeft, post, type TestWeft } from './test/harness';

const MAIN = path.join(import.meta.dirname, 'main.ts');
/**
 * A test here starts Weft's CLI as a process up to eight times, each compiling the server as it
 * starts: on a loaded machine that alone takes minutes, so the bound is generous.
 */
const CLI_TEST_MS = 300_000;
let child: ChildProcess | undefined;

/** Runs `weft <args>` with env; resolves once `until` matches or it exits (`out`: both streams, `err`: stderr). */
function run(
  args: string[],
  env: Record<string, string>,
  until?: RegExp,
): Promise<{ code: number | null; out: string; err: string }> {
  return new Promise((resolve) => {
    child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      env: { PATH: process.env.PATH ?? '', ...env },
    });
    let out = '';
    let err = '';
    const onData = (d: Buffer) => {
      out += d.toString();
      if (until?.test(out)) resolve({ code: null, out, err });
    };
    child.stdout!.on('data', onData);
    child.stderr!.on('data', (d: Buffer) => {
      err += d.toString();
      onData(d);
    });
    child.on('exit', (code) => resolve({ code, out, err }));
  });
}

afterEach(() => {
  child?.kill();
  child = undefined;
});

describe('weft CLI', () => {
  it('exits non-zero listing every bad variable', async () => {
    const r = await run(['start'], { PORT: 'x', LOG_LEVEL: 'shouty', DATABASE_URL: 'mongodb://nope' });
    expect(r.code).toBe(1);
    for (const v of ['PORT', 'LOG_LEVEL', 'DATABASE_URL']) expect(r.out).toContain(v);
  });

  it('refuses a worker of its own on SQLite, naming PostgreSQL', async () => {
    const r = await run(['start', '--roles=worker'], {
      WEFT_DATA_DIR: path.join(os.tmpdir(), `weft-cli-roles-${process.pid}-${Date.now()}`),
    });
    expect(r.code).toBe(2);
    expect(r.err).toContain('--roles=worker needs PostgreSQL');
  });

  it('starts with no configuration, prints keys once and answers /health', async () => {
    const dataDir = path.join(os.tmpdir(), `weft-cli-${process.pid}-${Date.now()}`);
    const port = String(20000 + Math.floor(Math.random() * 20000));
    const env = {
      PORT: port,
      HOST: '127.0.0.1',
      WEFT_DATA_DIR: dataDir,
      WEFT_DEMO: 'false',
      ...(process.env.DATABASE_URL ? {} : {}),
    };
    const first = await run(['start'], env, /listening/);
    expect(first.out).toMatch(/client_id: [0-9a-f]{24}/);
    expect(first.out).toMatch(/secret: +[0-9a-f]{30}/);
    const health = await fetch(`http://127.0.0.1:${port}/health`);
    expect(health.status).toBe(200);
    child!.kill();
    await new Promise((r) => child!.once('exit', r));

    const second = await run(['start'], env, /listening/);
    expect(second.out).not.toMatch(/secret:/);
  });

  it('rotates the webhook signing key, and refuses commands it does not know', async () => {
    const env = { WEFT_DATA_DIR: path.join(os.tmpdir(), `weft-cli-rotate-${process.pid}-${Date.now()}`) };
    const kid = /signed with kid ([0-9a-f-]{36})/;
    const first = await run(['webhook-key', 'rotate'], env);
    const second = await run(['webhook-key', 'rotate'], env);
    expect(first.code).toBe(0);
    expect(second.code).toBe(0);
    expect(first.out).toMatch(kid);
    expect(kid.exec(second.out)![1]).not.toBe(kid.exec(first.out)![1]);

    const unknown = await run(['webhook-key', 'spin'], env);
    expect(unknown.code).toBe(2);
    expect(unknown.out).toContain('webhook-key rotate');
  });

  describe('keys', () => {
    /** The CLI's environment for the same database (and data folder) as a test Weft's. */
    function cliEnv(w: TestWeft): Record<string, string> {
      const db = w.config.database;
      return {
        WEFT_DATA_DIR: w.config.dataDir,
        DATABASE_URL: db.dialect === 'sqlite' ? `sqlite:${db.file}` : db.url,
        LOG_LEVEL: 'silent',
        // PostgreSQL needs the key the test Weft seals with; SQLite finds it in the data folder.
        ...(w.config.encryptionKey ? { WEFT_ENCRYPTION_KEY: w.config.encryptionKey } : {}),
      };
    }

    /** Status and error code of an authenticated call with these keys. */
    async function call(w: TestWeft, clientId: string, secret: string) {
      const r = await post(w, '/institutions/get_by_id', {
        client_id: clientId,
        secret,
        institution_id: 'ins_109508',
        country_codes: ['US'],
      });
      return { status: r.status, error_code: r.body.error_code };
    }

    /**
     * Runs a keys command while calling the API with `secret` every 20 ms (so a verified secret is
     * always cached), and returns how long after the command exited the secret was last accepted.
     */
    async function whileCalling(w: TestWeft, args: string[], clientId: string, secret: string) {
      expect(await call(w, clientId, secret)).toEqual({ status: 200, error_code: undefined });
      let exitedAt: number | undefined;
      let lastAccepted = Date.now();
      let refused: { status: number; error_code: unknown } | undefined;
      const cli = run(['keys', ...args], cliEnv(w)).then((r) => {
        exitedAt = Date.now();
        return r;
      });
      const deadline = () => exitedAt !== undefined && Date.now() > exitedAt + UNVERSIONED_CACHE_MS + 1500;
      while (!deadline()) {
        // When the call was made, not when it returned: on a loaded machine the answer may be slow.
        const sentAt = Date.now();
        const r = await call(w, clientId, secret);
        if (r.status === 200) lastAccepted = sentAt;
        else refused = r;
        if (refused && exitedAt !== undefined) break;
        // Finely once the command has exited (that is what is timed), sparingly before, so a slow
        // start on a loaded machine stays inside the endpoint's per-client rate limit.
        await new Promise((res) => setTimeout(res, exitedAt === undefined ? 250 : 20));
      }
      const result = await cli;
      return { result, refused, acceptedAfterExit: lastAccepted - exitedAt! };
    }

    it(
      'lists clients as JSON lines without secrets; rotate gives a new secret and the old one stops working within the cache bound',
      async () => {
        const w = await createTestWeft();
        try {
          const listed = await run(['keys', 'list'], cliEnv(w));
          expect(listed.code).toBe(0);
          const rows = listed.out
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as Record<string, unknown>);
          // The two test clients are made in the same millisecond, so list's order between them is the
          // client ids' (random); the names are compared as a set.
          expect(rows.map((r) => r.name).sort()).toEqual(['client-a', 'client-b']);
          expect(Object.keys(rows[0]!).sort()).toEqual([
            'client_id',
            'created_at',
            'env',
            'name',
            'revoked_at',
            'rotated_at',
          ]);
          expect(rows[0]).toMatchObject({
            client_id: w.clientA.clientId,
            env: 'sandbox',
            rotated_at: null,
            revoked_at: null,
          });
          expect(listed.out).not.toContain(w.clientA.secret);
          expect(listed.out).not.toMatch(/secret|hash/);

          const { result, refused, acceptedAfterExit } = await whileCalling(
            w,
            ['rotate', w.clientA.clientId],
            w.clientA.clientId,
            w.clientA.secret,
          );
          expect(result.code).toBe(0);
          expect(refused).toEqual({ status: 400, error_code: 'INVALID_API_KEYS' });
          expect(acceptedAfterExit).toBeLessThanOrEqual(UNVERSIONED_CACHE_MS);
          const secret = /secret: +([0-9a-f]{30})/.exec(result.out)![1]!;
          expect(secret).not.toBe(w.clientA.secret);
          expect(await call(w, w.clientA.clientId, secret)).toEqual({ status: 200, error_code: undefined });

          const after = (await run(['keys', 'list'], cliEnv(w))).out;
          expect(after).not.toContain(secret);
          const a = JSON.parse(after.trim().split('\n')[0]!) as Record<string, unknown>;
          expect(a.rotated_at).toEqual(expect.any(String));
        } finally {
          await w.close();
        }
      },
      CLI_TEST_MS,
    );

    it(
      'revoke cuts a client off within the cache bound (INVALID_API_KEYS), leaves the others, and is shown by list',
      async () => {
        const w = await createTestWeft();
        try {
          const { result, refused, acceptedAfterExit } = await whileCalling(
            w,
            ['revoke', w.clientB.clientId],
            w.clientB.clientId,
            w.clientB.secret,
          );
          expect(result.code).toBe(0);
          expect(refused).toEqual({ status: 400, error_code: 'INVALID_API_KEYS' });
          expect(acceptedAfterExit).toBeLessThanOrEqual(UNVERSIONED_CACHE_MS);
          expect(await call(w, w.clientA.clientId, w.clientA.secret)).toEqual({
            status: 200,
            error_code: undefined,
          });

          const rows = (await run(['keys', 'list'], cliEnv(w))).out
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as Record<string, unknown>);
          expect(rows.find((r) => r.client_id === w.clientB.clientId)?.revoked_at).toEqual(
            expect.any(String),
          );
          expect(rows.find((r) => r.client_id === w.clientA.clientId)?.revoked_at).toBeNull();

          // A revoked client is not given a working secret again.
          const rotate = await run(['keys', 'rotate', w.clientB.clientId], cliEnv(w));
          expect(rotate.code).toBe(1);
          expect(rotate.out).toContain('revoked');
          expect(rotate.out).not.toMatch(/secret: /);
        } finally {
          await w.close();
        }
      },
      CLI_TEST_MS,
    );

    it(
      'create --env production makes production keys: list shows their env, and they get production tokens and no sandbox endpoints',
      async () => {
        const w = await createTestWeft();
        try {
          const created = await run(['keys', 'create', '--env', 'production', 'live app'], cliEnv(w));
          expect(created.code).toBe(0);
          expect(created.out).toMatch(/env: +production/);
          const clientId = /client_id: ([0-9a-f]{24})/.exec(created.out)![1]!;
          const secret = /secret: +([0-9a-f]{30})/.exec(created.out)![1]!;

          const rows = (await run(['keys', 'list'], cliEnv(w))).out
            .trim()
            .split('\n')
            .map((l) => JSON.parse(l) as Record<string, unknown>);
          expect(rows.map((r) => [r.name, r.env]).sort()).toEqual([
            ['client-a', 'sandbox'],
            ['client-b', 'sandbox'],
            ['live app', 'production'],
          ]);

          const keys = { client_id: clientId, secret };
          const sandboxOnly = await post<{ error_code: string }>(w, '/sandbox/public_token/create', {
            ...keys,
            institution_id: 'ins_109508',
            initial_products: ['transactions'],
          });
          expect(sandboxOnly.status).toBe(400);
          expect(sandboxOnly.body.error_code).toBe('SANDBOX_ONLY');
          const link = await post<{ link_token: string }>(w, '/link/token/create', {
            ...keys,
            client_name: 'Live',
            language: 'en',
            country_codes: ['US'],
            user: { client_user_id: 'u1' },
            products: ['transactions'],
          });
          expect(link.body.link_token).toMatch(/^link-production-/);
        } finally {
          await w.close();
        }
      },
      CLI_TEST_MS,
    );

    it(
      'refuses unknown sub-commands, missing arguments and unknown clients',
      async () => {
        const env = { WEFT_DATA_DIR: path.join(os.tmpdir(), `weft-cli-keys-${process.pid}-${Date.now()}`) };
        // Every malformed form is in keys.command.test.ts; here, that the process exits with the usage.
        for (const args of [['frobnicate'], ['rotate']]) {
          const r = await run(['keys', ...args], env);
          expect(r.code, args.join(' ')).toBe(2);
          expect(r.err, args.join(' ')).toContain(
            'usage: weft keys create [--env sandbox|production] [name]',
          );
        }
        for (const action of ['rotate', 'revoke']) {
          const r = await run(['keys', action, 'nope-client'], env);
          expect(r.code, action).toBe(1);
          expect(r.err).toContain('no client with id nope-client');
        }
        const created = await run(['keys', 'create', 'my app'], env);
        expect(created.code).toBe(0);
        expect(created.out).toMatch(/client_id: [0-9a-f]{24}\nsecret: +[0-9a-f]{30}/);
        const listed = await run(['keys', 'list'], env);
        expect(JSON.parse(listed.out.trim())).toMatchObject({ name: 'my app', revoked_at: null });
      },
      CLI_TEST_MS,
    );
  });
});
