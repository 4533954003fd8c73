// GoTrue's admin API (service role / secret key only): what supabase.auth.admin.* calls.
import { Hono } from 'hono';
import type { AppEnv, StandInContext } from '../types.ts';
import { requireAdmin } from './current-user.ts';
import { AuthError, isObject, readJson, userNotFound, validationFailed } from './errors.ts';
import { checkPasswordStrength, insertUser, loadUser, normalizeEmail } from './users.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function adminRoutes(ctx: StandInContext): Hono<AppEnv> {
  const app = new Hono<AppEnv>();
  const sql = ctx.authSql;

  app.use('*', async (c, next) => {
    await requireAdmin(ctx, c.get('bearer'));
    await next();
  });

  const userId = (raw: string) => {
    if (!UUID.test(raw)) throw validationFailed('user_id must be an UUID');
    return raw.toLowerCase();
  };

  app.post('/users', async (c) => {
    const body = await readJson(c);
    const email = normalizeEmail(body.email);
    const password = body.password === undefined ? undefined : checkPasswordStrength(body.password, ctx.minimumPasswordLength);
    const id = await sql.begin((tx) =>
      insertUser(
        tx,
        {
          email,
          password,
          emailConfirmed: body.email_confirm === true,
          userMetadata: isObject(body.user_metadata) ? body.user_metadata : {},
          appMetadata: isObject(body.app_metadata) ? body.app_metadata : {},
        },
        () => new AuthError(422, 'email_exists', 'A user with this email address has already been registered'),
      ),
    );
    return c.json(await loadUser(sql, id));
  });

  app.get('/users', async (c) => {
    const page = Math.max(1, Number(c.req.query('page')) || 1);
    const perPage = Math.min(1000, Math.max(1, Number(c.req.query('per_page')) || 50));
    const [counted] = await sql`select count(*)::int as total from auth.users where deleted_at is null`;
    const total: number = counted?.total ?? 0;
    const ids = await sql`
      select id from auth.users where deleted_at is null
      order by created_at, id limit ${perPage} offset ${(page - 1) * perPage}`;
    const users = await Promise.all(ids.map((r) => loadUser(sql, r.id)));
    // GoTrue's pagination headers, which auth-js parses into nextPage / lastPage / total.
    const lastPage = Math.max(1, Math.ceil(total / perPage));
    const links = [`</admin/users?page=${lastPage}&per_page=${perPage}>; rel="last"`];
    if (page < lastPage) links.unshift(`</admin/users?page=${page + 1}&per_page=${perPage}>; rel="next"`);
    c.header('X-Total-Count', String(total));
    c.header('Link', links.join(', '));
    return c.json({ users, aud: 'authenticated' });
  });

  app.get('/users/:id', async (c) => {
    const user = await loadUser(sql, userId(c.req.param('id')));
    if (!user) throw userNotFound();
    return c.json(user);
  });

  // Soft deletion is not modelled: the row goes, and with it every table that cascades from it.
  app.delete('/users/:id', async (c) => {
    const deleted = await sql`delete from auth.users where id = ${userId(c.req.param('id'))} returning id`;
    if (deleted.length === 0) throw userNotFound();
    return c.json({});
  });

  return app;
}
