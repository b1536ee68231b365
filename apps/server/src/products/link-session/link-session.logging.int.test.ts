import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

/**
 * Weft as users run it (`weft start`), logging at trace level: a Link session with credentials,
 * a wrong password and MFA answers must leave none of them, nor the link token, in the logs.
 */
const ROOT = path.resolve(import.meta.dirname, '../../../../..');
const CLIENT_ID = 'logtest_client';
const SECRET = 'logtest_secret_0123456789';

let child: ChildProcess;
let output = '';
let base = '';
let dataDir = '';

beforeAll(async () => {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-logtest-'));
  const port = 20000 + Math.floor(Math.random() * 20000);
  base = `http://127.0.0.1:${port}`;
  child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts', 'start'], {
    cwd: ROOT,
    env: {
      ...process.env,
      DATABASE_URL: `sqlite:${path.join(dataDir, 'weft.sqlite')}`,
      WEFT_DATA_DIR: dataDir,
      PORT: String(port),
      HOST: '127.0.0.1',
      LOG_LEVEL: 'trace',
      WEFT_SANDBOX_CLIENT_ID: CLIENT_ID,
      WEFT_SANDBOX_SECRET: SECRET,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const collect = (chunk: Buffer) => {
    output += chunk.toString('utf8');
  };
  child.stdout!.on('data', collect);
  child.stderr!.on('data', collect);
  const deadline = Date.now() + 30_000;
  while (!output.includes('listening on') && Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`weft exited:\n${output}`);
    await new Promise((r) => setTimeout(r, 100));
  }
  if (!output.includes('listening on')) throw new Error(`weft did not start:\n${output}`);
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    child.kill('SIGTERM');
    await once(child, 'exit');
  }
  fs.rmSync(dataDir, { recursive: true, force: true });
});

async function json<T>(url: string, body: unknown, headers: Record<string, string> = {}): Promise<T> {
  const res = await fetch(`${base}${url}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify(body),
  });
  return (await res.json()) as T;
}

describe('Link and the logs', () => {
  it('never logs credentials, MFA answers or the link token', async () => {
    const { link_token: token } = await json<{ link_token: string }>('/link/token/create', {
      client_id: CLIENT_ID,
      secret: SECRET,
      client_name: 'Log Test',
      language: 'en',
      country_codes: ['US'],
      user: { client_user_id: 'u' },
      products: ['transactions'],
    });
    expect(token).toMatch(/^link-sandbox-/);
    const h = { authorization: `Bearer ${token}` };
    const { link_session_id } = await json<{ link_session_id: string }>('/weft/link/session/start', {}, h);
    const s = { link_session_id };
    await json('/weft/link/session/institution', { ...s, institution_id: 'ins_109508' }, h);
    const wrong = await json<{ error_code: string }>(
      '/weft/link/session/credentials',
      { ...s, username: 'mfa_questions_1_1', password: 'Wr0ng-Hunter2-pw' },
      h,
    );
    expect(wrong.error_code).toBe('INVALID_CREDENTIALS');
    const mfa = await json<{ pane: string }>(
      '/weft/link/session/credentials',
      { ...s, username: 'mfa_questions_1_1', password: 'pass_good' },
      h,
    );
    expect(mfa.pane).toBe('mfa');
    const done = await json<{ pane: string }>('/weft/link/session/mfa', { ...s, answers: ['answer_1_1'] }, h);
    expect(done.pane).toBe('select_account');
    await new Promise((r) => setTimeout(r, 300));

    expect(output).toContain('/weft/link/session/credentials');
    for (const secret of ['Wr0ng-Hunter2-pw', 'pass_good', 'answer_1_1', 'mfa_questions_1_1', token, SECRET])
      expect(output, secret).not.toContain(secret);
  });
});
