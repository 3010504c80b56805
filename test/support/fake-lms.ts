import { randomBytes } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWTPayload, SignJWT } from 'jose';

/**
 * An Open edX LMS over real HTTP, for the connector's tests. Bodies are shaped as the
 * platform's serializers produce them:
 * - token: oauth_dispatch AccessTokenView (`{access_token, token_type: "JWT", expires_in, scope}`);
 * - JWKS: user_authn `get_public_signing_jwks` (RS512 keys);
 * - blocks: course_api BlockDictSerializer (`{root, blocks: {id: {...}}}`, `children` only
 *   when there are some, `completion` only with `username`);
 * - course list: NamespacedPageNumberPagination (`{results, pagination: {next, …}}`);
 * - grading policy: GradingPolicySerializer (`[{assignment_type, count, dropped, weight}]`);
 * - enrollments: CourseEnrollmentsApiListSerializer with CursorPagination (`{next, previous, results}`);
 * - accounts: UserReadOnlySerializer as a list, 404 when a username is unknown;
 * - gradebook: StudentGradebookEntrySerializer, CourseEnrollmentPagination (cursor, plus
 *   total_users_count and filtered_users_count), 403 when the writable gradebook is off;
 * - learning paths (learning-paths-plugin 0.4): LearningPathListSerializer under
 *   PageNumberPagination, LearningPathEnrollmentSerializer (`user` and `learning_path` are
 *   database ids), the per-path enrollments view as a plain list, `/grade/` with `required_grade`.
 */

export interface FakeBlock {
  type: string;
  display_name: string;
  children?: string[];
  graded?: boolean;
  format?: string | null;
  has_score?: boolean;
  weight?: number;
  optional_completion?: boolean;
}

export interface FakeCourse {
  key: string;
  title: string;
  root: string;
  blocks: Record<string, FakeBlock>;
  policy: { assignment_type: string; count: number; dropped: number; weight: number }[];
}

export interface FakeUser {
  id: number;
  username: string;
  name: string;
  email: string;
}

export interface FakeEnrollment {
  username: string;
  courseKey: string;
  mode: string;
  isActive: boolean;
  created: string;
}

export interface FakeLearningPath {
  key: string;
  displayName: string;
  steps: { courseKey: string; order: number | null; weight: number }[];
  requiredCompletion: number | null;
  requiredGrade: number | null;
  /** Ids of users enrolled (active). */
  enrolled: number[];
}

interface Failure {
  prefix: string;
  status: number;
  times: number;
  body?: unknown;
  /** Wait this long, then answer as usual (status ignored). */
  stallMs?: number;
  /** Matching requests let through before this one applies. */
  skip?: number;
}

/** A course of 2 chapters: a graded Homework and an ungraded subsection, then a graded Exam. */
export function sampleCourse(key: string, title = `Course ${key}`): FakeCourse {
  const [, rest] = key.split(':');
  const id = (type: string, name: string) => `block-v1:${rest}+type@${type}+block@${name}`;
  const root = id('course', 'course');
  const blocks: Record<string, FakeBlock> = {
    [root]: {
      type: 'course',
      display_name: title,
      children: [id('chapter', 'ch1'), id('chapter', 'ch2')],
    },
    [id('chapter', 'ch1')]: {
      type: 'chapter',
      display_name: 'Week 1',
      children: [id('sequential', 'hw1'), id('sequential', 'reading')],
    },
    [id('sequential', 'hw1')]: {
      type: 'sequential',
      display_name: 'Homework 1',
      graded: true,
      format: 'Homework',
      children: [id('vertical', 'hw1_v')],
    },
    [id('vertical', 'hw1_v')]: {
      type: 'vertical',
      display_name: 'Unit',
      children: [id('problem', 'hw1_p1'), id('html', 'hw1_intro')],
    },
    [id('problem', 'hw1_p1')]: { type: 'problem', display_name: 'P1', has_score: true, weight: 1 },
    [id('html', 'hw1_intro')]: { type: 'html', display_name: 'Intro' },
    [id('sequential', 'reading')]: {
      type: 'sequential',
      display_name: 'Reading',
      graded: false,
      children: [id('vertical', 'reading_v')],
    },
    [id('vertical', 'reading_v')]: {
      type: 'vertical',
      display_name: 'Unit',
      children: [id('video', 'lecture'), id('html', 'extra')],
    },
    [id('video', 'lecture')]: { type: 'video', display_name: 'Lecture' },
    [id('html', 'extra')]: { type: 'html', display_name: 'Extra', optional_completion: true },
    [id('chapter', 'ch2')]: {
      type: 'chapter',
      display_name: 'Week 2',
      children: [id('sequential', 'exam')],
    },
    [id('sequential', 'exam')]: {
      type: 'sequential',
      display_name: 'Final exam',
      graded: true,
      format: 'Exam',
      children: [id('vertical', 'exam_v')],
    },
    [id('vertical', 'exam_v')]: {
      type: 'vertical',
      display_name: 'Unit',
      children: [id('problem', 'exam_p1')],
    },
    [id('problem', 'exam_p1')]: { type: 'problem', display_name: 'Q1', has_score: true, weight: 2 },
  };
  return {
    key,
    title,
    root,
    blocks,
    policy: [
      { assignment_type: 'Homework', count: 1, dropped: 0, weight: 0.4 },
      { assignment_type: 'Exam', count: 1, dropped: 0, weight: 0.6 },
    ],
  };
}

const cursorOf = (offset: number) => Buffer.from(`o=${offset}`).toString('base64url');
const offsetOf = (cursor: string | null) => {
  if (!cursor) return 0;
  const match = /^o=(\d+)$/.exec(Buffer.from(cursor, 'base64url').toString());
  return match ? Number(match[1]) : 0;
};

export class FakeLms {
  readonly courses = new Map<string, FakeCourse>();
  readonly users = new Map<string, FakeUser>();
  readonly enrollments: FakeEnrollment[] = [];
  /** Per course, per username: subsection usage key → [earned, possible]. */
  readonly grades = new Map<string, Map<string, Map<string, [number, number]>>>();
  /** Per course, per username: block usage key → completion. */
  readonly completions = new Map<string, Map<string, Map<string, number>>>();
  readonly paths: FakeLearningPath[] = [];
  /** Courses whose `grades.writable_gradebook` flag is off (the gradebook answers 403). */
  readonly gradebookOff = new Set<string>();
  /** Every request, as `METHOD path?query`. */
  readonly requests: string[] = [];
  tokenCalls = 0;
  tokenLifetimeSeconds = 3600;
  pageSizes = { enrollments: 100, gradebook: 50, courses: 10, paths: 10 };
  private failures: Failure[] = [];
  private readonly tokens = new Set<string>();
  private keys: { kid: string; privateKey: CryptoKey; jwk: Record<string, unknown> }[] = [];

  private constructor(
    private readonly server: http.Server,
    readonly clientId: string,
    readonly clientSecret: string,
  ) {}

  static async start(): Promise<FakeLms> {
    let lms: FakeLms | null = null;
    const server = http.createServer((req, res) => {
      lms!.handle(req, res).catch((error: unknown) => {
        res.writeHead(500, { 'content-type': 'text/plain' });
        res.end(String(error));
      });
    });
    lms = new FakeLms(server, 'laurel-backfill', randomBytes(16).toString('hex'));
    await lms.rotateKeys();
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return lms;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** The environment that points Laurel at this LMS. */
  env(): Record<string, string> {
    return {
      OPENEDX_LMS_URL: this.url,
      OPENEDX_CLIENT_ID: this.clientId,
      OPENEDX_CLIENT_SECRET: this.clientSecret,
    };
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }

  addCourse(course: FakeCourse): FakeCourse {
    this.courses.set(course.key, course);
    return course;
  }

  addUser(id: number, username = `learner${id}`, name = `Learner ${id}`): FakeUser {
    const user = { id, username, name, email: `${username}@example.com` };
    this.users.set(username, user);
    return user;
  }

  enroll(user: FakeUser, courseKey: string, mode = 'verified', created = '2026-01-05T10:00:00Z') {
    this.enrollments.push({
      username: user.username,
      courseKey,
      mode,
      isActive: true,
      created,
    });
  }

  setGrade(
    courseKey: string,
    user: FakeUser,
    subsection: string,
    earned: number,
    possible: number,
  ) {
    const course = this.grades.get(courseKey) ?? new Map();
    this.grades.set(courseKey, course);
    const scores = course.get(user.username) ?? new Map();
    course.set(user.username, scores);
    scores.set(subsection, [earned, possible]);
  }

  setCompletion(courseKey: string, user: FakeUser, block: string, value: number) {
    const course = this.completions.get(courseKey) ?? new Map();
    this.completions.set(courseKey, course);
    const values = course.get(user.username) ?? new Map();
    course.set(user.username, values);
    values.set(block, value);
  }

  /** The next `times` requests whose path starts with `prefix` answer `status` (and `body`). */
  fail(prefix: string, status: number, times = 1, body?: unknown): void {
    this.failures.push({ prefix, status, times, body });
  }

  /** The next request on `prefix` answers 200 with this body instead (a hostile LMS). */
  answer(prefix: string, body: unknown, times = 1): void {
    this.failures.push({ prefix, status: 200, times, body });
  }

  /** After `passes` requests on `prefix` went through, the next one answers `status`. */
  failAfter(prefix: string, passes: number, status: number): void {
    this.failures.push({ prefix, status, times: 1, skip: passes });
  }

  /** The next `times` requests on `prefix` are answered only after `ms`. */
  stall(prefix: string, ms: number, times = 1): void {
    this.failures.push({ prefix, status: 0, times, stallMs: ms });
  }

  /** A new RS512 signing key first in the JWKS; the old ones stay published. */
  async rotateKeys(keep = true): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair('RS512', { extractable: true });
    const kid = randomBytes(6).toString('hex');
    const jwk = { ...(await exportJWK(publicKey)), kid, alg: 'RS512', use: 'sig' };
    this.keys = [{ kid, privateKey: privateKey as CryptoKey, jwk }, ...(keep ? this.keys : [])];
    return kid;
  }

  /** A JWT as the LMS mints it (`oauth_dispatch/jwt.py`), signed with the current key. */
  async mintJwt(
    claims: JWTPayload & { user_id?: number },
    expiresInSeconds = 3600,
  ): Promise<string> {
    const [key] = this.keys;
    const now = Math.floor(Date.now() / 1000);
    return new SignJWT({
      scopes: ['user_id', 'email', 'profile'],
      version: '1.2.0',
      filters: [],
      is_restricted: false,
      email_verified: true,
      ...claims,
    })
      .setProtectedHeader({ alg: 'RS512', kid: key.kid })
      .setIssuer(`${this.url}/oauth2`)
      .setAudience('lms-key')
      .setIssuedAt(now)
      .setExpirationTime(now + expiresInSeconds)
      .sign(key.privateKey);
  }

  private async handle(req: http.IncomingMessage, res: http.ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', this.url);
    this.requests.push(`${req.method} ${url.pathname}${url.search}`);
    const send = (status: number, body: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify(body));
    };
    let failure = this.failures.find((f) => url.pathname.startsWith(f.prefix) && f.times > 0);
    if (failure?.skip) {
      failure.skip--;
      failure = undefined;
    }
    if (failure?.stallMs !== undefined) {
      failure.times--;
      await new Promise((resolve) => setTimeout(resolve, failure.stallMs));
    } else if (failure) {
      failure.times--;
      return send(failure.status, failure.body ?? { detail: 'failure injected by the test' });
    }
    if (req.method === 'POST' && url.pathname === '/oauth2/access_token') {
      return this.token(req, send);
    }
    if (req.method === 'GET' && url.pathname === '/auth/jwks.json') {
      return send(200, { keys: this.keys.map((k) => k.jwk) });
    }
    const auth = req.headers.authorization ?? '';
    if (!auth.startsWith('JWT ') || !this.tokens.has(auth.slice(4))) {
      return send(401, { detail: 'Authentication credentials were not provided.' });
    }
    const route = this.route(url);
    if (!route) return send(404, { detail: 'Not found.' });
    const [status, body] = route;
    return send(status, body);
  }

  private async token(
    req: http.IncomingMessage,
    send: (status: number, body: unknown) => void,
  ): Promise<void> {
    let raw = '';
    for await (const chunk of req) raw += String(chunk);
    const form = new URLSearchParams(raw);
    this.tokenCalls++;
    if (
      form.get('grant_type') !== 'client_credentials' ||
      form.get('client_id') !== this.clientId ||
      form.get('client_secret') !== this.clientSecret
    ) {
      return send(401, { error: 'invalid_client' });
    }
    const token = await this.mintJwt(
      { preferred_username: 'laurel_service', administrator: true },
      this.tokenLifetimeSeconds,
    );
    this.tokens.add(token);
    send(200, {
      access_token: token,
      token_type: form.get('token_type') === 'jwt' ? 'JWT' : 'Bearer',
      expires_in: this.tokenLifetimeSeconds,
      scope: 'read write email profile',
    });
  }

  private route(url: URL): [number, unknown] | null {
    const path = url.pathname;
    const q = url.searchParams;
    if (path === '/api/courses/v2/blocks/') return this.blocks(q);
    if (path === '/api/courses/v1/courses/') {
      const keys = [...this.courses.keys()];
      return [
        200,
        this.numbered(
          url,
          keys.map((key) => this.courseDetail(key)),
          this.pageSizes.courses,
          true,
        ),
      ];
    }
    let match = /^\/api\/grades\/v1\/policy\/courses\/([^/]+)\/$/.exec(path);
    if (match) {
      const course = this.courses.get(decodeURIComponent(match[1]));
      return course ? [200, course.policy] : null;
    }
    if (path === '/api/enrollment/v1/enrollments' || path === '/api/enrollment/v1/enrollments/') {
      const list = this.enrollments
        .filter((e) => !q.get('course_id') || e.courseKey === q.get('course_id'))
        .map((e) => ({
          created: e.created,
          mode: e.mode,
          is_active: e.isActive,
          user: e.username,
          course_id: e.courseKey,
        }));
      return [200, this.cursorPage(url, list, this.pageSizes.enrollments)];
    }
    if (path === '/api/user/v1/accounts') {
      const names = (q.get('username') ?? '').replace(/^,+|,+$/g, '').split(',');
      const users = names.map((name) => this.users.get(name));
      if (users.some((u) => !u)) return [404, null];
      return [200, users.map((u) => this.account(u!))];
    }
    match = /^\/api\/grades\/v1\/gradebook\/([^/]+)\/$/.exec(path);
    if (match) return this.gradebook(url, decodeURIComponent(match[1]));
    if (path === '/api/learning_paths/v1/learning-paths/') {
      return [
        200,
        this.numbered(
          url,
          this.paths.map((p) => this.pathEntry(p)),
          this.pageSizes.paths,
          false,
        ),
      ];
    }
    if (path === '/api/learning_paths/v1/enrollments/') {
      const all = this.paths.flatMap((p, index) =>
        p.enrolled.map((userId) => this.pathEnrollment(index + 1, userId)),
      );
      return [200, this.numbered(url, all, 10, false)];
    }
    match = /^\/api\/learning_paths\/v1\/(path-v1:[^/]+)\/(enrollments|grade)\/$/.exec(path);
    if (match) {
      const index = this.paths.findIndex((p) => p.key === decodeURIComponent(match![1]));
      if (index < 0) return null;
      const learningPath = this.paths[index];
      if (match[2] === 'enrollments') {
        return [200, learningPath.enrolled.map((userId) => this.pathEnrollment(index + 1, userId))];
      }
      if (learningPath.requiredGrade === null) {
        return [404, { detail: 'Grading criteria not found for this learning path.' }];
      }
      return [
        200,
        {
          learning_path_key: learningPath.key,
          grade: 0,
          required_grade: learningPath.requiredGrade,
        },
      ];
    }
    return null;
  }

  private blocks(q: URLSearchParams): [number, unknown] | null {
    const course = this.courses.get(q.get('course_id') ?? '');
    if (!course) return null;
    const username = q.get('username');
    const requested = new Set((q.get('requested_fields') ?? '').split(','));
    if (!username && q.get('all_blocks') !== 'true') {
      return [400, { username: ['This field is required unless all_blocks is requested.'] }];
    }
    if (
      username &&
      !this.enrollments.some((e) => e.username === username && e.courseKey === course.key)
    ) {
      return [403, { detail: 'not enrolled' }];
    }
    const values = username ? this.completions.get(course.key)?.get(username) : undefined;
    const blocks: Record<string, unknown> = {};
    for (const [id, block] of Object.entries(course.blocks)) {
      const [, blockId = id] = id.split('+block@');
      const data: Record<string, unknown> = {
        id,
        block_id: blockId,
        lms_web_url: `${this.url}/courses/${course.key}/jump_to/${id}`,
        legacy_web_url: `${this.url}/courses/${course.key}/jump_to/${id}?experience=legacy`,
        student_view_url: `${this.url}/xblock/${id}`,
        type: block.type,
        display_name: block.display_name,
      };
      if (requested.has('graded')) data.graded = block.graded ?? false;
      if (requested.has('format') && block.format) data.format = block.format;
      if (requested.has('has_score')) data.has_score = block.has_score ?? false;
      if (requested.has('weight') && block.weight !== undefined) data.weight = block.weight;
      if (requested.has('optional_completion') && block.optional_completion) {
        data.optional_completion = true;
      }
      if (requested.has('children') && block.children?.length) data.children = block.children;
      if (username && requested.has('completion') && !block.children?.length) {
        data.completion = values?.get(id) ?? 0;
      }
      blocks[id] = data;
    }
    return [200, { root: course.root, blocks }];
  }

  private gradebook(url: URL, courseKey: string): [number, unknown] | null {
    const course = this.courses.get(courseKey);
    if (!course) return null;
    if (this.gradebookOff.has(courseKey)) {
      return [
        403,
        {
          developer_message: 'The writable gradebook feature is not enabled for this course.',
          error_code: 'feature_not_enabled',
        },
      ];
    }
    const active = this.enrollments.filter((e) => e.courseKey === courseKey && e.isActive);
    const subsections = Object.entries(course.blocks).filter(
      ([, b]) => b.type === 'sequential' && b.graded,
    );
    const entries = active.map((enrollment) => {
      const user = this.users.get(enrollment.username)!;
      const scores = this.grades.get(courseKey)?.get(user.username);
      return {
        username: user.username,
        email: enrollment.mode === 'masters' ? user.email : '',
        course_id: courseKey,
        passed: false,
        percent: 0,
        letter_grade: null,
        progress_page_url: `/courses/${courseKey}/progress/${user.id}/`,
        section_breakdown: subsections.map(([id, b]) => {
          const score = scores?.get(id);
          return {
            attempted: score !== undefined,
            category: b.format,
            label: b.format === 'Exam' ? 'Exam' : 'HW 01',
            module_id: id,
            percent: score && score[1] > 0 ? score[0] / score[1] : 0,
            score_earned: score?.[0] ?? 0,
            score_possible: score?.[1] ?? 0,
            subsection_name: b.display_name,
          };
        }),
        user_id: user.id,
        full_name: user.name,
      };
    });
    const page = this.cursorPage(url, entries, this.pageSizes.gradebook) as Record<string, unknown>;
    return [
      200,
      { ...page, total_users_count: active.length, filtered_users_count: active.length },
    ];
  }

  private cursorPage(url: URL, all: unknown[], defaultSize: number): unknown {
    const size = Number(url.searchParams.get('page_size') ?? defaultSize);
    const offset = offsetOf(url.searchParams.get('cursor'));
    const link = (at: number) => {
      const next = new URL(url);
      next.searchParams.set('cursor', cursorOf(at));
      return next.toString();
    };
    return {
      next: offset + size < all.length ? link(offset + size) : null,
      previous: offset > 0 ? link(Math.max(0, offset - size)) : null,
      results: all.slice(offset, offset + size),
    };
  }

  private numbered(url: URL, all: unknown[], defaultSize: number, namespaced: boolean): unknown {
    const size = Number(url.searchParams.get('page_size') ?? defaultSize);
    const page = Number(url.searchParams.get('page') ?? 1);
    const link = (at: number) => {
      const next = new URL(url);
      next.searchParams.set('page', String(at));
      return next.toString();
    };
    const pages = Math.max(1, Math.ceil(all.length / size));
    const meta = {
      next: page < pages ? link(page + 1) : null,
      previous: page > 1 ? link(page - 1) : null,
      count: all.length,
    };
    const results = all.slice((page - 1) * size, page * size);
    return namespaced
      ? { results, pagination: { ...meta, num_pages: pages } }
      : { ...meta, results };
  }

  private courseDetail(key: string) {
    const course = this.courses.get(key)!;
    const [, rest] = key.split(':');
    const [org, number] = rest.split('+');
    return {
      blocks_url: `${this.url}/api/courses/v2/blocks/?course_id=${encodeURIComponent(key)}`,
      effort: null,
      end: null,
      enrollment_start: null,
      enrollment_end: null,
      id: key,
      media: {},
      name: course.title,
      number,
      org,
      short_description: '',
      start: '2026-01-01T00:00:00Z',
      start_display: 'Jan. 1, 2026',
      start_type: 'timestamp',
      pacing: 'instructor',
      mobile_available: false,
      hidden: false,
      invitation_only: false,
      course_id: key,
    };
  }

  private account(user: FakeUser) {
    return {
      username: user.username,
      url: `${this.url}/api/user/v1/accounts/${user.username}`,
      email: user.email,
      id: user.id,
      date_joined: '2025-09-01T08:00:00Z',
      is_active: true,
      name: user.name,
      bio: null,
      country: null,
    };
  }

  private pathEntry(path: FakeLearningPath) {
    return {
      key: path.key,
      display_name: path.displayName,
      image: null,
      sequential: true,
      steps: path.steps.map((step) => ({
        order: step.order,
        course_key: step.courseKey,
        course_dates: { start_date: null, end_date: null },
        weight: step.weight,
      })),
      required_completion: path.requiredCompletion,
      enrollment_date: null,
      invite_only: false,
    };
  }

  private pathEnrollment(pathId: number, userId: number) {
    return {
      user: userId,
      learning_path: pathId,
      is_active: true,
      created: '2026-01-03T09:00:00Z',
    };
  }
}
