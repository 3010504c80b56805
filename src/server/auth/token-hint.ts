import path from 'node:path';
import type { Config } from '../../config';

/** `value` as one shell word. */
function shellWord(value: string): string {
  return /^[\w@%+=:,./-]+$/.test(value) ? value : `'${value.replaceAll("'", `'\\''`)}'`;
}

/**
 * The log line that says how to get a token for this server, run from the project folder:
 * `npm run token` reads the secret under LAUREL_HOME, so a server on another LAUREL_HOME
 * names it; on another port or PUBLIC_URL it names the LAUREL_URL the README's examples use.
 */
export function tokenHint(config: Config, cwd = process.cwd()): string {
  const home =
    config.home === path.resolve(cwd, '.laurel') ? '' : `LAUREL_HOME=${shellWord(config.home)} `;
  const hint = `Get an admin token for this server with: ${home}npm run token -- --admin`;
  return config.publicUrl === 'http://localhost:4000'
    ? hint
    : `${hint} (and for the README's examples: export LAUREL_URL=${shellWord(config.publicUrl)})`;
}
