/**
 * Small OFX investment statements for tests, written once as a tree and rendered as OFX 1.x
 * (SGML, unclosed leaves) or 2.x (XML), so both dialects are checked against the same expectations.
 */

type Node = [tag: string, children: Node[] | string];

const leaf = (tag: string, value: string): Node => [tag, value];
const el = (tag: string, ...children: Node[]): Node => [tag, children];

function render(node: Node, xml: boolean): string {
  const [tag, body] = node;
  if (typeof body === 'string') return `<${tag}>${body}${xml ? `</${tag}>` : ''}`;
  return `<${tag}>\n${body.map((c) => render(c, xml)).join('\n')}\n</${tag}>`;
}

const secId = (id: string, type = 'CUSIP') => el('SECID', leaf('UNIQUEID', id), leaf('UNIQUEIDTYPE', type));
const invTran = (fitid: string, date: string, memo?: string) =>
  el('INVTRAN', leaf('FITID', fitid), leaf('DTTRADE', date), ...(memo ? [leaf('MEMO', memo)] : []));

/** CUSIPs and ISIN of the kit's securities. */
export const KIT = {
  acme: '000000AC1',
  fund: '000000FD2',
  bond: 'US0000000BD3',
  brokerId: 'broker.weft.example',
  account: 'X9876543',
};

/** Every transaction the kit knows, by FITID, each dated in January or February 2024. */
const TRANSACTIONS: Record<string, Node> = {
  B1: el(
    'BUYSTOCK',
    el(
      'INVBUY',
      invTran('B1', '20240105', 'Buy ACME'),
      secId(KIT.acme),
      leaf('UNITS', '10'),
      leaf('UNITPRICE', '50.25'),
      leaf('COMMISSION', '4.95'),
      leaf('TOTAL', '-507.45'),
      leaf('SUBACCTSEC', 'CASH'),
      leaf('SUBACCTFUND', 'CASH'),
    ),
    leaf('BUYTYPE', 'BUY'),
  ),
  S1: el(
    'SELLMF',
    el(
      'INVSELL',
      invTran('S1', '20240110'),
      secId(KIT.fund),
      leaf('UNITS', '-2.5'),
      leaf('UNITPRICE', '20.00'),
      leaf('FEES', '1.00'),
      leaf('TOTAL', '49.00'),
      leaf('SUBACCTSEC', 'CASH'),
      leaf('SUBACCTFUND', 'CASH'),
    ),
    leaf('SELLTYPE', 'SELL'),
  ),
  D1: el(
    'INCOME',
    invTran('D1', '20240125', 'ACME dividend'),
    secId(KIT.acme),
    leaf('INCOMETYPE', 'DIV'),
    leaf('TOTAL', '3.10'),
    leaf('SUBACCTSEC', 'CASH'),
    leaf('SUBACCTFUND', 'CASH'),
  ),
  R1: el(
    'REINVEST',
    invTran('R1', '20240131'),
    secId(KIT.fund),
    leaf('INCOMETYPE', 'CGLONG'),
    leaf('TOTAL', '-12.00'),
    leaf('SUBACCTSEC', 'CASH'),
    leaf('UNITS', '0.6'),
    leaf('UNITPRICE', '20.00'),
  ),
  C1: el(
    'INVBANKTRAN',
    el(
      'STMTTRN',
      leaf('TRNTYPE', 'CREDIT'),
      leaf('DTPOSTED', '20240202'),
      leaf('TRNAMT', '1000.00'),
      leaf('FITID', 'C1'),
      leaf('NAME', 'Contribution'),
    ),
    leaf('SUBACCTFUND', 'CASH'),
  ),
  E1: el(
    'INVEXPENSE',
    invTran('E1', '20240215', 'Advisory fee'),
    secId(KIT.fund),
    leaf('TOTAL', '-7.50'),
    leaf('SUBACCTSEC', 'CASH'),
    leaf('SUBACCTFUND', 'CASH'),
  ),
  P1: el(
    'SPLIT',
    invTran('P1', '20240220'),
    secId(KIT.acme),
    leaf('SUBACCTSEC', 'CASH'),
    leaf('OLDUNITS', '10'),
    leaf('NEWUNITS', '20'),
    leaf('NUMERATOR', '2'),
    leaf('DENOMINATOR', '1'),
  ),
  T1: el(
    'TRANSFER',
    invTran('T1', '20240221'),
    secId(KIT.bond, 'ISIN'),
    leaf('SUBACCTSEC', 'CASH'),
    leaf('UNITS', '1000'),
    leaf('TFERACTION', 'IN'),
    leaf('POSTYPE', 'LONG'),
  ),
};

/** A position line: kind (POSSTOCK…), security, units, price, market value, price date. */
type Position = [kind: string, id: string, units: string, price: string, value: string, asOf: string];

/** One statement of the kit's account: its dates, cash, positions and the FITIDs it lists. */
export interface KitStatement {
  start: string;
  end: string;
  cash: string;
  positions: Position[];
  fitids: string[];
}

/** January: a buy, a sell, a dividend and a reinvestment; ACME and the fund held. */
export const JANUARY: KitStatement = {
  start: '20240101',
  end: '20240131',
  cash: '544.65',
  positions: [
    ['POSSTOCK', KIT.acme, '10', '51.00', '510.00', '20240131'],
    ['POSMF', KIT.fund, '8.1', '20.00', '162.00', '20240131'],
  ],
  fitids: ['B1', 'S1', 'D1', 'R1'],
};

/** February, overlapping January's last days: R1 again, then a contribution, a fee, a split, a transfer in. */
export const FEBRUARY: KitStatement = {
  start: '20240131',
  end: '20240229',
  cash: '1537.15',
  positions: [
    ['POSSTOCK', KIT.acme, '20', '26.00', '520.00', '20240229'],
    ['POSMF', KIT.fund, '8.1', '21.00', '170.10', '20240229'],
    ['POSDEBT', KIT.bond, '1000', '0.99', '990.00', '20240229'],
  ],
  fitids: ['R1', 'C1', 'E1', 'P1', 'T1'],
};

/** The kit's statement as an OFX file: 1.x SGML or 2.x XML. */
export function investmentOfx(s: KitStatement, version: 1 | 2): string {
  const xml = version === 2;
  const ofx = el(
    'OFX',
    el(
      'SIGNONMSGSRSV1',
      el(
        'SONRS',
        el('STATUS', leaf('CODE', '0'), leaf('SEVERITY', 'INFO')),
        leaf('DTSERVER', s.end),
        leaf('LANGUAGE', 'ENG'),
      ),
    ),
    el(
      'INVSTMTMSGSRSV1',
      el(
        'INVSTMTTRNRS',
        leaf('TRNUID', '1'),
        el('STATUS', leaf('CODE', '0'), leaf('SEVERITY', 'INFO')),
        el(
          'INVSTMTRS',
          leaf('DTASOF', s.end),
          leaf('CURDEF', 'USD'),
          el('INVACCTFROM', leaf('BROKERID', KIT.brokerId), leaf('ACCTID', KIT.account)),
          el(
            'INVTRANLIST',
            leaf('DTSTART', s.start),
            leaf('DTEND', s.end),
            ...s.fitids.map((f) => TRANSACTIONS[f]!),
          ),
          el(
            'INVPOSLIST',
            ...s.positions.map(([kind, id, units, price, value, asOf]) =>
              el(
                kind,
                el(
                  'INVPOS',
                  secId(id, id === KIT.bond ? 'ISIN' : 'CUSIP'),
                  leaf('HELDINAREA', 'CASH'),
                  leaf('POSTYPE', 'LONG'),
                  leaf('UNITS', units),
                  leaf('UNITPRICE', price),
                  leaf('MKTVAL', value),
                  leaf('DTPRICEASOF', asOf),
                ),
              ),
            ),
          ),
          el('INVBAL', leaf('AVAILCASH', s.cash), leaf('MARGINBALANCE', '0'), leaf('SHORTBALANCE', '0')),
        ),
      ),
    ),
    el(
      'SECLISTMSGSRSV1',
      el(
        'SECLIST',
        el(
          'STOCKINFO',
          el(
            'SECINFO',
            secId(KIT.acme),
            leaf('SECNAME', 'Acme Corp'),
            leaf('TICKER', 'ACME'),
            leaf('UNITPRICE', '51.00'),
          ),
        ),
        el(
          'MFINFO',
          el('SECINFO', secId(KIT.fund), leaf('SECNAME', 'Weft Index Fund'), leaf('TICKER', 'WIDX')),
        ),
        el(
          'DEBTINFO',
          el('SECINFO', secId(KIT.bond, 'ISIN'), leaf('SECNAME', 'Treasury 2030')),
          leaf('PARVALUE', '1000'),
        ),
      ),
    ),
  );
  const header = xml
    ? '<?xml version="1.0" encoding="UTF-8"?>\n<?OFX OFXHEADER="200" VERSION="220" SECURITY="NONE" OLDFILEUID="NONE" NEWFILEUID="NONE"?>\n'
    : 'OFXHEADER:100\r\nDATA:OFXSGML\r\nVERSION:102\r\nSECURITY:NONE\r\nENCODING:USASCII\r\nCHARSET:1252\r\nCOMPRESSION:NONE\r\nOLDFILEUID:NONE\r\nNEWFILEUID:NONE\r\n\r\n';
  return header + render(ofx, xml);
}
