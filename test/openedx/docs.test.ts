import fs from 'node:fs/promises';
import { DEFAULT_OPENEDX_TOPICS, loadConfig } from '../../src/config';
import { EVENT_TYPES } from '../../src/modules/openedx';

/**
 * The Open edX guides show settings an operator copies as they are: Laurel's settings block
 * must load, and the platform settings must name every event Laurel consumes on the topics it
 * reads by default (and nothing it cannot decode).
 */

async function block(file: string, name: string): Promise<string> {
  const text = await fs.readFile(file, 'utf8');
  const match = new RegExp(
    `<!-- ${name}:start -->\\s*\`\`\`bash\\n([\\s\\S]*?)\`\`\`\\s*<!-- ${name}:end -->`,
  ).exec(text);
  if (!match) throw new Error(`${file} has no ${name} block`);
  return match[1]!;
}

it("docs/openedx.md's settings block configures the LMS, the bus and its tokens", async () => {
  const env = Object.fromEntries(
    (await block('docs/openedx.md', 'openedx-settings'))
      .trim()
      .split('\n')
      .map((line) => line.split(/=(.*)/s).slice(0, 2) as [string, string]),
  );
  const config = loadConfig({ ...env, LAUREL_HOME: '/tmp/laurel-docs-check' });
  expect(config.role).toBe('all');
  expect(config.openedx).toMatchObject({
    lmsUrl: 'https://lms.example.com',
    clientId: 'laurel-service',
    eventBusUrl: 'redis://redis.example.com:6379',
    topicPrefix: 'openedx',
    topics: [...DEFAULT_OPENEDX_TOPICS],
    consumerGroup: 'laurel',
  });
  expect(config.auth).toMatchObject({
    jwksUrl: 'https://lms.example.com/auth/jwks.json',
    jwksIssuer: 'https://lms.example.com/oauth2',
    jwksAudience: 'lms-key',
  });
});

it("the platform settings in docs/openedx-event-bus.md send every consumed event to Laurel's topics", async () => {
  const text = await fs.readFile('docs/openedx-event-bus.md', 'utf8');
  const python = [...text.matchAll(/```python\n([\s\S]*?)```/g)].map((m) => m[1]!);
  const entry = /\("(org\.openedx\.[\w.]+)", "([\w.-]+)", "([\w.]+)"\)/g;
  // The plain settings (LMS and Studio blocks) and the Tutor plugin must each cover everything.
  const plain = python.filter((code) => !code.includes('from tutor import hooks'));
  const tutor = python.filter((code) => code.includes('from tutor import hooks'));
  expect(tutor).toHaveLength(1);
  for (const code of [plain.join('\n'), tutor[0]!]) {
    const entries = [...code.matchAll(entry)].map(([, type, topic]) => ({ type, topic }));
    const types = new Set(entries.map((e) => e.type));
    expect([...types].sort()).toEqual(Object.values(EVENT_TYPES).sort());
    for (const { topic } of entries) expect(DEFAULT_OPENEDX_TOPICS).toContain(topic);
    expect(code).toContain('edx.completion.block_completion.changed');
    expect(code).toContain('edx.grades.subsection.grade_calculated');
  }
});

it('links every Open edX guide from the README', async () => {
  const readme = await fs.readFile('README.md', 'utf8');
  for (const guide of ['openedx.md', 'openedx-auth.md', 'openedx-lms.md', 'openedx-event-bus.md']) {
    await fs.access(`docs/${guide}`);
    expect(readme).toContain(`docs/${guide}`);
  }
});
