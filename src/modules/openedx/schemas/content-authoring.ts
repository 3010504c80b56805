import { cloudEvent, optional, type RecordSchema } from './records';

/** `CourseCatalogData` with its `CourseScheduleData` (`content_authoring/data.py`). */
export const catalogInfoSchema = (eventType: string): RecordSchema =>
  cloudEvent(eventType, [
    {
      name: 'catalog_info',
      type: {
        name: 'CourseCatalogData',
        type: 'record',
        fields: [
          { name: 'course_key', type: 'string' },
          { name: 'name', type: 'string' },
          {
            name: 'schedule_data',
            type: {
              name: 'CourseScheduleData',
              type: 'record',
              fields: [
                { name: 'start', type: 'string' },
                { name: 'pacing', type: 'string' },
                optional('end', 'string'),
                optional('enrollment_start', 'string'),
                optional('enrollment_end', 'string'),
              ],
            },
          },
          { name: 'hidden', type: 'boolean' },
          { name: 'invitation_only', type: 'boolean' },
        ],
      },
    },
  ]);

/**
 * `XBlockData`. openedx-events added `version` (a UsageKey, default None) after the schema
 * its tests keep; producers on 11.x write it, older ones do not: both forms are listed.
 */
export const xblockSchemas = (eventType: string): RecordSchema[] => {
  const base = [
    { name: 'usage_key', type: 'string' },
    { name: 'block_type', type: 'string' },
  ] as RecordSchema['fields'];
  const record = (fields: RecordSchema['fields']) =>
    cloudEvent(eventType, [
      { name: 'xblock_info', type: { name: 'XBlockData', type: 'record', fields } },
    ]);
  return [record([...base, optional('version', 'string')]), record(base)];
};
