import type { Catalogue } from './messages.en';

/** Link's words in Dutch (formal address, as banks use). */
export const nl: Catalogue = {
  'app.loading': 'Laden…',
  'app.clientFallback': 'Deze app',
  'app.frameTitle': 'Link: uw bankrekening koppelen',
  'dialog.close': 'Afsluiten',
  'action.continue': 'Doorgaan',
  'action.submit': 'Bevestigen',
  'action.exit': 'Afsluiten',
  'bank.fallback': 'uw bank',

  'consent.title': '{client} gebruikt Weft om uw rekening te koppelen',
  'consent.titleUpdate': 'Koppel uw rekening opnieuw aan {client}',
  'consent.secure': 'Veilig.',
  'consent.secureText': 'Uw inloggegevens gaan alleen naar uw bank, nooit naar {client}.',
  'consent.private': 'Privé.',
  'consent.privateText': '{client} ziet alleen de rekeningen die u kiest.',

  'payment.title': 'Controleer uw betaling',
  'payment.to': 'Aan',
  'payment.amount': 'Bedrag',
  'payment.reference': 'Omschrijving',
  'payment.next': 'Kies hierna uw bank; daar keurt u de betaling goed.',

  'institution.title': 'Kies uw bank',
  'institution.search': 'Zoek uw bank',
  'institution.popular': 'Veelgekozen banken',
  'institution.results': { one: '{count} resultaat', other: '{count} resultaten' },

  'credentials.title': 'Inloggen bij {bank}',
  'credentials.username': 'Gebruikersnaam',
  'credentials.password': 'Wachtwoord',
  'credentials.busy': 'Bezig met inloggen…',
  'credentials.otherBank': 'Een andere bank kiezen',

  'mfa.titleCode': 'Voer uw code in',
  'mfa.titleVerify': 'Bevestig uw identiteit',
  'mfa.busy': 'Bezig met controleren…',

  'oauth.continue': 'Doorgaan naar {bank}',
  'oauth.waitingTitle': 'Wachten op {bank}',
  'oauth.waiting': 'Rond het inloggen bij {bank} af; dit venster werkt zichzelf bij.',
  'oauth.intro': 'U logt in bij {bank} en geeft daar toegang; daarna komt u hier terug.',
  'oauth.blocked':
    'Uw browser heeft het venster van {bank} geblokkeerd. Sta pop-ups toe voor deze site en probeer het opnieuw.',

  'accounts.titleMany': 'Kies de rekeningen die u wilt delen',
  'accounts.titleOne': 'Kies de rekening die u wilt delen',
  'accounts.at': 'Rekeningen bij {bank}',
  'accounts.busy': 'Bezig met koppelen…',
  'account.checking': 'betaalrekening',
  'account.savings': 'spaarrekening',
  'account.cd': 'termijndeposito',
  'account.credit_card': 'creditcard',
  'account.money_market': 'geldmarktrekening',
  'account.ira': 'IRA',
  'account.401k': '401(k)',
  'account.student': 'studielening',
  'account.mortgage': 'hypotheek',
  'account.depository': 'rekening',
  'account.credit': 'krediet',
  'account.loan': 'lening',
  'account.investment': 'beleggingen',
  'account.other': 'overig',

  'success.title': 'Gelukt',
  'success.connected': {
    one: '{count} rekening bij {bank} gekoppeld aan {client}.',
    other: '{count} rekeningen bij {bank} gekoppeld aan {client}.',
  },
  'success.done': 'Klaar met {bank}.',

  'exit.title': 'Afsluiten zonder te koppelen?',
  'exit.message':
    'Uw rekening bij {bank} is nog niet gekoppeld aan {client}. Als u nu afsluit, moet u opnieuw beginnen.',
  'exit.stay': 'Verder met koppelen',

  'error.title': 'Er is iets misgegaan',
  'error.title.ITEM_LOCKED': 'Uw rekening is geblokkeerd',
  'error.title.INSTITUTION_DOWN': 'Uw bank is niet bereikbaar',
  'error.title.INSTITUTION_NOT_RESPONDING': 'Uw bank reageert niet',
  'error.title.INSTITUTION_NOT_AVAILABLE': 'Uw bank is niet bereikbaar',
  'error.title.INSUFFICIENT_CREDENTIALS': 'Toegang niet goedgekeurd',
  'error.title.NO_ACCOUNTS': 'Geen geschikte rekeningen',
  'error.title.INVALID_LINK_TOKEN': 'Deze sessie is verlopen',
  'error.message': 'Probeer het later opnieuw.',
  'error.message.INVALID_CREDENTIALS': 'De gebruikersnaam of het wachtwoord klopt niet. Probeer het opnieuw.',
  'error.message.INVALID_MFA': 'Dat antwoord klopt niet. Probeer het opnieuw.',
  'error.message.ITEM_LOCKED':
    'Uw bank heeft deze rekening geblokkeerd. Deblokkeer hem op de website van uw bank en probeer het daarna opnieuw.',
  'error.message.INSTITUTION_DOWN': 'Uw bank reageert op dit moment niet. Probeer het later opnieuw.',
  'error.message.INSTITUTION_NOT_RESPONDING':
    'Uw bank reageert op dit moment niet. Probeer het later opnieuw.',
  'error.message.INSTITUTION_NOT_AVAILABLE':
    'Uw bank reageert op dit moment niet. Probeer het later opnieuw.',
  'error.message.INSUFFICIENT_CREDENTIALS':
    'De toegang is bij uw bank niet goedgekeurd. Probeer het opnieuw.',
  'error.message.NO_ACCOUNTS': 'Uw bank heeft geen rekeningen die hier gekoppeld kunnen worden.',
  'error.message.INVALID_LINK_TOKEN': 'Deze sessie is verlopen. Begin opnieuw.',
  'error.code': 'Foutcode: {code}',
  'error.retry': 'Een andere bank proberen',
};
