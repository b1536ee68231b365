import { type Environment, institutionOpenTo, institutionsIn } from '../../connectors/environments';
import { FILES_INSTITUTION } from '../../connectors/files/files.institution';
import type { Institution } from '../../connectors/institution';
import { InstitutionsService } from '../institutions/institutions.service';
import type { LinkTokenConfig, LinkTokenView } from '../link/link.service';
import { paymentTargetOf } from '../link/link-hooks';

// The banks a link token's environment may list: a production link token never offers sandbox banks.
const directories = new Map<Environment, InstitutionsService>(
  (['sandbox', 'production'] as const).map((env) => [
    env,
    new InstitutionsService(institutionsIn(env).listed),
  ]),
);
// Seen through the directory, so its products are the ones Weft serves, as the banks' are.
const uploads = new InstitutionsService([FILES_INSTITUTION], []);

/** Products an institution must support for this link token (payments need payment_initiation). */
function requiredProducts(config: LinkTokenConfig): string[] {
  if (paymentTargetOf(config)) return ['payment_initiation'];
  return (config.products ?? []).filter((p) => p !== 'balance');
}

/**
 * Institutions Link may offer for a link token: in its countries and supporting its products.
 * With `popular`, the popular ones (or, if none qualify, the first few) for the opening list.
 */
export function searchInstitutions(view: LinkTokenView, query: string, popular: boolean): Institution[] {
  const { config } = view;
  const directory = directories.get(envOf(view))!;
  const filter = { countryCodes: config.country_codes, products: requiredProducts(config) };
  if (!popular) {
    if (query.trim() === '') return directory.list(filter, 500, 0).institutions;
    return directory.search(query, filter, 20);
  }
  const all = directory.list(filter, 500, 0).institutions;
  const top = all.filter((i) => i.popular);
  return (top.length > 0 ? top : all).slice(0, 8);
}

/**
 * Words that find statement uploads besides its name: what users call the files they hold, in
 * the languages Link speaks (the name itself stays as it is, as banks' names do).
 */
const UPLOAD_WORDS = fold(
  `${FILES_INSTITUTION.name} statements files import ofx qfx qif csv camt mt940 ` +
    'relevés fichiers importer extractos archivos subir importar kontoauszüge dateien hochladen ' +
    'importieren afschriften bestanden uploaden importeren',
).split(' ');

/**
 * Statement uploads, when Link may offer them for this link token and `query` (when given) names
 * them: link tokens of an environment that has them, whose products a statement can back, outside
 * payments. Each word of the query must begin one of the words above, so a short query ("de",
 * "a") does not find it.
 */
export function uploadInstitution(view: LinkTokenView, query: string | null): Institution | null {
  if (!institutionOpenTo(FILES_INSTITUTION.institution_id, envOf(view)) || paymentTargetOf(view.config))
    return null;
  const filter = { countryCodes: view.config.country_codes, products: requiredProducts(view.config) };
  const offered = uploads.list(filter, 1, 0).institutions[0];
  if (!offered || query === null) return offered ?? null;
  const words = fold(query).split(/\s+/).filter(Boolean);
  const named = words.length > 0 && words.every((w) => UPLOAD_WORDS.some((u) => u.startsWith(w)));
  return named ? offered : null;
}

/** A link token's environment; a value neither names is treated as production, which sees less. */
function envOf(view: LinkTokenView): Environment {
  return view.row.env === 'sandbox' ? 'sandbox' : 'production';
}

/** Lower case without accents: "Relevé" finds "relevés", and "releve" does too. */
function fold(text: string): string {
  return text.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();
}
