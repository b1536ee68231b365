import type { Catalogue } from './messages.en';

/** Link's words in French. */
export const fr: Catalogue = {
  'app.loading': 'Chargement…',
  'app.clientFallback': 'Cette application',
  'app.frameTitle': 'Link\u00a0: connecter votre compte bancaire',
  'dialog.close': 'Quitter',
  'action.continue': 'Continuer',
  'action.submit': 'Valider',
  'action.exit': 'Quitter',
  'action.back': 'Retour',
  'bank.fallback': 'votre banque',

  'consent.title': '{client} utilise Weft pour connecter votre compte',
  'consent.titleUpdate': 'Reconnectez votre compte à {client}',
  'consent.secure': 'Sécurisé.',
  'consent.secureText': 'Vos identifiants ne sont transmis qu’à votre banque, jamais à {client}.',
  'consent.private': 'Confidentiel.',
  'consent.privateText': '{client} ne voit que les comptes que vous choisissez.',

  'payment.title': 'Vérifiez votre paiement',
  'payment.to': 'Bénéficiaire',
  'payment.amount': 'Montant',
  'payment.reference': 'Référence',
  'payment.next': 'Choisissez ensuite votre banque\u00a0: c’est là que vous approuverez le paiement.',

  'institution.title': 'Sélectionnez votre banque',
  'institution.search': 'Rechercher votre banque',
  'institution.popular': 'Banques les plus choisies',
  'institution.results': { one: '{count} résultat', other: '{count} résultats' },

  'credentials.title': 'Connectez-vous à {bank}',
  'credentials.username': 'Identifiant',
  'credentials.password': 'Mot de passe',
  'credentials.busy': 'Connexion…',

  'mfa.titleCode': 'Saisissez votre code',
  'mfa.titleVerify': 'Confirmez votre identité',
  'mfa.busy': 'Vérification…',

  'oauth.continue': 'Continuer vers {bank}',
  'oauth.waitingTitle': 'En attente de {bank}',
  'oauth.waiting': 'Terminez la connexion chez {bank}\u00a0; cette fenêtre se mettra à jour d’elle-même.',
  'oauth.intro': 'Vous allez vous connecter chez {bank} et y autoriser l’accès, puis revenir ici.',
  'oauth.blocked':
    'Votre navigateur a bloqué la fenêtre de {bank}. Autorisez les fenêtres pop-up pour ce site, puis réessayez.',

  'accounts.titleMany': 'Choisissez les comptes à partager',
  'accounts.titleOne': 'Choisissez le compte à partager',
  'accounts.at': 'Comptes chez {bank}',
  'accounts.busy': 'Connexion…',
  'account.checking': 'compte courant',
  'account.savings': 'épargne',
  'account.cd': 'dépôt à terme',
  'account.credit_card': 'carte de crédit',
  'account.money_market': 'compte monétaire',
  'account.ira': 'IRA',
  'account.401k': '401(k)',
  'account.student': 'prêt étudiant',
  'account.mortgage': 'prêt immobilier',
  'account.depository': 'compte de dépôt',
  'account.credit': 'crédit',
  'account.loan': 'prêt',
  'account.investment': 'placement',
  'account.other': 'autre',

  'files.title': 'Importez vos relevés',
  'files.dropLabel': 'Fichiers de relevés',
  'files.drop': 'Déposez ici les relevés de votre banque, ou',
  'files.choose': 'Choisir des fichiers',
  'files.formats': 'Fichiers OFX, QFX, QIF, CSV, camt.052/053 ou MT940, un ou plusieurs.',
  'files.list': 'Vos fichiers',
  'files.waiting': 'En attente…',
  'files.reading': 'Lecture',
  'files.sending': 'Envoi',
  'files.importing': 'Importation',
  'files.accounts': { one: '{count}\u00a0compte', other: '{count}\u00a0comptes' },
  'files.transactions': { one: '{count}\u00a0opération', other: '{count}\u00a0opérations' },
  'files.added': { one: '{count}\u00a0nouvelle', other: '{count}\u00a0nouvelles' },
  'files.line': 'Ligne {line}\u00a0: {message}',
  'files.error': 'Ce fichier n’a pas pu être lu',
  'files.error.EMPTY_FILE': 'Ce fichier est vide',
  'files.error.FILE_TOO_LARGE': 'Ce fichier est trop volumineux',
  'files.error.UNSUPPORTED_FORMAT': 'Ce n’est pas un relevé que Link sait lire',
  'files.error.MALFORMED_FILE': 'Ce fichier est endommagé ou incomplet',
  'files.error.NO_ACCOUNTS': 'Aucun compte n’a été trouvé dans ce fichier',
  'files.accountsLegend': 'Comptes de vos relevés',
  'files.connected': {
    one: '{count}\u00a0compte de vos relevés connecté à {client}.',
    other: '{count}\u00a0comptes de vos relevés connectés à {client}.',
  },
  'files.exitMessage':
    'Les comptes de vos relevés ne sont pas encore connectés à {client}. Si vous quittez maintenant, il faudra recommencer.',

  'success.title': 'Connexion réussie',
  'success.connected': {
    one: '{count} compte chez {bank} connecté à {client}.',
    other: '{count} comptes chez {bank} connectés à {client}.',
  },
  'success.done': 'Tout est terminé avec {bank}.',

  'exit.title': 'Quitter sans connecter votre compte\u00a0?',
  'exit.message':
    'Votre compte chez {bank} n’est pas encore connecté à {client}. Si vous quittez maintenant, vous devrez tout recommencer.',
  'exit.stay': 'Poursuivre la connexion',

  'error.title': 'Un problème est survenu',
  'error.title.ITEM_LOCKED': 'Votre compte est bloqué',
  'error.title.INSTITUTION_DOWN': 'Votre banque est indisponible',
  'error.title.INSTITUTION_NOT_RESPONDING': 'Votre banque ne répond pas',
  'error.title.INSTITUTION_NOT_AVAILABLE': 'Votre banque est indisponible',
  'error.title.INSUFFICIENT_CREDENTIALS': 'L’accès n’a pas été autorisé',
  'error.title.NO_ACCOUNTS': 'Aucun compte éligible',
  'error.title.INVALID_LINK_TOKEN': 'Cette session a expiré',
  'error.message': 'Veuillez réessayer plus tard.',
  'error.message.INVALID_CREDENTIALS': 'L’identifiant ou le mot de passe est incorrect. Veuillez réessayer.',
  'error.message.INVALID_MFA': 'Cette réponse est incorrecte. Veuillez réessayer.',
  'error.message.ITEM_LOCKED':
    'Votre banque a bloqué ce compte. Débloquez-le sur le site de votre banque, puis réessayez.',
  'error.message.INSTITUTION_DOWN':
    'Votre banque ne répond pas pour le moment. Veuillez réessayer plus tard.',
  'error.message.INSTITUTION_NOT_RESPONDING':
    'Votre banque ne répond pas pour le moment. Veuillez réessayer plus tard.',
  'error.message.INSTITUTION_NOT_AVAILABLE':
    'Votre banque ne répond pas pour le moment. Veuillez réessayer plus tard.',
  'error.message.INSUFFICIENT_CREDENTIALS':
    'L’accès n’a pas été approuvé auprès de votre banque. Veuillez réessayer.',
  'error.message.NO_ACCOUNTS': 'Votre banque n’a aucun compte pouvant être connecté ici.',
  'error.message.INVALID_LINK_TOKEN': 'Cette session a expiré. Veuillez recommencer.',
  'error.code': 'Code d’erreur\u00a0: {code}',
  'error.retry': 'Essayer une autre banque',
};
