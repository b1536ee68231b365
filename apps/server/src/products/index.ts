import type { WeftModule } from '../app-context';
import { demoRoutes } from '../demo/demo.routes';
import { webhooksModule } from '../webhooks/webhooks.module';
import { accountsRoutes } from './accounts/accounts.routes';
import { assetsRoutes } from './assets/assets.routes';
import { authRoutes } from './auth/auth.routes';
import { dashboardRoutes } from './dashboard/dashboard.routes';
import { identityRoutes } from './identity/identity.routes';
import { identityVerificationRoutes } from './identity-verification/identity-verification.routes';
import { incomeRoutes } from './income/income.routes';
import { institutionsRoutes } from './institutions/institutions.routes';
import { investmentsRoutes } from './investments/investments.routes';
import { itemHealthRoutes } from './item-health/item-health.routes';
import { itemsRoutes } from './items/items.routes';
import { liabilitiesRoutes } from './liabilities/liabilities.routes';
import { linkRoutes } from './link/link.routes';
import { linkSessionRoutes } from './link-session/link-session.routes';
import { liveRefreshRoutes } from './live-refresh/live-refresh.routes';
import { paymentInitiationRoutes } from './payment-initiation/payment-initiation.routes';
import { sandboxRoutes } from './sandbox/sandbox.routes';
import { sandboxClockRoutes } from './sandbox-clock/sandbox-clock.routes';
import { signalRoutes } from './signal/signal.routes';
import { statementsRoutes } from './statement-import/statement-import.routes';
import { statementsProductRoutes } from './statements/statements.routes';
import { transactionsRoutes } from './transactions/transactions.routes';
import { usersRoutes } from './users/users.routes';
import { watchlistRoutes } from './watchlist-screening/watchlist.routes';
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
  { name: 'investments', register: investmentsRoutes },
  { name: 'sandbox-clock', register: sandboxClockRoutes },
  { name: 'statement-import', register: statementsRoutes },
  { name: 'payment-initiation', register: paymentInitiationRoutes },
  { name: 'liabilities', register: liabilitiesRoutes },
  { name: 'watchlist-screening', register: watchlistRoutes },
  { name: 'assets', register: assetsRoutes },
  { name: 'signal', register: signalRoutes },
  { name: 'statements', register: statementsProductRoutes },
  { name: 'users', register: usersRoutes },
  { name: 'income', register: incomeRoutes },
  { name: 'identity-verification', register: identityVerificationRoutes },
  { name: 'demo', register: demoRoutes },
  { name: 'item-health', register: itemHealthRoutes },
  { name: 'live-refresh', register: liveRefreshRoutes },
  { name: 'webhook-verification', register: webhookVerificationRoutes },
  { name: 'webhook-inspector', register: webhookInspectorRoutes },
  { name: 'webhooks', register: webhooksModule },
  { name: 'dashboard', register: dashboardRoutes },
];
