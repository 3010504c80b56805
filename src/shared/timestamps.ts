import { OptionalProps, Property } from '@mikro-orm/core';

/** Every table carries created_at / updated_at (DESIGN §2). */
export abstract class Timestamps {
  [OptionalProps]?: 'createdAt' | 'updatedAt';

  @Property({ type: 'timestamptz', defaultRaw: 'now()', onCreate: () => new Date() })
  createdAt: Date = new Date();

  @Property({
    type: 'timestamptz',
    defaultRaw: 'now()',
    onCreate: () => new Date(),
    onUpdate: () => new Date(),
  })
  updatedAt: Date = new Date();
}
