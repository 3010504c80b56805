import { type ApolloServer, HeaderMap, type HTTPGraphQLRequest } from '@apollo/server';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Context } from './context';
import type { BeginRequest, ResponseWithLocals } from './request-context';

/**
 * `POST /graphql` with a plain UTF-8 JSON body, served straight from node:http: what nearly
 * every GraphQL request is, without express's router, body-parser and `res.send` (an ETag
 * hash of every answer) in between. It answers exactly as the express route does: the same
 * request context, body limit, batch limit, errors and Apollo. Anything else addressed to
 * /graphql (GET, another content type or charset, a compressed body) goes through express.
 */
export interface GraphQLEndpointDeps {
  apollo: ApolloServer<Context>;
  maxBodyBytes: number;
  begin: BeginRequest;
  /** Admission control, before the body is read; answers and resolves false to refuse. */
  enter(req: IncomingMessage, res: ServerResponse): Promise<boolean>;
  /** Checks a parsed body (the batch limit); answers and returns false to refuse it. */
  admit(body: unknown, res: ResponseWithLocals): boolean;
  context(req: IncomingMessage, res: ResponseWithLocals): Promise<Context>;
  /** Answers a refused request the way the express route does. */
  refuse(res: ResponseWithLocals, error: unknown): void;
}

const PLAIN_JSON = /^\s*application\/json\s*(?:;\s*charset\s*=\s*"?utf-8"?\s*)?$/i;

/** Whether the request is one the endpoint serves; otherwise express does. */
export function servesDirectly(req: IncomingMessage): boolean {
  if (req.method !== 'POST') return false;
  const url = req.url ?? '';
  if (url !== '/graphql' && !url.startsWith('/graphql?')) return false;
  const encoding = req.headers['content-encoding'];
  if (encoding !== undefined && encoding.trim().toLowerCase() !== 'identity') return false;
  const type = req.headers['content-type'];
  return type !== undefined && PLAIN_JSON.test(type);
}

/** An error shaped as body-parser's (http-errors), so both routes answer it alike. */
export function bodyError(status: number, type: string, extra: Record<string, unknown> = {}) {
  return Object.assign(new Error(type), {
    status,
    statusCode: status,
    expose: true,
    type,
    ...extra,
  });
}

function readBody(req: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const declared = Number(req.headers['content-length']);
    if (declared > limit) {
      req.pause();
      reject(bodyError(413, 'entity.too.large', { limit }));
      return;
    }
    const chunks: Buffer[] = [];
    let length = 0;
    const onData = (chunk: Buffer) => {
      length += chunk.length;
      if (length > limit) {
        finish();
        req.pause();
        reject(bodyError(413, 'entity.too.large', { limit }));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      finish();
      resolve(chunks.length === 1 ? chunks[0]! : Buffer.concat(chunks, length));
    };
    const onAborted = () => {
      finish();
      reject(bodyError(400, 'request.aborted'));
    };
    const finish = () => {
      req.off('data', onData);
      req.off('end', onEnd);
      req.off('error', onAborted);
      req.off('aborted', onAborted);
    };
    req.on('data', onData);
    req.on('end', onEnd);
    req.on('error', onAborted);
    req.on('aborted', onAborted);
  });
}

/** body-parser's `json()` with `strict: true`: an empty body is `{}`, else an object or array. */
export function parseJsonBody(bytes: Buffer): unknown {
  if (bytes.length === 0) return {};
  const text = bytes.toString('utf8');
  const first = /^[\x20\x09\x0a\x0d]*(.)/.exec(text)?.[1];
  if (first !== '{' && first !== '[') throw bodyError(400, 'entity.parse.failed');
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw bodyError(400, 'entity.parse.failed');
  }
}

function requestHeaders(req: IncomingMessage): HeaderMap {
  const headers = new HeaderMap();
  for (const [key, value] of Object.entries(req.headers)) {
    if (value !== undefined) headers.set(key, Array.isArray(value) ? value.join(', ') : value);
  }
  return headers;
}

export function createGraphQLEndpoint(deps: GraphQLEndpointDeps) {
  const { apollo, maxBodyBytes, begin } = deps;
  return async (req: IncomingMessage, plain: ServerResponse): Promise<void> => {
    const res = Object.assign(plain, { locals: {} }) as ResponseWithLocals;
    const url = req.url ?? '/graphql';
    begin(req, res, url);
    try {
      if (!(await deps.enter(req, res))) return;
      const body = parseJsonBody(await readBody(req, maxBodyBytes));
      if (!deps.admit(body, res)) return;
      const query = url.indexOf('?');
      const httpGraphQLRequest: HTTPGraphQLRequest = {
        method: 'POST',
        headers: requestHeaders(req),
        search: query === -1 ? '' : url.slice(query),
        body,
      };
      const answer = await apollo.executeHTTPGraphQLRequest({
        httpGraphQLRequest,
        context: () => deps.context(req, res),
      });
      for (const [key, value] of answer.headers) res.setHeader(key, value);
      res.statusCode = answer.status ?? 200;
      if (answer.body.kind === 'complete') {
        res.setHeader('content-length', Buffer.byteLength(answer.body.string));
        res.end(answer.body.string);
        return;
      }
      for await (const chunk of answer.body.asyncIterator) res.write(chunk);
      res.end();
    } catch (error) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      deps.refuse(res, error);
    }
  };
}
