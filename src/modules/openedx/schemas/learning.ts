import { cloudEvent, COURSE_DATA, optional, type RecordSchema, USER_DATA } from './records';

/** `CourseEnrollmentData` (enrollment created / changed, unenrollment completed). */
export const enrollmentSchema = (eventType: string): RecordSchema =>
  cloudEvent(eventType, [
    {
      name: 'enrollment',
      type: {
        name: 'CourseEnrollmentData',
        type: 'record',
        fields: [
          { name: 'user', type: USER_DATA },
          { name: 'course', type: COURSE_DATA },
          { name: 'mode', type: 'string' },
          { name: 'is_active', type: 'boolean' },
          { name: 'creation_date', type: 'string' },
          // UserData is defined above; a second definition would be refused.
          optional('created_by', 'UserData'),
        ],
      },
    },
  ]);

/** `PersistentCourseGradeData`: no PII, only the user id. */
export const persistentGradeSchema = (eventType: string): RecordSchema =>
  cloudEvent(eventType, [
    {
      name: 'grade',
      type: {
        name: 'PersistentCourseGradeData',
        type: 'record',
        fields: [
          { name: 'user_id', type: 'long' },
          { name: 'course', type: COURSE_DATA },
          { name: 'course_edited_timestamp', type: 'string' },
          { name: 'course_version', type: 'string' },
          { name: 'grading_policy_hash', type: 'string' },
          { name: 'percent_grade', type: 'double' },
          { name: 'letter_grade', type: 'string' },
          { name: 'passed_timestamp', type: 'string' },
        ],
      },
    },
  ]);

/** `CourseAccessRoleData` (course_access_role added / removed). */
export const courseAccessRoleSchema = (eventType: string): RecordSchema =>
  cloudEvent(eventType, [
    {
      name: 'course_access_role_data',
      type: {
        name: 'CourseAccessRoleData',
        type: 'record',
        fields: [
          { name: 'user', type: USER_DATA },
          { name: 'org_key', type: 'string' },
          { name: 'course_key', type: 'string' },
          { name: 'role', type: 'string' },
        ],
      },
    },
  ]);
