import type { MigrationObject } from '@mikro-orm/core';
import { Migration20261202050000_learner_search } from './Migration20261202050000_learner_search';
import { Migration20261201220500_notifications } from './Migration20261201220500_notifications';
import { Migration20261201190400_discussion_facts } from './Migration20261201190400_discussion_facts';
import { Migration20261201161000 } from './Migration20261201161000';
import { Migration20261201161517 } from './Migration20261201161517';
import { Migration20261201161742_course_access_role } from './Migration20261201161742_course_access_role';
import { Migration20261201172114_issuer_identity } from './Migration20261201172114_issuer_identity';
import { Migration20261201173100_open_badge_key } from './Migration20261201173100_open_badge_key';
import { Migration20261201185000_credential_visibility } from './Migration20261201185000_credential_visibility';
import { Migration20261201185500_credential_validity } from './Migration20261201185500_credential_validity';
import { Migration20261201190000_status_lists } from './Migration20261201190000_status_lists';
import { Migration20261201190100_badge_template } from './Migration20261201190100_badge_template';
import { Migration20261201131349 } from './Migration20261201131349';
import { Migration20261201131326 } from './Migration20261201131326';
import { Migration20261201080926 } from './Migration20261201080926';
import { Migration20261123113455 } from './Migration20261123113455';
import { Migration20261123112245 } from './Migration20261123112245';
import { Migration20261123110933 } from './Migration20261123110933';
import { Migration20261201190200_audit_cutoff_date } from './Migration20261201190200_audit_cutoff_date';
import { Migration20261201220200_certificate_messages } from './Migration20261201220200_certificate_messages';
import { Migration20261201220400_lifecycle } from './Migration20261201220400_lifecycle';

/** Every migration, in order. `npm run migration:create` appends new ones here. */
export const migrationsList: MigrationObject[] = [
  { name: 'Migration20261123110933', class: Migration20261123110933 },
  { name: 'Migration20261123112245', class: Migration20261123112245 },
  { name: 'Migration20261123113455', class: Migration20261123113455 },
  { name: 'Migration20261201080926', class: Migration20261201080926 },
  { name: 'Migration20261201131326', class: Migration20261201131326 },
  { name: 'Migration20261201131349', class: Migration20261201131349 },
  { name: 'Migration20261201161000', class: Migration20261201161000 },
  { name: 'Migration20261201161517', class: Migration20261201161517 },
  {
    name: 'Migration20261201161742_course_access_role',
    class: Migration20261201161742_course_access_role,
  },
  {
    name: 'Migration20261201172114_issuer_identity',
    class: Migration20261201172114_issuer_identity,
  },
  { name: 'Migration20261201173100_open_badge_key', class: Migration20261201173100_open_badge_key },
  {
    name: 'Migration20261201185000_credential_visibility',
    class: Migration20261201185000_credential_visibility,
  },
  {
    name: 'Migration20261201185500_credential_validity',
    class: Migration20261201185500_credential_validity,
  },
  { name: 'Migration20261201190000_status_lists', class: Migration20261201190000_status_lists },
  {
    name: 'Migration20261201190200_audit_cutoff_date',
    class: Migration20261201190200_audit_cutoff_date,
  },
  {
    name: 'Migration20261201190400_discussion_facts',
    class: Migration20261201190400_discussion_facts,
  },
  { name: 'Migration20261201190100_badge_template', class: Migration20261201190100_badge_template },
  { name: 'Migration20261201220500_notifications', class: Migration20261201220500_notifications },
  {
    name: 'Migration20261201220200_certificate_messages',
    class: Migration20261201220200_certificate_messages,
  },
  { name: 'Migration20261201220400_lifecycle', class: Migration20261201220400_lifecycle },
  { name: 'Migration20261202050000_learner_search', class: Migration20261202050000_learner_search },
];
