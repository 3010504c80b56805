import fs from 'node:fs/promises';
import { buildSubgraphSchema } from '@apollo/subgraph';
import { parse, validate } from 'graphql';
import { getEvaluator } from '../../src/modules/eligibility';
import { discussionRequirement } from '../../src/modules/eligibility/requirements/discussion';

/**
 * docs/rules.md shows operations and progress an integrator copies: every GraphQL block
 * must be valid against the schema, and every JSON block must parse.
 */
const blocks = async (language: string) => {
  const text = await fs.readFile('docs/rules.md', 'utf8');
  return [...text.matchAll(new RegExp('```' + language + '\\n([\\s\\S]*?)```', 'g'))].map(
    (match) => match[1]!,
  );
};

it('every GraphQL example of docs/rules.md validates against schema.graphql', async () => {
  const schema = buildSubgraphSchema(parse(await fs.readFile('schema.graphql', 'utf8')));
  const operations = await blocks('graphql');
  expect(operations.length).toBeGreaterThanOrEqual(2);
  for (const operation of operations) {
    expect(validate(schema, parse(operation)).map((error) => error.message)).toEqual([]);
  }
});

it('every JSON example of docs/rules.md parses', async () => {
  const examples = await blocks('json');
  expect(examples.length).toBeGreaterThanOrEqual(2);
  for (const example of examples) expect(() => JSON.parse(example) as unknown).not.toThrow();
});

it('DISCUSSION is written as the extension point docs/rules.md describes: one registered module', async () => {
  const evaluator = getEvaluator('DISCUSSION');
  expect(evaluator).toBe(discussionRequirement);
  expect(evaluator.parameters).toEqual(['minPosts', 'minDistinctDays', 'minResponsesReceived']);
  expect(evaluator.facts?.map((source) => source.name)).toEqual(['discussion']);
  expect(typeof evaluator.validateParameters).toBe('function');
  const text = await fs.readFile('docs/rules.md', 'utf8');
  expect(text).toContain('## Writing a requirement kind');
});
