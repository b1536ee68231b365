import type { WeftModule } from '../app-context';
import { demoRoutes } from '../demo/demo.routes';
import { webhooksModule } from '../webhooks/webhooks.module';
import { accountsRoutes } from './accounts/accounts.routes';
import { authRoutes } from './auth/auth.routes';
import { identityRoutes } from './identity/identity.routes';
import { institutionsRoutes } from './institutions/institutions.routes';
import { itemHealthRoutes } from './item-health/item-health.routes';
import { itemsRoutes } from './items/items.routes';
import { linkRoutes } from './link/link.routes';
import { linkSessionRoutes } from './link-session/link-session.routes';
import { paymentInitiationRoutes } from './payment-initiation/payment-initiation.routes';
import { sandboxRoutes } from './sandbox/sandbox.routes';
import { sandboxClockRoutes } from './sandbox-clock/sandbox-clock.routes';
import { transactionsRoutes } from './transactions/transactions.routes';
import { webhookInspectorRoutes } from './webhook-inspector/webhook-inspector.routes';
import { webhookVerificationRoutes } from './webhook-verification/webhook-verification.routes';

/**
 * Every feature module, registered in this order. A new product adds one line here; its routes,
 * hooks into shared services and workers live in its own folder.
 */
export const modules: WeftModule[] = [
  { name: 'link', register: linkRoutes },
  { name: 'link-session', register: linkSessionRoutes },
  { name: 'items', register: itemsRoutes },
  { name: 'accounts', register: accountsRoutes },
  { name: 'auth', register: authRoutes },
  { name: 'identity', register: identityRoutes },
  { name: 'institutions', register: institutionsRoutes },
  { name: 'sandbox', register: sandboxRoutes },
  { name: 'transactions', register: transactionsRoutes },
  { name: 'sandbox-clock', register: sandboxClockRoutes },
  { name: 'payment-initiation', register: paymentInitiationRoutes },
  { name: 'demo', register: demoRoutes },
  { name: 'item-health', register: itemHealthRoutes },
  { name: 'webhook-verification', register: webhookVerificationRoutes },
  { name: 'webhook-inspector', register: webhookInspectorRoutes },
  { name: 'webhooks', register: webhooksModule },
];
