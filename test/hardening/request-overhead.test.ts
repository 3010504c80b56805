import { EntityManager } from '@mikro-orm/core';
import express from 'express';
import type { AddressInfo } from 'node:net';
import { requestContext, requestInfo } from '../../src/server/request-context';
import { createLogger } from '../../src/shared/logger';
import { createMetrics } from '../../src/shared/metrics';
import { CoursesDocument } from '../operations/generated';
import { startTestApp, type TestApp } from '../support/app';
import { captureLogs } from '../support/log-capture';

/**
 * What a request that needs little pays little: no identity map, DataLoaders or child
 * logger unless something uses them.
 */
let app: TestApp;
beforeAll(async () => {
  app = await startTestApp({ RECONCILE_CRON: 'off' });
});
afterAll(() => app.stop());

describe('the GraphQL context', () => {
  it('forks no identity map for an operation that reads nothing, one for one that does', async () => {
    const fork = jest.spyOn(EntityManager.prototype, 'fork');
    try {
      const typename = await app.raw(
        { query: '{ __typename }' },
        { authorization: `Bearer ${app.adminToken}` },
      );
      expect(typename.data).toEqual({ __typename: 'Query' });
      expect(fork).not.toHaveBeenCalled();

      const courses = await app.gql(CoursesDocument, { first: 1 }, app.adminToken);
      expect(courses.errors).toBeUndefined();
      expect(fork).toHaveBeenCalledTimes(1);
    } finally {
      fork.mockRestore();
    }
  });
});

describe('the request middleware', () => {
  async function serve(level: string) {
    const logs = captureLogs();
    const logger = createLogger(level, logs.stream);
    const child = jest.spyOn(logger, 'child');
    const metrics = createMetrics();
    const site = express();
    site.use(requestContext(logger, metrics));
    site.get('/quiet', (_req, res) => {
      res.json({ ok: true });
    });
    site.get('/loud', (_req, res) => {
      requestInfo(res).logger.info('something happened');
      res.json({ ok: true });
    });
    const server = site.listen(0, '127.0.0.1');
    await new Promise((resolve) => server.once('listening', resolve));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    return { logs, child, metrics, base, close: () => new Promise((r) => server.close(r)) };
  }

  it('makes no child logger for a request that logs nothing, and still times it', async () => {
    const site = await serve('info');
    try {
      const response = await fetch(`${site.base}/quiet`, {
        headers: { 'x-request-id': 'quiet-1' },
      });
      expect(response.headers.get('x-request-id')).toBe('quiet-1');
      await response.json();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(site.child).not.toHaveBeenCalled();
      expect(site.logs.lines).toEqual([]);
      const timed = await site.metrics.httpDuration.get();
      expect(timed.values.find((v) => v.metricName?.endsWith('_count'))).toMatchObject({
        labels: { route: 'other', method: 'GET', status: '200' },
        value: 1,
      });
    } finally {
      await site.close();
    }
  });

  it('gives what a request logs its id, and logs the finished request at debug', async () => {
    const site = await serve('debug');
    try {
      await (await fetch(`${site.base}/loud`, { headers: { 'x-request-id': 'loud-1' } })).json();
      await new Promise((resolve) => setTimeout(resolve, 20));
      expect(site.child).toHaveBeenCalledTimes(1);
      expect(site.logs.records().map((r) => [r.requestId, r.msg])).toEqual([
        ['loud-1', 'something happened'],
        ['loud-1', 'request finished'],
      ]);
    } finally {
      await site.close();
    }
  });
});
