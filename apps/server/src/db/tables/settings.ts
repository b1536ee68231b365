/** Facts about the database itself (the encryption key's check value), by name. */
export interface SettingsTable {
  name: string;
  value: string;
}

export interface SettingsTables {
  settings: SettingsTable;
}
