import { describe, expect, it } from 'vitest';
import { isPublicAddress, postJson } from './http-post';

describe('isPublicAddress', () => {
  it.each([
    ['8.8.8.8', true],
    ['93.184.216.34', true],
    ['2606:4700:4700::1111', true],
    ['127.0.0.1', false],
    ['127.255.0.9', false],
    ['10.1.2.3', false],
    ['172.16.0.1', false],
    ['172.31.255.255', false],
    ['172.32.0.1', true],
    ['192.168.1.1', false],
    ['169.254.169.254', false],
    ['100.64.0.1', false],
    ['0.0.0.0', false],
    ['224.0.0.1', false],
    ['::1', false],
    ['::', false],
    ['fe80::1', false],
    ['fd00::1', false],
    ['::ffff:127.0.0.1', false],
    ['::ffff:8.8.8.8', true],
    ['not-an-ip', false],
  ])('%s → %s', (address, expected) => {
    expect(isPublicAddress(address)).toBe(expected);
  });
});

describe('postJson', () => {
  it('refuses URLs it cannot or must not reach, without connecting', async () => {
    for (const url of ['not a url', 'ftp://example.com/x', 'http://10.0.0.1/hook', 'http://[::1]:9/hook']) {
      const r = await postJson(url, '{}', {}, { timeoutMs: 100, blockPrivate: true });
      expect(r, url).toMatchObject({ status: null, permanent: true });
    }
  });

  it('reports a refused connection as retryable', async () => {
    const r = await postJson('http://127.0.0.1:9/hook', '{}', {}, { timeoutMs: 500, blockPrivate: false });
    expect(r.status).toBeNull();
    expect(r.permanent).toBe(false);
    expect(r.error).toBeTruthy();
  });
});
