import type { WeftApp, WeftContext } from '../../app-context';
import { type Environment, institutionsIn } from '../../connectors/environments';
import { presentInstitution } from './institutions.presenter';
import { InstitutionsGetBody, InstitutionsGetByIdBody, InstitutionsSearchBody } from './institutions.schemas';
import { InstitutionsService } from './institutions.service';

/** /institutions/get, /institutions/search and /institutions/get_by_id. */
export async function institutionsRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  // Each environment sees its own directory: production keys never find the simulated banks.
  const directories = new Map<Environment, InstitutionsService>(
    (['sandbox', 'production'] as const).map((env) => {
      const { listed, unlisted } = institutionsIn(env);
      return [env, new InstitutionsService(listed, unlisted)];
    }),
  );
  const directoryOf = (env: Environment): InstitutionsService => directories.get(env)!;

  app.post('/institutions/get', { schema: { body: InstitutionsGetBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const institutions = directoryOf(client.env);
    const { count, offset, country_codes, options } = req.body;
    const page = institutions.list(
      {
        countryCodes: country_codes,
        products: options?.products,
        oauth: options?.oauth,
        routingNumbers: options?.routing_numbers,
      },
      count,
      offset,
    );
    const view = { includeOptionalMetadata: options?.include_optional_metadata };
    return { institutions: page.institutions.map((i) => presentInstitution(i, view)), total: page.total };
  });

  app.post('/institutions/search', { schema: { body: InstitutionsSearchBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const institutions = directoryOf(client.env);
    const { query, country_codes, products, options } = req.body;
    const found = institutions.search(query, {
      countryCodes: country_codes,
      products,
      oauth: options?.oauth,
    });
    return {
      institutions: found.map((i) =>
        presentInstitution(i, { includeOptionalMetadata: options?.include_optional_metadata }),
      ),
    };
  });

  app.post('/institutions/get_by_id', { schema: { body: InstitutionsGetByIdBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const institutions = directoryOf(client.env);
    const { institution_id, country_codes, options } = req.body;
    const inst = institutions.get(institution_id, country_codes);
    return {
      institution: presentInstitution(inst, {
        includeOptionalMetadata: options?.include_optional_metadata,
        includeStatus: options?.include_status,
      }),
    };
  });
}
