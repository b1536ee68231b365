import { describe, expect, it } from 'vitest';
import { parseKeysCommand } from './keys.command';

describe('parseKeysCommand', () => {
  it.each([
    [['create'], { action: 'create', name: 'client', env: 'sandbox' }],
    [['create', 'my app'], { action: 'create', name: 'my app', env: 'sandbox' }],
    [['create', '--env', 'production'], { action: 'create', name: 'client', env: 'production' }],
    [['create', '--env', 'production', 'live'], { action: 'create', name: 'live', env: 'production' }],
    [['create', 'live', '--env=production'], { action: 'create', name: 'live', env: 'production' }],
    [['create', '--env', 'sandbox', 'dev'], { action: 'create', name: 'dev', env: 'sandbox' }],
    [['list'], { action: 'list' }],
    [['rotate', 'abc'], { action: 'rotate', clientId: 'abc' }],
    [['revoke', 'abc'], { action: 'revoke', clientId: 'abc' }],
    [['redirect-uris', 'abc'], { action: 'redirect-uris', clientId: 'abc' }],
    [
      ['redirect-uris', 'abc', 'add', 'https://app.example/oauth'],
      { action: 'redirect-uris', clientId: 'abc', change: { op: 'add', uri: 'https://app.example/oauth' } },
    ],
    [
      ['redirect-uris', 'abc', 'remove', 'https://app.example/oauth'],
      {
        action: 'redirect-uris',
        clientId: 'abc',
        change: { op: 'remove', uri: 'https://app.example/oauth' },
      },
    ],
  ])('keys %j', (args, want) => {
    expect(parseKeysCommand(args)).toEqual(want);
  });

  it.each([
    [[]],
    [['frobnicate']],
    [['rotate']],
    [['revoke']],
    [['revoke', '']],
    [['list', 'extra']],
    [['create', 'a', 'b']],
    [['create', '--env']],
    [['create', '--env', 'development']],
    [['create', '--env=', 'x']],
    [['create', '--name', 'x']],
    [['rotate', 'a', 'b']],
    [['redirect-uris']],
    [['redirect-uris', 'abc', 'add']],
    [['redirect-uris', 'abc', 'replace', 'https://x.example/']],
    [['redirect-uris', 'abc', 'add', 'https://x.example/', 'more']],
  ])('keys %j is not a command', (args) => {
    expect(parseKeysCommand(args)).toBeUndefined();
  });
});
