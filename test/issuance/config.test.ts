import { generateKeyPairSync } from 'node:crypto';
import path from 'node:path';
import { ConfigError, loadConfig } from '../../src/config';

/** The issuer's configuration: storage, signing key, jobs. */
function refusal(env: Record<string, string>): ConfigError {
  try {
    loadConfig(env);
  } catch (error) {
    expect(error).toBeInstanceOf(ConfigError);
    return error as ConfigError;
  }
  throw new Error(`loadConfig accepted ${JSON.stringify(env)}`);
}

describe('issuer configuration', () => {
  it('defaults to local files under LAUREL_HOME, the key file, and sweeps every 10 minutes', () => {
    const config = loadConfig({ LAUREL_HOME: '/srv/laurel' });
    expect(config.storage).toEqual({ driver: 'local', root: path.resolve('/srv/laurel/files') });
    expect(config.signingKeyPem).toBeNull();
    expect(config.jobs).toMatchObject({
      retryLimit: 5,
      retryDelaySeconds: 10,
      expireSeconds: 300,
      reconcileCron: '*/10 * * * *',
    });
  });

  it('reads S3 settings', () => {
    const config = loadConfig({
      STORAGE: 's3',
      S3_BUCKET: 'laurel-files',
      S3_REGION: 'eu-west-1',
      S3_ENDPOINT: 'http://minio.internal:9000',
      S3_FORCE_PATH_STYLE: 'true',
      S3_ACCESS_KEY_ID: 'key',
      S3_SECRET_ACCESS_KEY: 'secret',
    });
    expect(config.storage).toEqual({
      driver: 's3',
      bucket: 'laurel-files',
      region: 'eu-west-1',
      endpoint: 'http://minio.internal:9000',
      forcePathStyle: true,
      accessKeyId: 'key',
      secretAccessKey: 'secret',
    });
    expect(loadConfig({ STORAGE: 's3', S3_BUCKET: 'b-1' }).storage).toMatchObject({
      region: 'us-east-1',
      forcePathStyle: false,
    });
  });

  it('accepts an Ed25519 PKCS#8 PEM, with escaped newlines too', () => {
    const pem = generateKeyPairSync('ed25519')
      .privateKey.export({ type: 'pkcs8', format: 'pem' })
      .toString();
    expect(loadConfig({ SIGNING_KEY: pem }).signingKeyPem).toBe(pem.trim());
    expect(loadConfig({ SIGNING_KEY: pem.replace(/\n/g, '\\n') }).signingKeyPem).not.toBeNull();
    expect(loadConfig({ RECONCILE_CRON: 'off' }).jobs.reconcileCron).toBeNull();
  });

  it.each<[string, Record<string, string>]>([
    ['STORAGE', { STORAGE: 'ftp' }],
    ['S3_BUCKET', { STORAGE: 's3' }],
    ['S3_BUCKET', { STORAGE: 's3', S3_BUCKET: 'Bad_Bucket' }],
    ['S3_ENDPOINT', { STORAGE: 's3', S3_BUCKET: 'ok-bucket', S3_ENDPOINT: 'minio:9000' }],
    [
      'S3_FORCE_PATH_STYLE',
      { STORAGE: 's3', S3_BUCKET: 'ok-bucket', S3_FORCE_PATH_STYLE: 'maybe' },
    ],
    ['S3_SECRET_ACCESS_KEY', { STORAGE: 's3', S3_BUCKET: 'ok-bucket', S3_ACCESS_KEY_ID: 'k' }],
    ['SIGNING_KEY', { SIGNING_KEY: 'not a key' }],
    ['JOB_RETRY_LIMIT', { JOB_RETRY_LIMIT: '-1' }],
    ['JOB_RETRY_DELAY_SECONDS', { JOB_RETRY_DELAY_SECONDS: '0' }],
    ['JOB_EXPIRE_SECONDS', { JOB_EXPIRE_SECONDS: '1' }],
    ['WORKER_CONCURRENCY', { WORKER_CONCURRENCY: '0' }],
    ['RENDER_THREADS', { RENDER_THREADS: 'many' }],
    ['RENDER_NICE', { RENDER_NICE: '20' }],
    ['RECONCILE_CRON', { RECONCILE_CRON: 'every ten minutes' }],
  ])('refuses a bad %s', (variable, env) => {
    const error = refusal(env);
    expect(error.variable).toBe(variable);
    expect(error.message).toContain(variable);
  });

  it('never prints the signing key it refuses', () => {
    const error = refusal({ SIGNING_KEY: '-----BEGIN PRIVATE KEY-----\nsecretstuff\n' });
    expect(error.message).not.toContain('secretstuff');
  });
});
