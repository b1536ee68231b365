import { describe, expect, it } from 'vitest';
import { PlaidError } from '../http/errors';
import { FILES_INSTITUTION_ID } from './files/files.institution';
import {
  findInstitution,
  LISTED_INSTITUTIONS,
  searchInstitutions,
  UNLISTED_INSTITUTIONS,
} from './institutions';
import { ConnectorRegistry, DEFAULT_CONNECTORS } from './registry';
import { SandboxConnector } from './sandbox/sandbox.connector';

describe('the connector registry and the institution directory', () => {
  const registry = new ConnectorRegistry();

  it("names each institution's connector", () => {
    expect(registry.forInstitution('ins_109508').id).toBe('sandbox');
    expect(registry.forInstitution('ins_117650').id).toBe('sandbox');
    expect(registry.forInstitution(FILES_INSTITUTION_ID).id).toBe('files');
    expect(() => registry.forInstitution('ins_nowhere')).toThrow(PlaidError);
  });

  it('gives every institution in the directory exactly one connector', () => {
    for (const i of [...LISTED_INSTITUTIONS, ...UNLISTED_INSTITUTIONS])
      expect(registry.forInstitution(i.institution_id).institutions).toContain(i);
    const served = DEFAULT_CONNECTORS.flatMap((c) => c.institutions.map((i) => i.institution_id));
    expect(new Set(served).size).toBe(served.length);
    expect(() => new ConnectorRegistry([new SandboxConnector(), new SandboxConnector()])).toThrow(
      /served by both/,
    );
  });

  it('lists banks, finds statement uploads by id only, and searches names word by word', () => {
    expect(LISTED_INSTITUTIONS.some((i) => i.institution_id === FILES_INSTITUTION_ID)).toBe(false);
    expect(findInstitution(FILES_INSTITUTION_ID)?.name).toBe('Upload statement files');
    expect(findInstitution('ins_109508')?.name).toBe('First Platypus Bank');
    expect(findInstitution('ins_nowhere')).toBeUndefined();
    const found = searchInstitutions('platypus first');
    expect(found.map((i) => i.institution_id)).toContain('ins_109508');
    expect(found.map((i) => i.institution_id)).not.toContain('ins_109511');
    for (const i of found) expect(i.name.toLowerCase()).toMatch(/^first .*platypus/);
  });

  it('signs in the test user, or the one named, when a link is authorized at a simulated bank; a statement source refuses', async () => {
    const bank = registry.forInstitution('ins_109508');
    const linked = await bank.link({ kind: 'authorized' }, { institutionId: 'ins_109508' });
    expect(linked.status === 'linked' && linked.login.username).toBe('user_good');
    // Named users answer their own challenges: nobody is there to.
    const mfa = await bank.link(
      { kind: 'authorized' },
      { institutionId: 'ins_109508', username: 'user_good', password: 'mfa_device' },
    );
    expect(mfa.status).toBe('linked');
    const wrong = await bank.link(
      { kind: 'authorized' },
      { institutionId: 'ins_109508', username: 'nobody' },
    );
    expect(wrong.status === 'error' && wrong.error.code).toBe('INVALID_CREDENTIALS');
    const files = registry.forInstitution(FILES_INSTITUTION_ID);
    const refused = await files.link({ kind: 'authorized' }, { institutionId: FILES_INSTITUTION_ID });
    expect(refused.status === 'error' && refused.error.code).toBe('INVALID_INSTITUTION');
  });
});
