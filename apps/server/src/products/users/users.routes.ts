import type { UserCreateResponse, UserGetResponse, UserRemoveResponse } from 'plaid';
import type { WeftApp, WeftContext } from '../../app-context';
import { UserCreateBody, UserGetBody, UserRemoveBody } from './users.schemas';
import { UsersService } from './users.service';

/** /user/create, /user/get and /user/remove: the user object Income's Link sessions belong to. */
export async function usersRoutes(app: WeftApp, ctx: WeftContext): Promise<void> {
  const users = new UsersService(ctx.db, ctx.clock);

  app.post('/user/create', { schema: { body: UserCreateBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const { user, token } = await users.create(client, req.body.client_user_id);
    return { ...(token ? { user_token: token } : {}), user_id: user.user_id } satisfies Omit<
      UserCreateResponse,
      'request_id'
    >;
  });

  app.post('/user/get', { schema: { body: UserGetBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    const user = await users.resolve(client.clientId, { user_id: req.body.user_id });
    return {
      user_id: user.user_id,
      client_user_id: user.client_user_id,
      created_at: user.created_at,
      updated_at: user.updated_at,
    } satisfies Omit<UserGetResponse, 'request_id'>;
  });

  app.post('/user/remove', { schema: { body: UserRemoveBody } }, async (req) => {
    const client = await ctx.auth.authenticate(req);
    await users.remove(client.clientId, req.body);
    return {} satisfies Omit<UserRemoveResponse, 'request_id'>;
  });
}
