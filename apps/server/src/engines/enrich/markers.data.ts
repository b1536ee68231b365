/**
 * Descriptor markers, as data. Banks and card networks wrap the merchant in noise that says how the
 * money moved: payment processors (`SQ *`, `TST*`), card-purchase prefixes, ACH/debit-order words.
 * Format per line: `TOKEN|kind|display name` where kind is one of
 *   terminal (a card terminal / payment processor; becomes a payment_terminal counterparty),
 *   app (a payment app; payment_app counterparty), card (card purchase), online (card not present),
 *   ach (bank debit or credit, not a card).
 */
export const MARKER_LINES = `
SQ|terminal|Square
SQUARE|terminal|Square
TST|terminal|Toast
TOAST|terminal|Toast
CLOVER|terminal|Clover
SUMUP|terminal|SumUp
IZ|terminal|Zettle
ZETTLE|terminal|Zettle
YOCO|terminal|Yoco
ZAPPER|terminal|Zapper
ZAPPER1|terminal|Zapper
SNAPSCAN|terminal|SnapScan
PAYFAST|terminal|Payfast
IKH|terminal|iKhokha
IK|terminal|iKhokha
HPY|terminal|Hippo
DASHPAY|terminal|DashPay
PAYD|terminal|Payd
CKO|terminal|Checkout.com
PAYPAL|app|PayPal
PP|app|PayPal
VENMO|app|Venmo
CASHAPP|app|Cash App
GOOGLEPAY|app|Google Pay
APPLEPAY|app|Apple Pay
POS|card|
PURCHASE|card|
PUR|card|
DEBIT|card|
DBT|card|
CHECKCARD|card|
CARD|card|
VISA|card|
MC|card|
EFFEC|card|
CONTACTLESS|card|
ONLINE|online|
RECURRING|online|
WWW|online|
COM|online|
INTERNET|online|
OVERSEAS|online|
ACH|ach|
PPD|ach|
CCD|ach|
WEB|ach|
MAGTAPE|ach|
DEBICHECK|ach|
NAEDO|ach|
EFT|ach|
ORDER|ach|
`;
