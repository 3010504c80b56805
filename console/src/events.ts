import type { ChangeEvent } from 'react';

/** Paragon's Form.Control leaves its change event untyped: one type for inputs, selects, text areas. */
export type Change = ChangeEvent<HTMLInputElement & HTMLSelectElement & HTMLTextAreaElement>;
