// Entities, enums and GraphQL types first: other modules read them while this index loads.
export { ContentBlock } from './content-block.entity';
export { Course } from './course.entity';
export { GradedItem } from './graded-item.entity';
export { LearningPathStep } from './learning-path-step.entity';
export { LearningPath } from './learning-path.entity';
export { catalogLoaders } from './catalog.loaders';
export { CatalogService } from './catalog.service';
export { CourseResolver } from './course.resolver';
export { LearningPathResolver } from './learning-path.resolver';
