import { PlaidError } from '../http/errors';
import type { Connector, ConnectorDeps } from './connector';
import { FilesConnector } from './files/files.connector';
import { OfxDirectConnector } from './ofx-direct/ofx-direct.connector';
import { SandboxConnector } from './sandbox/sandbox.connector';
import { SimplefinConnector } from './simplefin/simplefin.connector';

/**
 * The connectors every Weft instance has: the simulated banks, statement files, OFX Direct Connect
 * (the directory's banks, and servers a user names) and SimpleFIN Bridges.
 */
export const DEFAULT_CONNECTORS: readonly Connector[] = [
  new SandboxConnector(),
  new FilesConnector(),
  new OfxDirectConnector('directory'),
  new OfxDirectConnector('server'),
  new SimplefinConnector(),
];

/**
 * The connectors a Weft instance knows, by id and by institution: each institution names the one
 * connector that serves it, so callers ask for an institution's connector and never name one.
 */
export class ConnectorRegistry {
  private readonly byId = new Map<string, Connector>();
  private readonly byInstitution = new Map<string, Connector>();

  /** With `deps`, each source that reaches out or opens secrets is bound to this Weft's. */
  constructor(connectors: readonly Connector[] = DEFAULT_CONNECTORS, deps?: ConnectorDeps) {
    for (const unbound of connectors) {
      const c = deps && unbound.bind ? unbound.bind(deps) : unbound;
      this.byId.set(c.id, c);
      for (const i of c.institutions) {
        const taken = this.byInstitution.get(i.institution_id);
        if (taken) throw new Error(`${i.institution_id} is served by both ${taken.id} and ${c.id}`);
        this.byInstitution.set(i.institution_id, c);
      }
    }
  }

  /** The connector with this id; throws for an unknown id (a programming error, not user input). */
  get(id: string): Connector {
    const c = this.byId.get(id);
    if (!c) throw new Error(`unknown connector ${id}`);
    return c;
  }

  /** The connector serving an institution; INVALID_INSTITUTION for one no connector serves. */
  forInstitution(institutionId: string): Connector {
    const c = this.byInstitution.get(institutionId);
    if (!c) throw new PlaidError('INVALID_INSTITUTION', `invalid institution_id provided: ${institutionId}`);
    return c;
  }
}
