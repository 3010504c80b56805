import { cloudEvent, type RecordSchema } from './records';

/** `TrackingLogData`: the tracking log's `data` and `context` travel as JSON strings. */
export const trackingLogSchema = (eventType: string): RecordSchema =>
  cloudEvent(eventType, [
    {
      name: 'tracking_log',
      type: {
        name: 'TrackingLogData',
        type: 'record',
        fields: [
          { name: 'name', type: 'string' },
          { name: 'timestamp', type: 'string' },
          { name: 'data', type: 'string' },
          { name: 'context', type: 'string' },
        ],
      },
    },
  ]);
