import type { Db } from '../../db/schema';
import type { ItemsTable } from '../../db/tables/core';
import type { IncomeLinkOptions } from '../items/items.service';
import { PayrollIncomeRepository } from './payroll-income.repository';

/** The institution a Link session linked, as its results name it. */
interface SessionInstitution {
  name: string;
  institution_id: string;
}

/** What a Link session's results say of the income it linked (Plaid's `*_income_results`). */
export interface IncomeSessionResults {
  bank_income_results: { status: 'APPROVED'; item_id: string; institution: SessionInstitution }[];
  payroll_income_results: {
    num_paystubs_retrieved: number;
    num_w2s_retrieved: number;
    institution: SessionInstitution;
  }[];
}

/** The income results of a Link session that made `item` for a user's income. */
export async function incomeSessionResults(
  db: Db,
  item: ItemsTable,
  institutionName: string,
  income: IncomeLinkOptions | undefined,
): Promise<IncomeSessionResults> {
  if (!income) return { bank_income_results: [], payroll_income_results: [] };
  const institution = { name: institutionName, institution_id: item.institution_id };
  if (!income.sourceTypes.includes('payroll'))
    return {
      bank_income_results: [{ status: 'APPROVED', item_id: item.item_id, institution }],
      payroll_income_results: [],
    };
  const payroll = await new PayrollIncomeRepository(db).forItem(item.item_id);
  return {
    bank_income_results: [],
    payroll_income_results: [
      {
        num_paystubs_retrieved: payroll?.paystubs.length ?? 0,
        num_w2s_retrieved: payroll?.w2s.length ?? 0,
        institution,
      },
    ],
  };
}
