/** Response bodies in tests are checked field by field, so they are read as `any`. */
// biome-ignore lint/suspicious/noExplicitAny: tests read response bodies field by field
export const json = (res: Response): Promise<any> => res.json();
