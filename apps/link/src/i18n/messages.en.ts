/**
 * Link's words in English: the source catalogue. Every other language has exactly these keys,
 * each of the same kind (a text, or plural forms), which `Catalogue` makes the compiler check.
 *
 * - `{name}` is a placeholder; translations keep the same ones (checked by i18n.test.ts).
 * - Plural forms: `one` where Intl.PluralRules puts `{count}` in the language's "one" category,
 *   else `other` (enough for the languages Link speaks; one with more forms would add them here).
 * - `bank.fallback` stands in for a bank's name after a preposition ("at your bank").
 * - Keys ending in an error code or account type are looked up by that code or type; a code or type
 *   without a key gets the general message or the raw name.
 */
export const en = {
  'app.loading': 'Loading…',
  'app.clientFallback': 'This app',
  'app.frameTitle': 'Link: connect your bank account',
  'dialog.close': 'Exit',
  'action.continue': 'Continue',
  'action.submit': 'Submit',
  'action.exit': 'Exit',
  'action.back': 'Back',
  'bank.fallback': 'your bank',

  'consent.title': '{client} uses Weft to connect your account',
  'consent.titleUpdate': 'Reconnect your account to {client}',
  'consent.secure': 'Secure.',
  'consent.secureText': 'Your credentials go only to your bank, never to {client}.',
  'consent.private': 'Private.',
  'consent.privateText': '{client} sees only the accounts you choose.',

  'payment.title': 'Review your payment',
  'payment.to': 'To',
  'payment.amount': 'Amount',
  'payment.reference': 'Reference',
  'payment.next': 'Next, choose your bank; you will approve the payment there.',

  'institution.title': 'Select your bank',
  'institution.search': 'Search for your bank',
  'institution.popular': 'Popular banks',
  'institution.results': { one: '{count} result', other: '{count} results' },

  'credentials.title': 'Sign in to {bank}',
  'credentials.username': 'Username',
  'credentials.password': 'Password',
  'credentials.setupToken': 'Setup token',
  'credentials.setupTokenHint':
    'Paste the setup token from your SimpleFIN Bridge. Weft claims it once and keeps the access it gives sealed.',
  'credentials.busy': 'Signing in…',

  'mfa.titleCode': 'Enter your code',
  'mfa.titleVerify': 'Verify your identity',
  'mfa.busy': 'Checking…',

  'oauth.continue': 'Continue to {bank}',
  'oauth.waitingTitle': 'Waiting for {bank}',
  'oauth.waiting': 'Finish signing in at {bank}; this window will update by itself.',
  'oauth.intro': 'You will be sent to {bank} to sign in and approve access, then brought back here.',
  'oauth.blocked': 'Your browser blocked the window for {bank}. Allow pop-ups for this site and try again.',

  'accounts.titleMany': 'Choose accounts to share',
  'accounts.titleOne': 'Choose an account to share',
  'accounts.at': 'Accounts at {bank}',
  'accounts.busy': 'Connecting…',
  // Account subtypes, then types (shown when an account has no subtype); spaces become `_`.
  'account.checking': 'checking',
  'account.savings': 'savings',
  'account.cd': 'cd',
  'account.credit_card': 'credit card',
  'account.money_market': 'money market',
  'account.ira': 'ira',
  'account.401k': '401k',
  'account.student': 'student',
  'account.mortgage': 'mortgage',
  'account.depository': 'depository',
  'account.credit': 'credit',
  'account.loan': 'loan',
  'account.investment': 'investment',
  'account.other': 'other',

  'files.title': 'Upload your statements',
  'files.dropLabel': 'Statement files',
  'files.drop': 'Drop statement files from your bank here, or',
  'files.choose': 'Choose files',
  'files.formats': 'OFX, QFX, QIF, CSV, camt.052/053 or MT940 files, one or several.',
  'files.list': 'Your files',
  'files.waiting': 'Waiting…',
  'files.reading': 'Reading',
  'files.sending': 'Uploading',
  'files.importing': 'Importing',
  'files.accounts': { one: '{count} account', other: '{count} accounts' },
  'files.transactions': { one: '{count} transaction', other: '{count} transactions' },
  'files.added': { one: '{count} new', other: '{count} new' },
  'files.line': 'Line {line}: {message}',
  'files.error': 'This file could not be read',
  'files.error.EMPTY_FILE': 'This file is empty',
  'files.error.FILE_TOO_LARGE': 'This file is too large',
  'files.error.UNSUPPORTED_FORMAT': 'This is not a statement file Link can read',
  'files.error.MALFORMED_FILE': 'This file is damaged or incomplete',
  'files.error.NO_ACCOUNTS': 'No account was found in this file',
  // The accounts, success and exit panes for statement uploads, which have no bank to name.
  'files.accountsLegend': 'Accounts in your statements',
  'files.connected': {
    one: '{count} account from your statements connected to {client}.',
    other: '{count} accounts from your statements connected to {client}.',
  },
  'files.exitMessage':
    'The accounts in your statements are not connected to {client} yet. If you exit now, you will have to start again.',

  'success.title': 'Success',
  'success.connected': {
    one: '{count} account at {bank} connected to {client}.',
    other: '{count} accounts at {bank} connected to {client}.',
  },
  'success.done': 'All done with {bank}.',

  // Identity Verification: one pane per open step of the session.
  'idv.busy': 'Please wait…',
  'idv.error': 'Something went wrong. Please try again.',
  'idv.tos.title': 'Verify your identity',
  'idv.tos.intro':
    '{client} uses Weft to verify your identity. You will confirm your phone number, give your personal information and, if needed, a photo of an ID document.',
  'idv.tos.consent': 'By continuing you agree that this information is shared for verification.',
  'idv.tos.agree': 'I agree',
  'idv.phone.title': 'Enter your phone number',
  'idv.phone.label': 'Mobile number',
  'idv.phone.send': 'Send code',
  'idv.sms.title': 'Enter the code we sent',
  'idv.sms.sent': 'We sent a code to {phone}.',
  'idv.sms.label': 'Verification code',
  'idv.sms.verify': 'Verify',
  'idv.sms.wrong': 'That code is not right. Try again.',
  'idv.info.title': 'Your personal information',
  'idv.info.givenName': 'First name',
  'idv.info.familyName': 'Last name',
  'idv.info.dateOfBirth': 'Date of birth',
  'idv.info.street': 'Street address',
  'idv.info.city': 'City',
  'idv.info.region': 'State',
  'idv.info.postalCode': 'ZIP code',
  'idv.info.ssn': 'Social Security number',
  'idv.document.title': 'Take a photo of your ID',
  'idv.document.intro':
    "We could not verify your details from records. A photo of a driver's license, ID card or passport will do.",
  'idv.document.label': 'ID document photo',
  'idv.document.upload': 'Upload',
  'idv.document.missing': 'Choose a photo of your ID.',
  'idv.finishing': 'Finishing…',

  'exit.title': 'Exit without connecting?',
  'exit.message':
    'Your account at {bank} is not connected to {client} yet. If you exit now, you will have to start again.',
  'exit.stay': 'Keep connecting',

  'error.title': 'Something went wrong',
  'error.title.ITEM_LOCKED': 'Your account is locked',
  'error.title.INSTITUTION_DOWN': 'Your bank is not available',
  'error.title.INSTITUTION_NOT_RESPONDING': 'Your bank is not responding',
  'error.title.INSTITUTION_NOT_AVAILABLE': 'Your bank is not available',
  'error.title.INSUFFICIENT_CREDENTIALS': 'Access was not authorised',
  'error.title.NO_ACCOUNTS': 'No eligible accounts',
  'error.title.INVALID_LINK_TOKEN': 'This session has expired',
  // In English Link shows the error's own display_message; these stand in when it has none.
  'error.message': 'Please try again later.',
  'error.message.INVALID_CREDENTIALS': 'The username or password is not correct. Please try again.',
  'error.message.INVALID_MFA': 'That answer is not correct. Please try again.',
  'error.message.ITEM_LOCKED':
    "Your bank has locked this account. Unlock it on your bank's website, then try again.",
  'error.message.INSTITUTION_DOWN': 'Your bank is not responding right now. Please try again later.',
  'error.message.INSTITUTION_NOT_RESPONDING':
    'Your bank is not responding right now. Please try again later.',
  'error.message.INSTITUTION_NOT_AVAILABLE': 'Your bank is not responding right now. Please try again later.',
  'error.message.INSUFFICIENT_CREDENTIALS': 'Access was not approved at your bank. Please try again.',
  'error.message.NO_ACCOUNTS': 'Your bank has no accounts that can be connected here.',
  'error.message.INVALID_LINK_TOKEN': 'This session has expired. Please start again.',
  'error.code': 'Error code: {code}',
  'error.retry': 'Try another bank',
} as const satisfies Record<string, string | Plural>;

/** Plural forms of a message (see above). */
export interface Plural {
  readonly one: string;
  readonly other: string;
}

/** A key of Link's catalogue. */
export type MessageKey = keyof typeof en;

/** A language's catalogue: every English key, each a text or plural forms as in English. */
export type Catalogue = { readonly [K in MessageKey]: (typeof en)[K] extends string ? string : Plural };

type Names<S> = S extends `${string}{${infer N}}${infer Rest}` ? N | Names<Rest> : never;
type EntryNames<E> = E extends string
  ? Names<E>
  : E extends Plural
    ? Names<E['one'] | E['other']> | 'count'
    : never;

/** The placeholder values a message takes (`count` chooses the plural form). */
export type MessageVars<K extends MessageKey> = {
  readonly [N in EntryNames<(typeof en)[K]>]: N extends 'count' ? number : string | number;
};

/** Arguments after the key: the placeholder values, or none for a message without placeholders. */
export type MessageArgs<K extends MessageKey> = [EntryNames<(typeof en)[K]>] extends [never]
  ? []
  : [vars: MessageVars<K>];
