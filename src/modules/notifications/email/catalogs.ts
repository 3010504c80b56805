import path from 'node:path';
import { type Catalogs, loadCatalogs } from '../../../shared/i18n';

/** The e-mail texts per locale; English is complete, the others fall back to it key by key. */
export const EMAIL_CATALOGS: Catalogs = loadCatalogs(path.join(__dirname, 'messages'));
