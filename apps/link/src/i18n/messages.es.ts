import type { Catalogue } from './messages.en';

/** Link's words in Spanish. */
export const es: Catalogue = {
  'app.loading': 'Cargando…',
  'app.clientFallback': 'Esta aplicación',
  'app.frameTitle': 'Link: conecta tu cuenta bancaria',
  'dialog.close': 'Salir',
  'action.continue': 'Continuar',
  'action.submit': 'Enviar',
  'action.exit': 'Salir',
  'bank.fallback': 'tu banco',

  'consent.title': '{client} usa Weft para conectar tu cuenta',
  'consent.titleUpdate': 'Vuelve a conectar tu cuenta con {client}',
  'consent.secure': 'Seguro.',
  'consent.secureText': 'Tus credenciales solo van a tu banco, nunca a {client}.',
  'consent.private': 'Privado.',
  'consent.privateText': '{client} solo ve las cuentas que elijas.',

  'payment.title': 'Revisa tu pago',
  'payment.to': 'Para',
  'payment.amount': 'Importe',
  'payment.reference': 'Referencia',
  'payment.next': 'A continuación, elige tu banco; allí aprobarás el pago.',

  'institution.title': 'Selecciona tu banco',
  'institution.search': 'Busca tu banco',
  'institution.popular': 'Bancos más usados',
  'institution.results': { one: '{count} resultado', other: '{count} resultados' },

  'credentials.title': 'Inicia sesión en {bank}',
  'credentials.username': 'Usuario',
  'credentials.password': 'Contraseña',
  'credentials.busy': 'Iniciando sesión…',
  'credentials.otherBank': 'Elegir otro banco',

  'mfa.titleCode': 'Introduce tu código',
  'mfa.titleVerify': 'Verifica tu identidad',
  'mfa.busy': 'Comprobando…',

  'oauth.continue': 'Continuar a {bank}',
  'oauth.waitingTitle': 'Esperando a {bank}',
  'oauth.waiting': 'Termina de iniciar sesión en {bank}; esta ventana se actualizará sola.',
  'oauth.intro': 'Irás a {bank} para iniciar sesión y autorizar el acceso, y después volverás aquí.',
  'oauth.blocked':
    'Tu navegador bloqueó la ventana de {bank}. Permite las ventanas emergentes en este sitio y vuelve a intentarlo.',

  'accounts.titleMany': 'Elige las cuentas que quieres compartir',
  'accounts.titleOne': 'Elige la cuenta que quieres compartir',
  'accounts.at': 'Cuentas en {bank}',
  'accounts.busy': 'Conectando…',
  'account.checking': 'cuenta corriente',
  'account.savings': 'ahorro',
  'account.cd': 'depósito a plazo',
  'account.credit_card': 'tarjeta de crédito',
  'account.money_market': 'mercado monetario',
  'account.ira': 'IRA',
  'account.401k': '401(k)',
  'account.student': 'préstamo de estudios',
  'account.mortgage': 'hipoteca',
  'account.depository': 'cuenta de depósito',
  'account.credit': 'crédito',
  'account.loan': 'préstamo',
  'account.investment': 'inversión',
  'account.other': 'otra',

  'success.title': 'Todo listo',
  'success.connected': {
    one: '{count} cuenta de {bank} conectada a {client}.',
    other: '{count} cuentas de {bank} conectadas a {client}.',
  },
  'success.done': 'Todo listo con {bank}.',

  'exit.title': '¿Salir sin conectar?',
  'exit.message':
    'Tu cuenta de {bank} aún no está conectada a {client}. Si sales ahora, tendrás que empezar de nuevo.',
  'exit.stay': 'Seguir conectando',

  'error.title': 'Algo salió mal',
  'error.title.ITEM_LOCKED': 'Tu cuenta está bloqueada',
  'error.title.INSTITUTION_DOWN': 'Tu banco no está disponible',
  'error.title.INSTITUTION_NOT_RESPONDING': 'Tu banco no responde',
  'error.title.INSTITUTION_NOT_AVAILABLE': 'Tu banco no está disponible',
  'error.title.INSUFFICIENT_CREDENTIALS': 'No se autorizó el acceso',
  'error.title.NO_ACCOUNTS': 'No hay cuentas válidas',
  'error.title.INVALID_LINK_TOKEN': 'Esta sesión ha caducado',
  'error.message': 'Vuelve a intentarlo más tarde.',
  'error.message.INVALID_CREDENTIALS': 'El usuario o la contraseña no son correctos. Vuelve a intentarlo.',
  'error.message.INVALID_MFA': 'La respuesta no es correcta. Vuelve a intentarlo.',
  'error.message.ITEM_LOCKED':
    'Tu banco ha bloqueado esta cuenta. Desbloquéala en el sitio web de tu banco y vuelve a intentarlo.',
  'error.message.INSTITUTION_DOWN': 'Tu banco no responde en este momento. Vuelve a intentarlo más tarde.',
  'error.message.INSTITUTION_NOT_RESPONDING':
    'Tu banco no responde en este momento. Vuelve a intentarlo más tarde.',
  'error.message.INSTITUTION_NOT_AVAILABLE':
    'Tu banco no responde en este momento. Vuelve a intentarlo más tarde.',
  'error.message.INSUFFICIENT_CREDENTIALS': 'No se aprobó el acceso en tu banco. Vuelve a intentarlo.',
  'error.message.NO_ACCOUNTS': 'Tu banco no tiene cuentas que se puedan conectar aquí.',
  'error.message.INVALID_LINK_TOKEN': 'Esta sesión ha caducado. Empieza de nuevo.',
  'error.code': 'Código de error: {code}',
  'error.retry': 'Probar con otro banco',
};
