/** `text` matched literally inside a LIKE pattern (PostgreSQL's default escape character is the backslash). */
export const likeLiteral = (text: string): string => text.replace(/[\\%_]/g, (c) => `\\${c}`);
