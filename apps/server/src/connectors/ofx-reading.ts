/**
 * OFX reading that two sources share: statement files (connectors/files) read OFX a user
 * downloaded, OFX Direct Connect (connectors/ofx-direct) reads the same documents from the bank's
 * server. The parsers live with the files connector; this is the one door the other source uses.
 */
export { decodeBytes } from './files/decode';
export { parseStatement } from './files/index';
export { child, findAll, type MarkupNode, parseMarkup, textAt } from './files/markup';
export type { StatementAccount, StatementError } from './files/statement';
