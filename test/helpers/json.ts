/** Response bodies in tests are checked field by field, so they are read as `any`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export const json = (res: Response): Promise<any> => res.json();
