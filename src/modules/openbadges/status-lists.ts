/**
 * Laurel's signed status lists: a withdrawn credential's bit is set and its list re-signed
 * in the transaction that withdraws it; a list is served as the signed
 * `BitstringStatusListCredential` stored beside its bits.
 */
import type { EntityManager } from '@mikro-orm/postgresql';
import { isUuid } from '../../shared/keys';
import type { OwnDocuments } from './document-loader';
import { signOpenBadge, type JsonObject } from './open-badge';
import type { OpenBadgesDeps } from './open-badges.setup';
import { allocateStatusEntry } from './status-allocation';
import { buildStatusListCredential, statusListUrl, withBitSet } from './status-list';

type SigningDeps = Pick<OpenBadgesDeps, 'publicUrl' | 'issuerId' | 'key' | 'documentLoader'>;

interface ListRow {
  bits: Buffer;
  credential: JsonObject | null;
}

const LIST_SQL = `select credential from status_list where id = ?`;
const LOCK_LIST_SQL = `select bits, credential from status_list where id = ? for update`;
const STORE_SQL = `
update status_list set bits = ?, credential = ?::jsonb, updated_at = now() where id = ?`;

export class StatusLists {
  constructor(private readonly deps: SigningDeps) {}

  /**
   * Sets the credential's bit (allocating its entry first if it was issued before status
   * lists existed) and re-signs the list, in `em`'s transaction: a signing failure fails
   * the caller's whole transaction.
   */
  async withdraw(em: EntityManager, credentialId: string): Promise<void> {
    const position = await allocateStatusEntry(em, credentialId);
    const [row] = await em.execute<ListRow[]>(LOCK_LIST_SQL, [position.listId]);
    const { bits, changed } = withBitSet(row!.bits, position.index);
    if (!changed && this.isCurrent(row!.credential)) return;
    await this.store(em, position.listId, bits);
  }

  /**
   * The signed list credential; null for an unknown list. A list is signed when first
   * asked for, and again when the issuer id changed (a `did:key` issuer's new key).
   */
  async signedList(em: EntityManager, listId: string): Promise<JsonObject | null> {
    if (!isUuid(listId)) return null;
    const [row] = await em.execute<Pick<ListRow, 'credential'>[]>(LIST_SQL, [listId]);
    if (!row) return null;
    if (this.isCurrent(row.credential)) return row.credential;
    return em.transactional(async (tx) => {
      const [locked] = await tx.execute<ListRow[]>(LOCK_LIST_SQL, [listId]);
      if (this.isCurrent(locked!.credential)) return locked!.credential;
      return this.store(tx, listId, locked!.bits);
    });
  }

  /** Resolves this issuer's own list URLs for the document loader (null: not one of them). */
  ownDocuments(em: () => EntityManager): OwnDocuments {
    const prefix = statusListUrl(this.deps.publicUrl, '');
    return async (url) => {
      if (!url.startsWith(prefix)) return null;
      return this.signedList(em(), url.slice(prefix.length));
    };
  }

  private isCurrent(credential: JsonObject | null): credential is JsonObject {
    return credential !== null && credential.issuer === this.deps.issuerId;
  }

  private async store(em: EntityManager, listId: string, bits: Buffer): Promise<JsonObject> {
    const unsigned = await buildStatusListCredential({
      publicUrl: this.deps.publicUrl,
      listId,
      issuerId: this.deps.issuerId,
      bits,
      validFrom: new Date(),
    });
    const signed = await signOpenBadge(
      unsigned,
      this.deps.key,
      this.deps.issuerId,
      this.deps.documentLoader,
    );
    await em.execute(STORE_SQL, [bits, JSON.stringify(signed), listId]);
    return signed;
  }
}
