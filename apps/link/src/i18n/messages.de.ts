import type { Catalogue } from './messages.en';

/** Link's words in German (formal address, as banks use). */
export const de: Catalogue = {
  'app.loading': 'Wird geladen…',
  'app.clientFallback': 'Diese App',
  'app.frameTitle': 'Link: Bankkonto verbinden',
  'dialog.close': 'Beenden',
  'action.continue': 'Weiter',
  'action.submit': 'Bestätigen',
  'action.exit': 'Beenden',
  'action.back': 'Zurück',
  // Always follows a preposition taking the dative ("bei Ihrer Bank", "mit Ihrer Bank").
  'bank.fallback': 'Ihrer Bank',

  'consent.title': '{client} nutzt Weft, um Ihr Konto zu verbinden',
  'consent.titleUpdate': 'Verbinden Sie Ihr Konto erneut mit {client}',
  'consent.secure': 'Sicher.',
  'consent.secureText': 'Ihre Zugangsdaten gehen nur an Ihre Bank, niemals an {client}.',
  'consent.private': 'Privat.',
  'consent.privateText': '{client} sieht nur die Konten, die Sie auswählen.',

  'payment.title': 'Zahlung prüfen',
  'payment.to': 'An',
  'payment.amount': 'Betrag',
  'payment.reference': 'Verwendungszweck',
  'payment.next': 'Wählen Sie als Nächstes Ihre Bank; dort geben Sie die Zahlung frei.',

  'institution.title': 'Wählen Sie Ihre Bank',
  'institution.search': 'Nach Ihrer Bank suchen',
  'institution.popular': 'Beliebte Banken',
  'institution.results': { one: '{count} Treffer', other: '{count} Treffer' },

  'credentials.title': 'Bei {bank} anmelden',
  'credentials.username': 'Benutzername',
  'credentials.password': 'Passwort',
  'credentials.busy': 'Anmeldung läuft…',

  'mfa.titleCode': 'Code eingeben',
  'mfa.titleVerify': 'Identität bestätigen',
  'mfa.busy': 'Wird geprüft…',

  'oauth.continue': 'Weiter zu {bank}',
  'oauth.waitingTitle': 'Warten auf {bank}',
  'oauth.waiting': 'Schließen Sie die Anmeldung bei {bank} ab; dieses Fenster aktualisiert sich von selbst.',
  'oauth.intro': 'Sie melden sich bei {bank} an und geben dort den Zugriff frei; danach geht es hier weiter.',
  'oauth.blocked':
    'Ihr Browser hat das Fenster von {bank} blockiert. Erlauben Sie Pop-ups für diese Website und versuchen Sie es erneut.',

  'accounts.titleMany': 'Konten zum Teilen auswählen',
  'accounts.titleOne': 'Konto zum Teilen auswählen',
  'accounts.at': 'Konten bei {bank}',
  'accounts.busy': 'Wird verbunden…',
  'account.checking': 'Girokonto',
  'account.savings': 'Sparkonto',
  'account.cd': 'Festgeld',
  'account.credit_card': 'Kreditkarte',
  'account.money_market': 'Geldmarktkonto',
  'account.ira': 'IRA',
  'account.401k': '401(k)',
  'account.student': 'Studienkredit',
  'account.mortgage': 'Hypothek',
  'account.depository': 'Einlagenkonto',
  'account.credit': 'Kredit',
  'account.loan': 'Darlehen',
  'account.investment': 'Depot',
  'account.other': 'Sonstiges',

  'files.title': 'Kontoauszüge hochladen',
  'files.dropLabel': 'Kontoauszugsdateien',
  'files.drop': 'Legen Sie die Kontoauszüge Ihrer Bank hier ab, oder',
  'files.choose': 'Dateien auswählen',
  'files.formats': 'OFX-, QFX-, QIF-, CSV-, camt.052/053- oder MT940-Dateien, eine oder mehrere.',
  'files.list': 'Ihre Dateien',
  'files.waiting': 'Wartet…',
  'files.reading': 'Wird gelesen',
  'files.sending': 'Wird hochgeladen',
  'files.importing': 'Wird importiert',
  'files.accounts': { one: '{count} Konto', other: '{count} Konten' },
  'files.transactions': { one: '{count} Umsatz', other: '{count} Umsätze' },
  'files.added': { one: '{count} neu', other: '{count} neu' },
  'files.line': 'Zeile {line}: {message}',
  'files.error': 'Diese Datei konnte nicht gelesen werden',
  'files.error.EMPTY_FILE': 'Diese Datei ist leer',
  'files.error.FILE_TOO_LARGE': 'Diese Datei ist zu groß',
  'files.error.UNSUPPORTED_FORMAT': 'Dies ist kein Kontoauszug, den Link lesen kann',
  'files.error.MALFORMED_FILE': 'Diese Datei ist beschädigt oder unvollständig',
  'files.error.NO_ACCOUNTS': 'In dieser Datei wurde kein Konto gefunden',
  'files.accountsLegend': 'Konten aus Ihren Kontoauszügen',
  'files.connected': {
    one: '{count} Konto aus Ihren Kontoauszügen mit {client} verbunden.',
    other: '{count} Konten aus Ihren Kontoauszügen mit {client} verbunden.',
  },
  'files.exitMessage':
    'Die Konten aus Ihren Kontoauszügen sind noch nicht mit {client} verbunden. Wenn Sie jetzt beenden, müssen Sie von vorn beginnen.',

  'success.title': 'Erfolgreich',
  'success.connected': {
    one: '{count} Konto bei {bank} mit {client} verbunden.',
    other: '{count} Konten bei {bank} mit {client} verbunden.',
  },
  'success.done': 'Alles erledigt bei {bank}.',

  'exit.title': 'Beenden, ohne zu verbinden?',
  'exit.message':
    'Ihr Konto bei {bank} ist noch nicht mit {client} verbunden. Wenn Sie jetzt beenden, müssen Sie von vorn beginnen.',
  'exit.stay': 'Weiter verbinden',

  'error.title': 'Etwas ist schiefgelaufen',
  'error.title.ITEM_LOCKED': 'Ihr Konto ist gesperrt',
  'error.title.INSTITUTION_DOWN': 'Ihre Bank ist nicht erreichbar',
  'error.title.INSTITUTION_NOT_RESPONDING': 'Ihre Bank antwortet nicht',
  'error.title.INSTITUTION_NOT_AVAILABLE': 'Ihre Bank ist nicht erreichbar',
  'error.title.INSUFFICIENT_CREDENTIALS': 'Zugriff nicht freigegeben',
  'error.title.NO_ACCOUNTS': 'Keine passenden Konten',
  'error.title.INVALID_LINK_TOKEN': 'Diese Sitzung ist abgelaufen',
  'error.message': 'Bitte versuchen Sie es später erneut.',
  'error.message.INVALID_CREDENTIALS':
    'Benutzername oder Passwort ist falsch. Bitte versuchen Sie es erneut.',
  'error.message.INVALID_MFA': 'Diese Antwort ist nicht richtig. Bitte versuchen Sie es erneut.',
  'error.message.ITEM_LOCKED':
    'Ihre Bank hat dieses Konto gesperrt. Entsperren Sie es auf der Website Ihrer Bank und versuchen Sie es dann erneut.',
  'error.message.INSTITUTION_DOWN': 'Ihre Bank antwortet gerade nicht. Bitte versuchen Sie es später erneut.',
  'error.message.INSTITUTION_NOT_RESPONDING':
    'Ihre Bank antwortet gerade nicht. Bitte versuchen Sie es später erneut.',
  'error.message.INSTITUTION_NOT_AVAILABLE':
    'Ihre Bank antwortet gerade nicht. Bitte versuchen Sie es später erneut.',
  'error.message.INSUFFICIENT_CREDENTIALS':
    'Der Zugriff wurde bei Ihrer Bank nicht freigegeben. Bitte versuchen Sie es erneut.',
  'error.message.NO_ACCOUNTS': 'Bei Ihrer Bank gibt es keine Konten, die sich hier verbinden lassen.',
  'error.message.INVALID_LINK_TOKEN': 'Diese Sitzung ist abgelaufen. Bitte beginnen Sie von vorn.',
  'error.code': 'Fehlercode: {code}',
  'error.retry': 'Andere Bank versuchen',
};
