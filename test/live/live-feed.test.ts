import type { Viewer } from '../../src/shared/access';
import { DomainError } from '../../src/shared/errors';
import { MemoryEventBus } from '../../src/shared/events';
import { LiveFeed } from '../../src/shared/live-feed';
import {
  type ScopedEvent,
  scopedEventKeys,
  scopedWatch,
  type LiveFilter,
} from '../../src/shared/live-scope';

/** The routing of live events (no sockets): who is considered, who receives, in what order. */
type Event = ScopedEvent & { n: number; sequence?: number | null };

const TOPIC = 'test.events';

function feed(options: { maxQueued?: number; ordered?: boolean } = {}) {
  const bus = new MemoryEventBus();
  const live = new LiveFeed<Event>(bus, TOPIC, {
    parse: (payload) => payload as Event,
    keysOf: scopedEventKeys,
    maxQueued: options.maxQueued ?? 100,
    overflow: () => new DomainError('RATE_LIMITED', 'behind'),
    ...(options.ordered
      ? {
          order: {
            streamOf: (e: Event) => `${e.learnerId}/${e.configurationId}`,
            sequenceOf: (e: Event) => e.sequence ?? null,
          },
        }
      : {}),
  });
  return { bus, live, publish: (event: Event) => bus.publish(TOPIC, event) };
}

const viewer = (v: Partial<Viewer>): Viewer => ({
  learnerId: null,
  isAdmin: false,
  canIngest: false,
  staffCourses: new Set(),
  staffPaths: new Set(),
  expiresAt: null,
  ...v,
});

const event = (n: number, e: Partial<Event> = {}): Event => ({
  n,
  learnerId: 'l1',
  configurationId: 'cfg-1',
  courseId: 'c1',
  learningPathId: null,
  ...e,
});

/** Everything the iterator holds right now, without waiting. */
async function drain(iterator: AsyncIterableIterator<Event>): Promise<number[]> {
  const taken: number[] = [];
  for (;;) {
    const next = await Promise.race([
      iterator.next(),
      new Promise<'empty'>((resolve) => setImmediate(() => resolve('empty'))),
    ]);
    if (next === 'empty' || next.done) return taken;
    taken.push(next.value.n);
  }
}

it('considers only the watches indexed under one of the event’s keys', async () => {
  const { live, publish } = feed();
  let considered = 0;
  const counting = (v: Viewer, filter: LiveFilter) => {
    const watch = scopedWatch(v, filter, {
      courseId: filter.courseId ?? null,
      learningPathId: filter.learningPathId ?? null,
    });
    return live.watch({
      keys: watch.keys,
      accepts: (e) => {
        considered += 1;
        return watch.accepts(e);
      },
    });
  };
  const learners = Array.from({ length: 5000 }, (_, i) =>
    counting(viewer({ learnerId: `l${i}` }), {}),
  );
  const staffOfOther = Array.from({ length: 1000 }, (_, i) =>
    counting(viewer({ learnerId: `s${i}`, staffCourses: new Set(['c2']) }), { courseId: 'c2' }),
  );
  const staff = counting(viewer({ learnerId: 'teacher', staffCourses: new Set(['c1']) }), {
    courseId: 'c1',
  });
  expect(live.size).toBe(6001);

  await publish(event(1, { learnerId: 'l7' }));
  expect(considered).toBe(2); // l7's own watch and c1's staff
  expect(await drain(learners[7])).toEqual([1]);
  expect(await drain(staff)).toEqual([1]);
  expect(await drain(learners[8])).toEqual([]);
  expect(await drain(staffOfOther[0])).toEqual([]);

  await learners[7].return!();
  expect(live.size).toBe(6000);
});

it.each<[string, boolean, Partial<Viewer>, LiveFilter, Partial<Event>]>([
  ['a learner, own event', true, { learnerId: 'l1' }, {}, {}],
  ['a learner, another learner', false, { learnerId: 'l2' }, {}, {}],
  ['a learner filtering their course', true, { learnerId: 'l1' }, { courseId: 'c1' }, {}],
  ['a learner, own event on another course', false, { learnerId: 'l1' }, { courseId: 'c9' }, {}],
  ['staff, a learner of their course', true, { staffCourses: new Set(['c1']) }, {}, {}],
  ['staff, another course', false, { staffCourses: new Set(['c2']) }, {}, {}],
  [
    'path staff, a path event',
    true,
    { staffPaths: new Set(['p1']) },
    {},
    { courseId: null, learningPathId: 'p1' },
  ],
  [
    'course staff, a path event of a path through their course',
    false,
    { staffCourses: new Set(['c1']) },
    {},
    { courseId: null, learningPathId: 'p1' },
  ],
  ['admin, anything', true, { isAdmin: true }, {}, { learnerId: 'x', courseId: 'y' }],
  ['admin filtering a learner', false, { isAdmin: true }, { learnerId: 'l2' }, {}],
  ['a configuration filter', false, { isAdmin: true }, { configurationId: 'cfg-2' }, {}],
])('%s: delivered %s', async (_case, delivered, who, filter, fields) => {
  const { live, publish } = feed();
  const watch = scopedWatch(viewer(who), filter, {
    courseId: filter.courseId ?? null,
    learningPathId: filter.learningPathId ?? null,
  });
  const iterator = live.watch(watch);
  await publish(event(1, fields));
  expect(await drain(iterator)).toEqual(delivered ? [1] : []);
});

it.each<[string, Partial<Viewer>, LiveFilter]>([
  ['a learner asking for another learner', { learnerId: 'l1' }, { learnerId: 'l2' }],
  ['a role-less token', {}, {}],
  [
    'staff asking for a course they do not manage',
    { staffCourses: new Set(['c2']) },
    { courseId: 'c1' },
  ],
  [
    'staff asking for a learner in a course they do not manage',
    { learnerId: 's', staffCourses: new Set(['c2']) },
    { learnerId: 'l1', courseId: 'c1' },
  ],
])('refuses %s with FORBIDDEN', (_case, who, filter) => {
  expect(() =>
    scopedWatch(viewer(who), filter, {
      courseId: filter.courseId ?? null,
      learningPathId: filter.learningPathId ?? null,
    }),
  ).toThrow(expect.objectContaining({ code: 'FORBIDDEN' }));
});

it('drops a state older than one already routed for the same learner and configuration', async () => {
  const { live, publish } = feed({ ordered: true });
  const iterator = live.watch({ keys: ['all'], accepts: () => true });
  await publish(event(1, { sequence: 100 }));
  await publish(event(2, { sequence: 300 }));
  await publish(event(3, { sequence: 200 })); // crossed on the way: older than 300
  await publish(event(4, { sequence: 300 })); // the same one twice
  await publish(event(5, { sequence: 250, configurationId: 'cfg-2' })); // another stream
  await publish(event(6, { sequence: null })); // unknown: no guard
  expect(await drain(iterator)).toEqual([1, 2, 5, 6]);
});

it('ends a watch that falls more than maxQueued events behind, with the overflow error', async () => {
  const { live, publish } = feed({ maxQueued: 3 });
  const slow = live.watch({ keys: ['all'], accepts: () => true });
  for (let n = 1; n <= 4; n += 1) await publish(event(n));
  expect(live.size).toBe(0);
  await expect(slow.next()).rejects.toMatchObject({ code: 'RATE_LIMITED' });
  expect(await slow.next()).toEqual({ value: undefined, done: true });
});

it('a waiting reader gets the next event at once; close ends every watch', async () => {
  const { live, publish } = feed();
  const iterator = live.watch({ keys: ['learner:l1'], accepts: () => true });
  const pending = iterator.next();
  await publish(event(1));
  expect(await pending).toEqual({ value: expect.objectContaining({ n: 1 }), done: false });
  const waiting = iterator.next();
  live.close();
  expect(await waiting).toEqual({ value: undefined, done: true });
  expect(live.size).toBe(0);
  await publish(event(2));
  expect(await drain(live.watch({ keys: ['all'], accepts: () => true }))).toEqual([]);
});
