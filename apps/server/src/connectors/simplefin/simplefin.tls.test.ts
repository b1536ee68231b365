import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import https from 'node:https';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createOutboundGuard } from '../../lib/outbound-guard';
import { httpRequest } from './simplefin.http';
import { parseSimplefinSettings } from './simplefin.settings';

/** A Bridge behind a certificate no public root signed: trusted only through the CA option. */
describe('SimpleFIN over TLS', () => {
  let dir: string;
  let server: https.Server;
  let url: URL;
  let caFile: string;
  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'weft-sfin-tls-'));
    const key = path.join(dir, 'key.pem');
    caFile = path.join(dir, 'cert.pem');
    execFileSync(
      'openssl',
      [
        'req',
        '-x509',
        '-newkey',
        'rsa:2048',
        '-nodes',
        '-days',
        '1',
        '-subj',
        '/CN=127.0.0.1',
        '-addext',
        'subjectAltName=IP:127.0.0.1',
        '-keyout',
        key,
        '-out',
        caFile,
      ],
      { stdio: 'ignore' },
    );
    server = https.createServer({ key: fs.readFileSync(key), cert: fs.readFileSync(caFile) }, (_req, res) =>
      res.end('{"errors":[],"accounts":[]}'),
    );
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    url = new URL(`https://127.0.0.1:${(server.address() as AddressInfo).port}/simplefin/accounts`);
  });
  afterAll(async () => {
    await new Promise((r) => server.close(r));
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const opts = { guard: createOutboundGuard('loopback'), timeoutMs: 3000, maxBytes: 10_000 };

  it('verifies the certificate: refused without the CA, read with WEFT_SIMPLEFIN_CA_FILE', async () => {
    await expect(httpRequest({ method: 'GET', url }, opts)).rejects.toMatchObject({ kind: 'network' });
    const problems: string[] = [];
    const settings = parseSimplefinSettings({ WEFT_SIMPLEFIN_CA_FILE: caFile }, problems);
    expect(problems).toEqual([]);
    const res = await httpRequest({ method: 'GET', url }, { ...opts, ca: settings.ca! });
    expect(res.status).toBe(200);
  });

  it('stops Weft at start for a CA file it cannot use', () => {
    const problems: string[] = [];
    parseSimplefinSettings({ WEFT_SIMPLEFIN_CA_FILE: path.join(dir, 'missing.pem') }, problems);
    fs.writeFileSync(path.join(dir, 'empty.pem'), 'nothing here');
    parseSimplefinSettings({ WEFT_SIMPLEFIN_CA_FILE: path.join(dir, 'empty.pem') }, problems);
    expect(problems).toHaveLength(2);
    expect(problems[1]).toMatch(/holds no PEM certificate/);
  });
});
