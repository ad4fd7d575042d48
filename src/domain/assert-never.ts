/** The end of every exhaustive switch: a case the compiler proved impossible is a defect (a 500), never a business rule. */
export function assertNever(x: never): never {
  throw new Error(`unexpected value ${JSON.stringify(x)}`);
}
