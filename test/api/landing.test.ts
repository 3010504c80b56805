import { startTestApp, type TestApp } from '../support/app';

/** `GET /` says what the server is and where to go, instead of "Cannot GET /". */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ PUBLIC_URL: 'https://credentials.example.edu' });
});
afterAll(() => app.stop());

const site = () => app.laurel.url.replace(/\/graphql$/, '');

it('answers a browser with a small HTML page linking to GraphQL, /healthz and the docs', async () => {
  const response = await fetch(`${site()}/`, { headers: { accept: 'text/html,*/*;q=0.8' } });
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/html/);
  const html = await response.text();
  expect(html).toContain('<title>Laurel</title>');
  expect(html).toContain('credential');
  expect(html).toContain('href="https://credentials.example.edu/graphql"');
  expect(html).toContain('href="https://credentials.example.edu/healthz"');
  expect(html).toContain('href="https://credentials.example.edu/console"');
  expect(html).toContain('href="https://credentials.example.edu/docs"');
  expect(html).not.toContain('Cannot GET');
});

it('answers JSON when the client asks for it', async () => {
  const response = await fetch(`${site()}/`, { headers: { accept: 'application/json' } });
  expect(response.status).toBe(200);
  expect(await response.json()).toEqual({
    name: 'Laurel',
    description: expect.stringContaining('GraphQL credential gateway'),
    links: {
      graphql: 'https://credentials.example.edu/graphql',
      health: 'https://credentials.example.edu/healthz',
      console: 'https://credentials.example.edu/console',
      docs: 'https://credentials.example.edu/docs',
    },
  });
});

it('serves the README as the docs it links to', async () => {
  const response = await fetch(`${site()}/docs`);
  expect(response.status).toBe(200);
  expect(response.headers.get('content-type')).toMatch(/^text\/markdown/);
  expect(await response.text()).toMatch(/^# Laurel\n/);
});
