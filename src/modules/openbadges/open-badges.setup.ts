/**
 * What Open Badges need in one process: the issuer key (the credential signing key's
 * material), the issuer id, the offline document loader and the `did:web` document.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import type { DocumentLoader } from '@digitalbazaar/vc';
import type { Config } from '../../config';
import { loadOrCreateSigningKey, signingKeyFromPem } from '../issuance';
import { didDocument, isLocalUrl, issuerDid, type DidDocument } from './did';
import { createDocumentLoader } from './document-loader';
import { issuerKeyFromPem, type IssuerKey } from './issuer-key';
import type { JsonObject } from './open-badge';
import { StatusLists } from './status-lists';

export interface OpenBadgesDeps {
  publicUrl: string;
  /** `did:web:…` from PUBLIC_URL, or `did:key:…` of the current key when PUBLIC_URL is local. */
  issuerId: string;
  issuerName: string;
  issuerUrl: string;
  key: IssuerKey;
  documentLoader: DocumentLoader;
  /** The `did:web` document (every key ever used); null when the issuer is a `did:key`. */
  didDocument(): Promise<DidDocument | null>;
  /** Signed credentials by credential version (see `OpenBadgeService`). */
  cache: Map<string, JsonObject>;
  /** This issuer's status lists: withdrawals and the signed list credentials. */
  statusLists: StatusLists;
}

const REGISTER_KEY = `
  insert into open_badge_key (public_key_multibase) values (?)
  on conflict (public_key_multibase) do nothing`;
const PUBLISHED_KEYS = `
  select public_key_multibase from open_badge_key order by first_used_at, public_key_multibase`;
/** Another process may have registered a newer key: re-read the list this often. */
const KEY_LIST_TTL_MS = 30_000;

/** Reads the signing key as the issuer does (SIGNING_KEY, else the key file under LAUREL_HOME). */
async function loadIssuerKey(config: Config): Promise<IssuerKey> {
  const signingKey =
    config.signingKeyPem !== null
      ? signingKeyFromPem(config.signingKeyPem)
      : await loadOrCreateSigningKey(config.home);
  return issuerKeyFromPem(signingKey.privateKeyPem());
}

/** Registers the current key among those ever used, then answers from them. */
export async function setUpOpenBadges(
  config: Config,
  em: EntityManager,
  key?: IssuerKey,
): Promise<OpenBadgesDeps> {
  const issuerKey = key ?? (await loadIssuerKey(config));
  const issuerId = issuerDid(config.publicUrl, issuerKey.publicKeyMultibase);
  const connection = em.getConnection();
  await connection.execute(REGISTER_KEY, [issuerKey.publicKeyMultibase]);

  let keyList: { keys: string[]; readAt: number } | null = null;
  const publishedKeys = async (): Promise<string[]> => {
    if (keyList === null || Date.now() - keyList.readAt > KEY_LIST_TTL_MS) {
      const rows = await connection.execute<{ public_key_multibase: string }[]>(PUBLISHED_KEYS);
      keyList = { keys: rows.map((row) => row.public_key_multibase), readAt: Date.now() };
    }
    return keyList.keys.includes(issuerKey.publicKeyMultibase)
      ? keyList.keys
      : [...keyList.keys, issuerKey.publicKeyMultibase];
  };
  const ownDidDocument = async () => didDocument(issuerId, await publishedKeys());
  const local = isLocalUrl(config.publicUrl);
  const signing = { publicUrl: config.publicUrl, issuerId, key: issuerKey };
  // The lists are signed with the loader, and the loader reads the lists: one refers to the other.
  const statusLists: StatusLists = new StatusLists({
    ...signing,
    documentLoader: (url) => documentLoader(url),
  });
  const documentLoader = createDocumentLoader(
    local ? undefined : { id: issuerId, document: ownDidDocument },
    statusLists.ownDocuments(() => em.fork()),
  );
  return {
    ...signing,
    issuerName: config.openBadges.issuerName,
    issuerUrl: config.openBadges.issuerUrl,
    documentLoader,
    didDocument: async () => (local ? null : ownDidDocument()),
    cache: new Map(),
    statusLists,
  };
}
