/**
 * How an account's current balance moves with a posted amount in Plaid's sign (positive when money
 * leaves): spending lowers cash and raises debt.
 */
export function balanceSign(type: string): 1 | -1 {
  return type === 'credit' || type === 'loan' ? 1 : -1;
}
