/** Whether the build under `root` (default: this project) is missing or older than its inputs. */
export function isStale(root?: string): boolean;
/** Compiles `root` (default: this project) and stamps the build; false when TypeScript is absent. */
export function build(root?: string): boolean;
export const INPUTS: readonly string[];
export const STAMP: string;
