import type { BodyReader } from './lms-body';
import { LmsError } from './lms-errors';

/** Blocks that hold others; never counted for completion themselves. */
const CONTAINER_TYPES = new Set(['course', 'chapter', 'sequential', 'vertical']);
const MAX_DEPTH = 64;

export interface CourseStructure {
  title: string;
  gradingPolicy: { assignmentType: string; weight: number }[];
  blocks: { id: string; optional: boolean }[];
  gradedItems: { id: string; assignmentType: string; possiblePoints: number }[];
  /** Graded subsections left out because their format is not in the grading policy. */
  ungradedFormats: string[];
}

interface Block {
  type: string;
  displayName: string | null;
  children: string[];
  graded: boolean;
  format: string | null;
  optional: boolean;
}

function readBlock(reader: BodyReader): Block {
  return {
    type: reader.get('type').string(100),
    displayName: reader.get('display_name').optionalString(1000),
    children: reader
      .get('children')
      .optionalArray(10_000)
      .map((child) => child.string(1000)),
    graded: reader.get('graded').optionalBoolean(false),
    format: reader.get('format').optionalString(255),
    optional: reader.get('optional_completion').optionalBoolean(false),
  };
}

/** `[{assignment_type, count, dropped, weight}]` of `/api/grades/v1/policy/courses/{id}/`. */
export function readGradingPolicy(body: BodyReader): CourseStructure['gradingPolicy'] {
  return body.array(1000).map((entry) => ({
    assignmentType: entry.get('assignment_type').string(255),
    weight: entry.get('weight').number(0, 1),
  }));
}

/**
 * The Blocks API's dict (`return_type=dict`) as Laurel's course: content blocks are the
 * leaves in depth-first order from `root` (containers excluded), graded items the graded
 * subsections whose format is an assignment type of the policy (Open edX ignores the
 * others too), each with 1 possible point so that a score is the subsection's fraction.
 */
export function mapCourseStructure(
  courseKey: string,
  blocksBody: BodyReader,
  gradingPolicy: CourseStructure['gradingPolicy'],
): CourseStructure {
  const root = blocksBody.get('root').string(1000);
  const blocks = new Map<string, Block>();
  for (const [id, reader] of blocksBody.get('blocks').entries(200_000)) {
    blocks.set(id, readBlock(reader));
  }
  const rootBlock = blocks.get(root);
  if (!rootBlock) {
    throw new LmsError(blocksBody.endpoint, `the root block ${root} is not among the blocks`);
  }

  const policyTypes = new Set(gradingPolicy.map((p) => p.assignmentType));
  const leaves: CourseStructure['blocks'] = [];
  const items: CourseStructure['gradedItems'] = [];
  const ungraded = new Set<string>();
  const visited = new Set<string>();
  const visit = (id: string, depth: number) => {
    const block = blocks.get(id);
    // A child the API left out (hidden from the service user) or met twice counts once.
    if (!block || visited.has(id)) return;
    if (depth > MAX_DEPTH) {
      throw new LmsError(blocksBody.endpoint, `the block tree is deeper than ${MAX_DEPTH}`);
    }
    visited.add(id);
    if (block.type === 'sequential' && block.graded && block.format) {
      if (policyTypes.has(block.format)) {
        items.push({ id, assignmentType: block.format, possiblePoints: 1 });
      } else {
        ungraded.add(block.format);
      }
    }
    if (block.children.length === 0 && !CONTAINER_TYPES.has(block.type)) {
      leaves.push({ id, optional: block.optional });
    }
    for (const child of block.children) visit(child, depth + 1);
  };
  visit(root, 0);

  return {
    title: rootBlock.displayName?.trim() || courseKey,
    gradingPolicy,
    blocks: leaves,
    gradedItems: items,
    ungradedFormats: [...ungraded],
  };
}
