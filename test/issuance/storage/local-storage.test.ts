import fsPromises, { readdir, readFile, stat, symlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { LocalStorage } from '../../../src/modules/issuance/storage/local-storage';
import { createStorage } from '../../../src/modules/issuance/storage/create-storage';
import { S3Storage } from '../../../src/modules/issuance/storage/s3-storage';
import { expectBytes, expectStorageError, localFixture, pdfLikeBytes } from './helpers';

/** Every file below `dir`, relative to it. */
async function listFiles(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter((entry) => entry.isFile())
    .map((entry) => path.relative(dir, path.join(entry.parentPath, entry.name)))
    .sort();
}

describe('LocalStorage', () => {
  let root: string;
  let storage: LocalStorage;
  let teardown: () => Promise<void>;

  beforeEach(async () => {
    const fixture = await localFixture();
    root = fixture.root;
    storage = fixture.storage;
    teardown = fixture.teardown;
  });
  afterEach(async () => {
    jest.restoreAllMocks();
    await teardown();
  });

  it('stores keys as files under the root, private to the service user', async () => {
    await storage.put('credentials/abc.pdf', pdfLikeBytes(10), 'application/pdf');
    const file = path.join(root, 'credentials', 'abc.pdf');
    expect(storage.pathFor('credentials/abc.pdf')).toBe(file);
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect(await listFiles(root)).toEqual(['credentials/abc.pdf']);
  });

  it('returns the file path as the download target, and refuses missing files', async () => {
    const bytes = pdfLikeBytes(64);
    await storage.put('credentials/abc.pdf', bytes, 'application/pdf');
    const target = await storage.downloadTarget('credentials/abc.pdf', 300);
    expect(target).toEqual({ kind: 'file', path: path.join(root, 'credentials', 'abc.pdf') });
    if (target.kind !== 'file') throw new Error('unreachable');
    expectBytes(new Uint8Array(await readFile(target.path)), bytes);
    await expectStorageError(storage.downloadTarget('credentials/missing.pdf', 300), {
      code: 'NOT_FOUND',
      retryable: false,
    });
  });

  it('refuses keys that would escape the root and writes nothing outside it', async () => {
    const parent = path.dirname(root);
    const escapeName = `escape-${path.basename(root)}.pdf`;
    for (const key of [
      `../${escapeName}`,
      `credentials/../../${escapeName}`,
      path.join(parent, escapeName),
    ]) {
      await expectStorageError(storage.put(key, pdfLikeBytes(1), 'application/pdf'), {
        code: 'INVALID_KEY',
        retryable: false,
      });
    }
    await expect(stat(path.join(parent, escapeName))).rejects.toMatchObject({ code: 'ENOENT' });
    expect(() => storage.pathFor('../x')).toThrow(/Invalid storage key/);
  });

  it('never exposes a half-written file: readers see the old or the new content', async () => {
    const key = 'credentials/race.pdf';
    const versions = Array.from({ length: 6 }, (_, i) => pdfLikeBytes(256 * 1024 + i * 1000));
    await storage.put(key, versions[0]!, 'application/pdf');
    const known = new Set(versions.map((v) => Buffer.from(v).toString('base64')));

    let writing = true;
    const reads: Uint8Array[] = [];
    const reader = (async () => {
      while (writing) reads.push(await storage.get(key));
    })();
    for (const version of versions.slice(1)) await storage.put(key, version, 'application/pdf');
    writing = false;
    await reader;

    expect(reads.length).toBeGreaterThan(0);
    for (const bytes of reads) expect(known.has(Buffer.from(bytes).toString('base64'))).toBe(true);
    expectBytes(await storage.get(key), versions.at(-1)!);
    expect(await listFiles(root)).toEqual(['credentials/race.pdf']);
  });

  it('keeps the previous content and leaves no temporary file when a write fails before the rename', async () => {
    const key = 'credentials/crash.pdf';
    const original = pdfLikeBytes(100);
    await storage.put(key, original, 'application/pdf');
    jest
      .spyOn(fsPromises, 'rename')
      .mockRejectedValueOnce(Object.assign(new Error('EIO: i/o error, rename'), { code: 'EIO' }));

    await expectStorageError(storage.put(key, pdfLikeBytes(200), 'application/pdf'), {
      code: 'UNAVAILABLE',
      retryable: true,
    });
    expectBytes(await storage.get(key), original);
    expect(await listFiles(root)).toEqual(['credentials/crash.pdf']);
  });

  it('reports a file in the way of a key path as a non-retryable failure', async () => {
    await writeFile(path.join(root, 'credentials'), 'not a folder');
    await expectStorageError(storage.put('credentials/x.pdf', pdfLikeBytes(1), 'application/pdf'), {
      code: 'FAILED',
      retryable: false,
    });
    await expect(storage.exists('credentials/x.pdf')).resolves.toBe(false);
    expect(await listFiles(root)).toEqual(['credentials']);
  });

  it('creates its root on the readiness check and reports an unusable root', async () => {
    const fresh = new LocalStorage(path.join(root, 'nested', 'files'));
    await expect(fresh.check()).resolves.toBeUndefined();
    expect((await stat(path.join(root, 'nested', 'files'))).isDirectory()).toBe(true);

    await writeFile(path.join(root, 'blocker'), '');
    const blocked = new LocalStorage(path.join(root, 'blocker', 'files'));
    await expectStorageError(blocked.check(), { code: 'UNAVAILABLE', retryable: true });
  });

  it('resolves a relative root against the working directory', () => {
    expect(new LocalStorage('./.laurel/files').root).toBe(path.resolve('.laurel/files'));
  });

  it('follows a symlinked root', async () => {
    const target = path.join(root, 'real');
    await fsPromises.mkdir(target);
    await symlink(target, path.join(root, 'link'));
    const linked = new LocalStorage(path.join(root, 'link'));
    await linked.put('credentials/a.pdf', pdfLikeBytes(5), 'application/pdf');
    expect(await listFiles(target)).toEqual(['credentials/a.pdf']);
  });
});

describe('createStorage', () => {
  it('builds the local driver', () => {
    const storage = createStorage({ driver: 'local', root: '/tmp/laurel-files' });
    expect(storage).toBeInstanceOf(LocalStorage);
    expect((storage as LocalStorage).root).toBe('/tmp/laurel-files');
  });

  it('builds the S3 driver', async () => {
    const storage = createStorage({
      driver: 's3',
      bucket: 'laurel',
      region: 'eu-west-1',
      endpoint: 'http://127.0.0.1:9',
      forcePathStyle: true,
    });
    expect(storage).toBeInstanceOf(S3Storage);
    expect((storage as S3Storage).bucket).toBe('laurel');
    await storage.close?.();
  });
});
