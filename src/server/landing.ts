import express from 'express';
import fs from 'node:fs';
import path from 'node:path';
import type { Config } from '../config';

/** The project's README.md (beside package.json above this file, in src/ or dist/src/). */
function findReadme(): string | null {
  for (let dir = __dirname; dir !== path.dirname(dir); dir = path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json'))) {
      const readme = path.join(dir, 'README.md');
      return fs.existsSync(readme) ? readme : null;
    }
  }
  return null;
}

const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

/**
 * `GET /`: what this server is and where to go, as a small HTML page, or JSON for a client
 * that asks for it; `GET /docs`: the README it was installed with.
 */
export function landingRoutes(config: Config): express.Router {
  const router = express.Router();
  const readme = findReadme();
  const links = {
    graphql: `${config.publicUrl}/graphql`,
    health: `${config.publicUrl}/healthz`,
    console: `${config.publicUrl}/console`,
    ...(readme ? { docs: `${config.publicUrl}/docs` } : {}),
  };
  const about =
    'Laurel: a GraphQL credential gateway. It decides which learners have earned which credentials, issues them as signed PDFs, and verifies them.';
  const page = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Laurel</title>
<meta name="viewport" content="width=device-width, initial-scale=1"></head>
<body style="font-family: system-ui, sans-serif; max-width: 40rem; margin: 3rem auto; line-height: 1.5">
<h1>Laurel</h1>
<p>${escapeHtml(about.replace(/^Laurel: a/, 'A'))}</p>
<ul>
<li>GraphQL endpoint: <a href="${escapeHtml(links.graphql)}">${escapeHtml(links.graphql)}</a> (POST, or WebSocket for subscriptions)</li>
<li>Console (courses, rules, issuance): <a href="${escapeHtml(links.console)}">${escapeHtml(links.console)}</a></li>
<li>Health: <a href="${escapeHtml(links.health)}">${escapeHtml(links.health)}</a></li>
${links.docs ? `<li>Documentation: <a href="${escapeHtml(links.docs)}">README</a></li>` : ''}
</ul>
</body></html>
`;
  router.get('/', (req, res) => {
    res.vary('Accept');
    if (req.accepts(['html', 'json']) === 'json') {
      res.json({ name: 'Laurel', description: about, links });
    } else {
      res.type('html').send(page);
    }
  });
  if (readme) {
    router.get('/docs', (_req, res) => {
      res.type('text/markdown; charset=utf-8').sendFile(readme);
    });
  }
  return router;
}
