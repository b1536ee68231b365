import type { Connector } from './connector';
import { SandboxConnector } from './sandbox/sandbox.connector';

/** The connectors a Weft instance knows, by id. */
export class ConnectorRegistry {
  private readonly byId = new Map<string, Connector>();

  constructor(connectors: Connector[] = [new SandboxConnector()]) {
    for (const c of connectors) this.byId.set(c.id, c);
  }

  /** The connector with this id; throws for an unknown id (a programming error, not user input). */
  get(id: string): Connector {
    const c = this.byId.get(id);
    if (!c) throw new Error(`unknown connector ${id}`);
    return c;
  }
}
