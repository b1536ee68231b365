import type { Db } from './schema';

/** Facts about the database itself, by name. */
export class SettingsRepository {
  constructor(private readonly db: Db) {}

  /** A setting's value, if set. */
  async get(name: string): Promise<string | undefined> {
    const row = await this.db
      .selectFrom('settings')
      .select('value')
      .where('name', '=', name)
      .executeTakeFirst();
    return row?.value;
  }

  /** Sets a value unless one is set already (another process may be first); returns the value that holds. */
  async setOnce(name: string, value: string): Promise<string> {
    await this.db
      .insertInto('settings')
      .values({ name, value })
      .onConflict((oc) => oc.column('name').doNothing())
      .execute();
    return (await this.get(name)) ?? value;
  }
}
