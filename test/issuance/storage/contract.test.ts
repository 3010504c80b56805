import { randomUUID } from 'node:crypto';
import { StorageError, type ObjectStorage } from '../../../src/modules/issuance/storage/storage';
import {
  expectBytes,
  expectStorageError,
  fetchTarget,
  localFixture,
  pdfLikeBytes,
  s3Fixture,
  type StorageFixture,
} from './helpers';

/** The same behaviour is required of every driver. */
const drivers: [string, () => Promise<StorageFixture>][] = [
  ['local', localFixture],
  ['s3', s3Fixture],
];

describe.each(drivers)('ObjectStorage contract: %s driver', (_driver, setup) => {
  let fixture: StorageFixture;
  let storage: ObjectStorage;
  const key = (): string => `credentials/${randomUUID()}.pdf`;

  beforeAll(async () => {
    fixture = await setup();
    storage = fixture.storage;
  });
  afterAll(async () => {
    await fixture?.teardown();
  });

  it('is ready', async () => {
    await expect(storage.check()).resolves.toBeUndefined();
  });

  it('returns the exact bytes it was given (every byte value, 300 KiB)', async () => {
    const k = key();
    const everyByte = Uint8Array.from({ length: 256 }, (_, i) => i);
    const big = pdfLikeBytes(300 * 1024);
    big.set(everyByte, 100);
    await storage.put(k, big, 'application/pdf');
    expectBytes(await storage.get(k), big);
  });

  it('round-trips an empty object', async () => {
    const k = key();
    await storage.put(k, new Uint8Array(0), 'application/pdf');
    expectBytes(await storage.get(k), new Uint8Array(0));
  });

  it('accepts nested keys with spaces and non-ASCII characters', async () => {
    const k = `assets/fonts/${randomUUID()}/Noto Sans Ł+ä.ttf`;
    const bytes = pdfLikeBytes(100);
    await storage.put(k, bytes, 'font/ttf');
    expectBytes(await storage.get(k), bytes);
    await expect(storage.exists(k)).resolves.toBe(true);
    expectBytes(await fetchTarget(await storage.downloadTarget(k, 60)), bytes);
  });

  it('tells whether a key exists', async () => {
    const k = key();
    await expect(storage.exists(k)).resolves.toBe(false);
    await storage.put(k, pdfLikeBytes(10), 'application/pdf');
    await expect(storage.exists(k)).resolves.toBe(true);
    // A prefix of a key is not an object.
    await expect(storage.exists('credentials')).resolves.toBe(false);
  });

  it('deletes, and deleting a missing key is not an error', async () => {
    const k = key();
    await storage.put(k, pdfLikeBytes(10), 'application/pdf');
    await storage.delete(k);
    await expect(storage.exists(k)).resolves.toBe(false);
    await expectStorageError(storage.get(k), { code: 'NOT_FOUND', retryable: false });
    await expect(storage.delete(k)).resolves.toBeUndefined();
  });

  it('overwrites an object completely (a shorter body leaves nothing of the longer one)', async () => {
    const k = key();
    await storage.put(k, pdfLikeBytes(5000), 'application/pdf');
    const replacement = pdfLikeBytes(20);
    await storage.put(k, replacement, 'application/pdf');
    expectBytes(await storage.get(k), replacement);
  });

  it('fails a get of a missing key with a non-retryable NOT_FOUND StorageError', async () => {
    const k = key();
    const error = await expectStorageError(storage.get(k), { code: 'NOT_FOUND', retryable: false });
    expect(error.message).toContain(k);
  });

  it('hands out a download target that yields the bytes', async () => {
    const k = key();
    const bytes = pdfLikeBytes(2048);
    await storage.put(k, bytes, 'application/pdf');
    const target = await storage.downloadTarget(k, 60);
    expectBytes(await fetchTarget(target), bytes);
  });

  it('refuses download targets with an out-of-range lifetime', async () => {
    const k = key();
    await storage.put(k, pdfLikeBytes(10), 'application/pdf');
    await expect(storage.downloadTarget(k, 0)).rejects.toThrow(RangeError);
    await expect(storage.downloadTarget(k, 1.5)).rejects.toThrow(RangeError);
    await expect(storage.downloadTarget(k, 8 * 24 * 3600)).rejects.toThrow(RangeError);
  });

  const badKeys = [
    '',
    '../escape.pdf',
    'credentials/../../escape.pdf',
    'credentials/..',
    '/etc/passwd',
    'credentials//x.pdf',
    'credentials/./x.pdf',
    'credentials\\..\\x.pdf',
    'C:/x.pdf',
    'credentials/x\u0000.pdf',
    'x'.repeat(1025),
  ];
  it.each(badKeys.map((k) => [JSON.stringify(k).slice(0, 40), k]))(
    'rejects the key %s in every operation',
    async (_label, badKey) => {
      const invalid = { code: 'INVALID_KEY', retryable: false } as const;
      await expectStorageError(storage.put(badKey, new Uint8Array(1), 'application/pdf'), invalid);
      await expectStorageError(storage.get(badKey), invalid);
      await expectStorageError(storage.exists(badKey), invalid);
      await expectStorageError(storage.delete(badKey), invalid);
      await expectStorageError(storage.downloadTarget(badKey, 60), invalid);
    },
  );

  it('serves concurrent writers and readers of different keys', async () => {
    const items = Array.from({ length: 20 }, () => ({ k: key(), bytes: pdfLikeBytes(4096) }));
    await Promise.all(items.map(({ k, bytes }) => storage.put(k, bytes, 'application/pdf')));
    const read = await Promise.all(items.map(({ k }) => storage.get(k)));
    read.forEach((bytes, i) => expectBytes(bytes, items[i]!.bytes));
  });

  it('raises errors that are StorageError instances with a message', async () => {
    const error = await storage.get(key()).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(StorageError);
    expect(error).toBeInstanceOf(Error);
    expect((error as StorageError).name).toBe('StorageError');
  });
});
