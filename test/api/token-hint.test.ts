import path from 'node:path';
import { loadConfig } from '../../src/config';
import { tokenHint } from '../../src/server/auth/token-hint';

/** The startup log's token hint works as printed, whatever LAUREL_HOME and PORT. */
describe('token hint', () => {
  it('is the plain command on the defaults', () => {
    expect(tokenHint(loadConfig({}))).toBe(
      'Get an admin token for this server with: npm run token -- --admin',
    );
  });

  it('names LAUREL_HOME when it is not the default', () => {
    expect(tokenHint(loadConfig({ LAUREL_HOME: '.laurel-demo' }))).toBe(
      `Get an admin token for this server with: LAUREL_HOME=${path.resolve('.laurel-demo')} npm run token -- --admin`,
    );
    expect(tokenHint(loadConfig({ LAUREL_HOME: "/srv/it's here" }))).toContain(
      `LAUREL_HOME='/srv/it'\\''s here' npm run token -- --admin`,
    );
  });

  it('names the LAUREL_URL of the README examples on another port or public URL', () => {
    expect(tokenHint(loadConfig({ PORT: '4711' }))).toBe(
      "Get an admin token for this server with: npm run token -- --admin (and for the README's examples: export LAUREL_URL=http://localhost:4711)",
    );
    expect(tokenHint(loadConfig({ PUBLIC_URL: 'https://laurel.example.edu/' }))).toMatch(
      /export LAUREL_URL=https:\/\/laurel\.example\.edu\)$/,
    );
  });
});
