import { loadConfig } from '../../src/config';
import { type Admission, createAdmission, type Decision } from '../../src/server/admission';

/**
 * The admission controller's rules, on a fixed limit of 2: who runs at once, who waits,
 * who is refused first when the queue is full, and that released places go to waiters.
 */
function admissionOf(env: Record<string, string>): Admission {
  return createAdmission(
    loadConfig({
      ADMISSION_MIN_IN_FLIGHT: '2',
      ADMISSION_MAX_IN_FLIGHT: '2',
      ADMISSION_QUEUE_SIZE: '2',
      ADMISSION_QUEUE_TIMEOUT_MS: '5000',
      ADMISSION_INGEST_WAIT_MS: '5000',
      ...env,
    }).admission,
  );
}

const released = (decision: Decision) => {
  if (!decision.admitted) throw new Error(`refused: ${decision.reason}`);
  return decision.release;
};

it('runs up to the limit, queues, refuses the lowest priority first, and hands places on', async () => {
  const admission = admissionOf({});
  const shed: string[] = [];
  admission.onShed((reason, priority) => shed.push(`${priority}:${reason}`));
  const first = released(await admission.admit('interactive'));
  const second = released(await admission.admit('interactive'));
  expect(admission.status()).toMatchObject({ limit: 2, inFlight: 2, queued: 0 });

  const bulk = admission.admit('bulk');
  const read = admission.admit('interactive');
  expect(admission.status().queued).toBe(2);
  // The queue is full: an ingest arrival takes the newest bulk waiter's place.
  const ingest = admission.admit('ingest');
  expect(await bulk).toEqual({ admitted: false, reason: 'capacity', retryAfterSeconds: 1 });
  // Bulk finds no lower rank to evict: refused at once.
  expect(await admission.admit('bulk')).toMatchObject({ admitted: false, reason: 'capacity' });
  expect(shed).toEqual(['bulk:capacity', 'bulk:capacity']);
  expect(admission.status().overloaded).toBe(true);

  // A freed place goes to ingest first, the next to the waiting read.
  first();
  first(); // releasing twice frees one place only
  const ingestRelease = released(await ingest);
  expect(admission.status()).toMatchObject({ inFlight: 2, queued: 1 });
  second();
  const readRelease = released(await read);
  ingestRelease();
  readRelease();
  expect(admission.status()).toMatchObject({ inFlight: 0, queued: 0 });
  admission.stop();
});

it('gives ingest and bulk work at most half of the limit', async () => {
  const admission = admissionOf({
    ADMISSION_QUEUE_TIMEOUT_MS: '30',
    ADMISSION_INGEST_WAIT_MS: '30',
  });
  const bulk = released(await admission.admit('bulk'));
  expect(await admission.admit('bulk')).toMatchObject({ admitted: false, reason: 'queue_timeout' });
  const read = released(await admission.admit('interactive'));
  bulk();
  const ingest = released(await admission.admit('ingest'));
  expect(await admission.admit('ingest')).toMatchObject({
    admitted: false,
    reason: 'queue_timeout',
  });
  ingest();
  read();
  admission.stop();
});

it('lets everything through when ADMISSION_MAX_IN_FLIGHT is 0', async () => {
  const admission = createAdmission(loadConfig({ ADMISSION_MAX_IN_FLIGHT: '0' }).admission);
  const decisions = await Promise.all(Array.from({ length: 100 }, () => admission.admit('bulk')));
  expect(decisions.every((decision) => decision.admitted)).toBe(true);
});

it('adapts the limit to the latency of admitted work', async () => {
  const admission = createAdmission(
    loadConfig({
      ADMISSION_MIN_IN_FLIGHT: '2',
      ADMISSION_INITIAL_IN_FLIGHT: '20',
      ADMISSION_MAX_IN_FLIGHT: '40',
      ADMISSION_TARGET_LATENCY_MS: '20',
    }).admission,
  );
  const run = async (ms: number) => {
    const decision = await admission.admit('interactive');
    if (!decision.admitted) return;
    await new Promise((resolve) => setTimeout(resolve, ms));
    decision.release();
  };
  // Slow work: the limit shrinks toward the minimum.
  const deadline = Date.now() + 1500;
  while (Date.now() < deadline) await Promise.all(Array.from({ length: 20 }, () => run(40)));
  const shrunk = admission.status().limit;
  expect(shrunk).toBeLessThan(20);
  // Fast work that fills the limit: it grows again (on a busy machine a 1 ms wait can take
  // longer than the target for a while, so the growth gets up to 10 s to show).
  const later = Date.now() + 10_000;
  while (Date.now() < later && admission.status().limit <= shrunk) {
    await Promise.all(Array.from({ length: 40 }, () => run(1)));
  }
  expect(admission.status().limit).toBeGreaterThan(shrunk);
  admission.stop();
});

it('documents every admission and timeout setting with its real default (docs/operations.md)', async () => {
  const { readFile } = await import('node:fs/promises');
  const doc = await readFile('docs/operations.md', 'utf8');
  const rows = [...doc.matchAll(/^\| `([A-Z_]+)`\s*\| `(\d+)`\s*\|/gm)].map(([, name, value]) => ({
    name: name!,
    value: value!,
  }));
  expect(rows).toHaveLength(19);
  const { readdir } = await import('node:fs/promises');
  const files = (await readdir('src')).filter((name) => /^(.+-)?config\.ts$/.test(name));
  const source = (await Promise.all(files.map((name) => readFile(`src/${name}`, 'utf8')))).join(
    '\n',
  );
  const read = [
    ...source.matchAll(
      /'((?:ADMISSION|HTTP)_[A-Z_]+|DATABASE_ACQUIRE_TIMEOUT_MS|OPERATION_DEADLINE_MS)'/g,
    ),
  ];
  expect(read.length).toBeGreaterThan(10);
  const documented = rows.map((row) => row.name);
  for (const [, name] of read) expect(documented).toContain(name);
  const defaults = loadConfig({});
  for (const { name, value } of rows) expect(loadConfig({ [name]: value })).toEqual(defaults);
  expect(await readFile('README.md', 'utf8')).toContain('docs/operations.md');
});

it('refuses at once a wait its own priority’s pace says would run out, and queues one that fits', async () => {
  const admission = admissionOf({ ADMISSION_QUEUE_TIMEOUT_MS: '40', ADMISSION_QUEUE_SIZE: '8' });
  const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
  // Interactive work has taken about 80 ms a place lately; ingest about 2 ms.
  for (let i = 0; i < 15; i++) {
    const read = released(await admission.admit('interactive'));
    const ingest = released(await admission.admit('ingest'));
    await sleep(2);
    ingest();
    await sleep(78);
    read();
  }
  const places = [
    released(await admission.admit('interactive')),
    released(await admission.admit('interactive')),
  ];
  // Two places busy: a read would wait over 20 ms (its mean over two places), half its 40.
  const started = performance.now();
  expect(await admission.admit('interactive')).toMatchObject({
    admitted: false,
    reason: 'capacity',
  });
  expect(performance.now() - started).toBeLessThan(10);
  // Ingest, at its own quick pace, is queued (its expected wait is tiny) and gets a place.
  const ingest = admission.admit('ingest');
  expect(admission.status().queued).toBe(1);
  places[0]!();
  released(await ingest)();
  places[1]!();
  admission.stop();
});

it('refuses bulk work at once while a read waits for the next place, and not when shares keep it', async () => {
  const admission = admissionOf({ ADMISSION_QUEUE_SIZE: '8' });
  const reads = [
    released(await admission.admit('interactive')),
    released(await admission.admit('interactive')),
  ];
  const waitingRead = admission.admit('interactive');
  // The read waiting now would take the next place, and reads keep coming first.
  const started = performance.now();
  expect(await admission.admit('bulk')).toMatchObject({ admitted: false, reason: 'capacity' });
  expect(performance.now() - started).toBeLessThan(10);
  reads[0]!();
  const read = released(await waitingRead);
  read();
  reads[1]!();

  // Ingest waiting at its share (one place of two) holds no place it could not take: bulk waits.
  const ingest = released(await admission.admit('ingest'));
  const other = released(await admission.admit('interactive'));
  const waitingIngest = admission.admit('ingest');
  const bulk = admission.admit('bulk');
  expect(admission.status().queued).toBe(2);
  other();
  released(await bulk)();
  ingest();
  released(await waitingIngest)();
  admission.stop();
});
