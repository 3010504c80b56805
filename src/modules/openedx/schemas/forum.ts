import { cloudEvent, optional, type RecordSchema, USER_DATA } from './records';

/**
 * `DiscussionThreadData` (openedx-events 11.2 `learning/data.py`): the one data class of the
 * forum events `forum.thread.created`, `forum.thread.response.created` and
 * `forum.response.comment.created`, under the key `thread`.
 */
export const discussionThreadSchema = (eventType: string): RecordSchema =>
  cloudEvent(eventType, [
    {
      name: 'thread',
      type: {
        name: 'DiscussionThreadData',
        type: 'record',
        fields: [
          { name: 'body', type: 'string' },
          { name: 'commentable_id', type: 'string' },
          { name: 'id', type: 'string' },
          { name: 'truncated', type: 'boolean' },
          { name: 'url', type: 'string' },
          { name: 'user', type: USER_DATA },
          { name: 'course_id', type: 'string' },
          optional('thread_type', 'string'),
          optional('anonymous', 'boolean'),
          optional('anonymous_to_peers', 'boolean'),
          optional('title', 'string'),
          optional('title_truncated', 'boolean'),
          optional('group_id', 'long'),
          optional('team_id', 'long'),
          optional('category_id', 'long'),
          optional('category_name', 'string'),
          optional('discussion', { type: 'map', values: 'string' }),
          { name: 'user_course_roles', type: { type: 'array', items: 'string' } },
          { name: 'user_forums_roles', type: { type: 'array', items: 'string' } },
          { name: 'options', type: { type: 'map', values: 'boolean' } },
        ],
      },
    },
  ]);
