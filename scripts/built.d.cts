/** Whether the build under `root` (default: this project) is missing or older than its inputs. */
export function isStale(root?: string): boolean;
/** Compiles `root` (default: this project) and stamps the build; false when TypeScript is absent. */
export function build(root?: string): boolean;
export const INPUTS: readonly string[];
export const STAMP: string;
/** Whether the console's sources under `root` are newer than its build in dist/console. */
export function isConsoleStale(root?: string): boolean;
/** Builds the console with Vite and stamps it; false when Vite is absent. */
export function buildConsole(root?: string): boolean;
export const CONSOLE_INPUTS: readonly string[];
export const CONSOLE_STAMP: string;
