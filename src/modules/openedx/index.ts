// Entities, enums and GraphQL types first: other modules read them while this index loads.
export { ConnectorFailure } from './connector-failure.entity';
export { ConnectorMessage } from './connector-message.entity';
export { ConnectorStream } from './connector-stream.entity';
export { LmsCourseGrade } from './lms-course-grade.entity';
export { ConnectorStatus, LmsGrade } from './connector.types';
export { ConnectorResolver } from './connector.resolver';
export { LmsGradeResolver } from './lms-grade.resolver';
export { ConnectorService, type ConnectorDeps } from './connector.service';
export { connectorPipeline, startConnector, type ConnectorRuntime } from './connector.runtime';
export { openedxLoaders } from './lms-grade.loader';
export { applyCourseAccessRole, type CourseAccessRoleChange } from './course-access-roles';
export type { CourseImporter } from './pipeline';
export { EVENT_SCHEMAS, EVENT_TYPES, type EventType } from './schemas';
export { streamOf } from './consumer';
