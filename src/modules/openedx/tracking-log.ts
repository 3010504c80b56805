import { ParkError } from './bus-message';
import { clamp01, dateOf, learnerIdOf, requireId } from './clean';
import type { Plan } from './facts';

export const COMPLETION_CHANGED = 'edx.completion.block_completion.changed';
export const SUBSECTION_GRADE_CALCULATED = 'edx.grades.subsection.grade_calculated';

export interface TrackingLog {
  name: string;
  timestamp: string;
  data: string;
  context: string;
}

type Json = Record<string, unknown>;

/** `data` / `context` are JSON texts; a payload encoded twice is unwrapped once. */
function jsonObject(text: string, what: string): Json {
  let value: unknown;
  try {
    value = JSON.parse(text);
    if (typeof value === 'string') value = JSON.parse(value);
  } catch {
    throw new ParkError(`tracking_log.${what} is not JSON`);
  }
  if (value === null || typeof value !== 'object' || Array.isArray(value)) {
    throw new ParkError(`tracking_log.${what} is not a JSON object`);
  }
  return value as Json;
}

function number(value: unknown, what: string): number {
  const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new ParkError(`tracking_log.data.${what} is not a number`);
  }
  return n;
}

/**
 * The tracking-log bridge: block completions and subsection grades. Other tracking events
 * that share the topic are ignored. `data` names the user and course; `context` is the
 * fallback, since some emitters put them only there.
 */
export function mapTrackingLog(log: TrackingLog, busTime: Date): Plan {
  if (log.name !== COMPLETION_CHANGED && log.name !== SUBSECTION_GRADE_CALCULATED) {
    return { kind: 'ignore', why: `tracking event ${log.name.slice(0, 100)} is not used` };
  }
  const data = jsonObject(log.data, 'data');
  const context = log.context ? jsonObject(log.context, 'context') : {};
  const learnerId = learnerIdOf(data.user_id ?? context.user_id, 'tracking_log.data.user_id');
  const courseId = requireId(data.course_id ?? context.course_id, 'tracking_log.data.course_id');
  const blockId = requireId(data.block_id, 'tracking_log.data.block_id');
  const emittedAt = dateOf(log.timestamp) ?? busTime;
  if (log.name === COMPLETION_CHANGED) {
    return {
      kind: 'fact',
      fact: {
        kind: 'completion',
        learnerId,
        courseId,
        blockId,
        completion: clamp01(number(data.completion, 'completion')),
        occurredAt: dateOf(data.modified) ?? emittedAt,
      },
    };
  }
  const earned = number(data.weighted_graded_earned ?? 0, 'weighted_graded_earned');
  const possible = number(data.weighted_graded_possible ?? 0, 'weighted_graded_possible');
  return {
    kind: 'fact',
    fact: {
      kind: 'score',
      learnerId,
      courseId,
      itemId: blockId,
      fraction: possible > 0 ? clamp01(earned / possible) : 0,
      graded: possible > 0,
      occurredAt: emittedAt,
    },
  };
}
