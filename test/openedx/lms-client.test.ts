import { LmsClient, LmsError } from '../../src/modules/openedx';
import { FakeLms, sampleCourse } from '../support/fake-lms';
import { lmsClient, uniqueCourseKey } from './helpers';

let lms: FakeLms;
beforeAll(async () => {
  lms = await FakeLms.start();
});
afterAll(() => lms.stop());
beforeEach(() => {
  lms.tokenCalls = 0;
  lms.tokenLifetimeSeconds = 3600;
});

describe('LMS client', () => {
  it('fetches the service token once and reuses it until shortly before it expires', async () => {
    const key = lms.addCourse(sampleCourse(uniqueCourseKey())).key;
    const client = lmsClient(lms);
    await Promise.all([
      client.get(`/api/grades/v1/policy/courses/${key}/`),
      client.get(`/api/grades/v1/policy/courses/${key}/`),
    ]);
    await client.get(`/api/grades/v1/policy/courses/${key}/`);
    expect(lms.tokenCalls).toBe(1);
    const calls = lms.requests.filter((r) => r.startsWith('GET /api/grades/v1/policy'));
    expect(calls.length).toBeGreaterThanOrEqual(3);

    // A 2 s token is renewed a tenth of its lifetime early: after 1.8 s.
    lms.tokenLifetimeSeconds = 2;
    const short = lmsClient(lms);
    await short.get(`/api/grades/v1/policy/courses/${key}/`);
    await short.get(`/api/grades/v1/policy/courses/${key}/`);
    expect(lms.tokenCalls).toBe(2);
    await new Promise((resolve) => setTimeout(resolve, 1900));
    await short.get(`/api/grades/v1/policy/courses/${key}/`);
    expect(lms.tokenCalls).toBe(3);
  });

  it('names the refused credentials when the LMS rejects the client', async () => {
    const client = new LmsClient({ baseUrl: lms.url, clientId: lms.clientId, clientSecret: 'no' });
    await expect(client.accessToken()).rejects.toThrow(
      'POST /oauth2/access_token: HTTP 401: the LMS did not accept the service token (check OPENEDX_CLIENT_ID and OPENEDX_CLIENT_SECRET: the LMS refused them)',
    );
  });

  it('retries 5xx answers with backoff, and fails with the endpoint after the last try', async () => {
    const key = lms.addCourse(sampleCourse(uniqueCourseKey())).key;
    const client = lmsClient(lms, { retries: 2 });
    lms.fail('/api/grades/v1/policy/', 503, 2);
    await expect(client.get(`/api/grades/v1/policy/courses/${key}/`)).resolves.toBeDefined();
    lms.fail('/api/grades/v1/policy/', 502, 3);
    const error = await client.get(`/api/grades/v1/policy/courses/${key}/`).catch((e) => e);
    expect(error).toBeInstanceOf(LmsError);
    expect(error.status).toBe(502);
    expect(error.message).toBe(`GET /api/grades/v1/policy/courses/${key}/: HTTP 502`);
  });

  it('reports 403 as forbidden without retrying', async () => {
    const key = lms.addCourse(sampleCourse(uniqueCourseKey())).key;
    lms.gradebookOff.add(key);
    const before = lms.requests.length;
    const error = await lmsClient(lms)
      .get(`/api/grades/v1/gradebook/${key}/`)
      .catch((e) => e);
    expect(error).toBeInstanceOf(LmsError);
    expect(error.forbidden).toBe(true);
    expect(lms.requests.slice(before).filter((r) => r.includes('gradebook'))).toHaveLength(1);
  });

  it('times a request out and retries it', async () => {
    const key = lms.addCourse(sampleCourse(uniqueCourseKey())).key;
    const path = `/api/grades/v1/policy/courses/${key}/`;
    lms.stall(path, 1000);
    await expect(lmsClient(lms, { retries: 1, timeoutMs: 200 }).get(path)).resolves.toBeDefined();
    expect(lms.requests.filter((r) => r === `GET ${path}`)).toHaveLength(2);

    lms.stall(path, 1000);
    await expect(lmsClient(lms, { retries: 0, timeoutMs: 200 }).get(path)).rejects.toThrow(
      `GET ${path}: no answer (timed out)`,
    );
  });

  it('follows pages in order, cursor and page-number style alike', async () => {
    for (let i = 0; i < 5; i++) lms.addCourse(sampleCourse(uniqueCourseKey('P')));
    const client = lmsClient(lms);
    const ids: string[] = [];
    for await (const page of client.pages('/api/courses/v1/courses/', { page_size: '2' })) {
      ids.push(...page.results.map((r) => r.get('id').string()));
    }
    expect(ids).toEqual([...lms.courses.keys()]);
  });

  it('refuses a next page on another origin, and a body of the wrong shape, naming the endpoint', async () => {
    const client = lmsClient(lms);
    lms.answer('/api/courses/v1/courses/', {
      results: [],
      pagination: { next: 'http://evil.example/api/courses/v1/courses/?page=2' },
    });
    await expect(client.page('/api/courses/v1/courses/')).rejects.toThrow(
      'GET /api/courses/v1/courses/: the next page points to another origin (http://evil.example)',
    );
    lms.answer('/api/courses/v1/courses/', { results: 'nope', pagination: { next: null } });
    await expect(client.page('/api/courses/v1/courses/')).rejects.toThrow(
      'GET /api/courses/v1/courses/: unexpected response body: results must be a list',
    );
    lms.answer('/api/courses/v1/courses/', '<html>');
    await expect(client.page('/api/courses/v1/courses/')).rejects.toThrow(
      /body must be an object|results/,
    );
  });
});
