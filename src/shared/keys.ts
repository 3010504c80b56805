/** Open edX-style identifiers (DESIGN §2). */
const PART = '[A-Za-z0-9._~\\-]+';
export const COURSE_KEY = new RegExp(`^course-v1:${PART}\\+${PART}\\+${PART}$`);
export const PATH_KEY = new RegExp(`^path-v1:${PART}\\+${PART}\\+${PART}(\\+${PART})?$`);
/** Learner, block and item ids: any printable id without spaces, at most 255 characters. */
export const OPAQUE_ID = /^[^\s]{1,255}$/;

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Ids of rows Laurel creates itself; anything else cannot name one. */
export function isUuid(id: string): boolean {
  return UUID.test(id);
}
