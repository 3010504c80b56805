import { ConfigError, DEFAULT_OPENEDX_TOPICS, loadConfig } from '../../src/config';
import { streamOf } from '../../src/modules/openedx';

describe('the Open edX connector settings', () => {
  it('default to no bus, no prefix, the documented topics, group laurel, the oldest entry', () => {
    expect(loadConfig({}).openedx).toMatchObject({
      eventBusUrl: null,
      topicPrefix: '',
      topics: [...DEFAULT_OPENEDX_TOPICS],
      consumerGroup: 'laurel',
      startFrom: 'oldest',
      batchSize: 5000,
    });
    expect(DEFAULT_OPENEDX_TOPICS).toEqual([
      'learning-course-enrollment-lifecycle',
      'course-unenrollment-lifecycle',
      'learning-course-grade-lifecycle',
      'analytics',
      'learning-course-access-role-lifecycle',
      'course-authoring-xblock-lifecycle',
      'course-catalog-info-changed',
      'learning-forum-lifecycle',
    ]);
  });

  it('read OPENEDX_* and the connector role', () => {
    const config = loadConfig({
      LAUREL_ROLE: 'connector',
      OPENEDX_EVENT_BUS_URL: 'redis://redis:6379/0',
      OPENEDX_TOPIC_PREFIX: 'dev',
      OPENEDX_TOPICS: ' analytics , learning-badges-lifecycle,analytics',
      OPENEDX_CONSUMER_GROUP: 'laurel-prod',
      OPENEDX_START_FROM: 'latest',
    });
    expect(config.role).toBe('connector');
    expect(config.openedx).toMatchObject({
      eventBusUrl: 'redis://redis:6379/0',
      topicPrefix: 'dev',
      topics: ['analytics', 'learning-badges-lifecycle'],
      consumerGroup: 'laurel-prod',
      startFrom: 'latest',
    });
  });

  it.each([
    [{ LAUREL_ROLE: 'connector' }, 'OPENEDX_EVENT_BUS_URL'],
    [{ OPENEDX_EVENT_BUS_URL: 'http://redis:6379' }, 'OPENEDX_EVENT_BUS_URL'],
    [{ OPENEDX_TOPICS: 'a b' }, 'OPENEDX_TOPICS'],
    [{ OPENEDX_TOPICS: ' , ' }, 'OPENEDX_TOPICS'],
    [{ OPENEDX_START_FROM: 'middle' }, 'OPENEDX_START_FROM'],
    [{ OPENEDX_CONSUMER_GROUP: 'a group' }, 'OPENEDX_CONSUMER_GROUP'],
  ])('refuse %j naming %s', (env, variable) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(variable);
  });

  it('name streams as event-bus-redis does: <prefix>-<topic>, or the topic alone', () => {
    expect(streamOf('dev', 'analytics')).toBe('dev-analytics');
    expect(streamOf('', 'analytics')).toBe('analytics');
  });
});
