import type { EntityManager } from '@mikro-orm/postgresql';
import { type NextFunction, type Request, type Response, Router } from 'express';
import type { Viewer } from '../../shared/access';
import {
  answerFor,
  jsonErrorHandler,
  type ResponseCode,
  sendJsonError,
} from '../../shared/error-response';
import { isUuid } from '../../shared/keys';
import type { Logger } from '../../shared/logger';
import { CredentialConfiguration } from '../credentials';
import {
  asDomainError,
  credentialFileAccess,
  type CredentialFiles,
  type ObjectStorage,
  SVG_HEADERS,
} from '../issuance';
import { bakePng, bakeSvg } from './baking';
import { BadgeFiles } from './badge-files';
import { OpenBadgeService } from './open-badge.service';
import type { OpenBadgesDeps } from './open-badges.setup';

export interface BadgeFilesHttpDeps {
  /** A fresh EntityManager per request. */
  em: () => EntityManager;
  storage: ObjectStorage;
  openBadges: OpenBadgesDeps;
  verifyToken: (authorization: string | undefined) => Promise<Viewer | null>;
  logger: Logger;
}

const PRIVATE = 'private, no-store';
/** Achievements are public and change only when an admin edits the configuration. */
const PUBLIC = 'public, max-age=300';
const JSON_TYPES = ['application/ld+json', 'application/vc+ld+json', 'application/json'];

function fail(res: Response, code: ResponseCode, message: string): void {
  sendJsonError(res, answerFor(code, message));
}

function sendJson(res: Response, document: unknown, headers: Record<string, string>): void {
  res.set({ 'X-Content-Type-Options': 'nosniff', ...headers });
  res.type('application/vc+ld+json').send(JSON.stringify(document, null, 2));
}

/**
 * The Open Badge files of a credential (`:id` is its id or verification id; every route goes
 * through `credentialFileAccess`) and the public achievement of a configuration:
 *
 * - `GET /credentials/:id/open-badge.json`, `/badge.png`, `/badge.svg` (baked);
 * - `GET /credentials/:id`: the credential's own `id` URL: the JSON for a client asking for
 *   JSON(-LD), else a redirect to its verification page;
 * - `GET /achievements/:configurationId`, `/image.png`, `/image.svg`.
 */
export function badgeFileRoutes(deps: BadgeFilesHttpDeps): Router {
  const router = Router();

  /** The credential's files when the caller may have them; otherwise answers and gives null. */
  const access = async (
    req: Request,
    res: Response,
  ): Promise<{ files: CredentialFiles; badges: BadgeFiles } | null> => {
    const em = deps.em();
    const viewer = await deps.verifyToken(req.headers.authorization);
    const result = await credentialFileAccess(em, viewer, String(req.params.id));
    if (!result.granted) {
      fail(res, result.code, result.message);
      return null;
    }
    return {
      files: result.files,
      badges: new BadgeFiles(em, deps.storage, new OpenBadgeService(em, deps.openBadges)),
    };
  };

  const fileName = (files: CredentialFiles, extension: string) =>
    `credential-${files.credential.verificationId}.${extension}`;

  router.get('/credentials/:id/open-badge.json', async (req, res) => {
    const found = await access(req, res);
    if (!found) return;
    const document = await found.badges.openBadge(found.files);
    sendJson(res, document, {
      'Cache-Control': PRIVATE,
      'Content-Disposition': `attachment; filename="${fileName(found.files, 'json')}"`,
    });
  });

  /** The credential's image and its signed Open Badge, to bake one into the other. */
  const imageAndBadge = async (req: Request, res: Response) => {
    const found = await access(req, res);
    if (!found) return null;
    const [image, document] = await Promise.all([
      found.badges.credentialImage(found.files),
      found.badges.openBadge(found.files),
    ]);
    return { image, credential: JSON.stringify(document), files: found.files };
  };

  router.get('/credentials/:id/badge.png', async (req, res) => {
    const found = await imageAndBadge(req, res);
    if (!found) return;
    res.set({
      'Cache-Control': PRIVATE,
      'Content-Disposition': `inline; filename="${fileName(found.files, 'png')}"`,
      'X-Content-Type-Options': 'nosniff',
    });
    res.type('image/png').send(bakePng(found.image.png, found.credential));
  });

  router.get('/credentials/:id/badge.svg', async (req, res) => {
    const found = await imageAndBadge(req, res);
    if (!found) return;
    res.set({
      ...SVG_HEADERS,
      'Cache-Control': PRIVATE,
      'Content-Disposition': `inline; filename="${fileName(found.files, 'svg')}"`,
    });
    res.send(bakeSvg(found.image.svg, found.credential));
  });

  router.get('/credentials/:id', async (req, res) => {
    const id = String(req.params.id);
    if (!isUuid(id)) return fail(res, 'NOT_FOUND', 'No such credential');
    res.vary('Accept');
    if (req.accepts(['text/html', ...JSON_TYPES]) !== 'text/html' && req.accepts(JSON_TYPES)) {
      const found = await access(req, res);
      if (!found) return;
      const document = await found.badges.openBadge(found.files);
      return sendJson(res, document, { 'Cache-Control': PRIVATE });
    }
    res.set('Cache-Control', 'no-store');
    res.redirect(302, `/verify/${encodeURIComponent(id)}`);
  });

  const configuration = async (req: Request, res: Response) => {
    const id = String(req.params.configurationId);
    const em = deps.em();
    const found = isUuid(id) ? await em.findOne(CredentialConfiguration, { id }) : null;
    if (!found) {
      fail(res, 'NOT_FOUND', 'No such achievement');
      return null;
    }
    return {
      configuration: found,
      badges: new BadgeFiles(em, deps.storage, new OpenBadgeService(em, deps.openBadges)),
    };
  };

  router.get('/achievements/:configurationId', async (req, res) => {
    const found = await configuration(req, res);
    if (!found) return;
    // Express answers a matching If-None-Match with 304 from the ETag it computes.
    sendJson(res, await found.badges.achievement(found.configuration), { 'Cache-Control': PUBLIC });
  });

  router.get('/achievements/:configurationId/image.png', async (req, res) => {
    const found = await configuration(req, res);
    if (!found) return;
    const { png } = await found.badges.achievementImage(found.configuration);
    res.set({ 'Cache-Control': PUBLIC, 'X-Content-Type-Options': 'nosniff' });
    res.type('image/png').send(png);
  });

  router.get('/achievements/:configurationId/image.svg', async (req, res) => {
    const found = await configuration(req, res);
    if (!found) return;
    const { svg } = await found.badges.achievementImage(found.configuration);
    res.set({ ...SVG_HEADERS, 'Cache-Control': PUBLIC });
    res.send(svg);
  });

  const answer = jsonErrorHandler(deps.logger, 'badge file request failed');
  // Express tells error handlers by their four parameters.
  router.use((error: unknown, req: Request, res: Response, next: NextFunction) => {
    answer(asDomainError(error), req, res, next);
  });
  return router;
}
