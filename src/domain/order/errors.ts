/**
 * Why the decider refuses a command. Each kind maps to one HTTP status at the
 * edge (src/http/problem.ts); the domain itself knows nothing of HTTP.
 */
export type RefusalKind =
  | "not_found" // 404: no such order, or not the caller's (no existence leak)
  | "forbidden" // 403: the role may not run this command
  | "invalid_transition" // 409: the lifecycle does not allow it
  | "business_rule"; // 422: a rule of the order is broken

/** Facts a refusal carries for the caller (e.g. `currentPrice`): plain values, so they cross RPC and JSON as they are. */
export type RefusalFacts = Record<string, string | number | boolean | null>;

export class DomainError extends Error {
  constructor(
    readonly kind: RefusalKind,
    readonly code: string,
    message: string,
    /** Facts the caller needs to act on the refusal (e.g. `currentPrice`), carried into the problem body. */
    readonly extra?: RefusalFacts,
  ) {
    super(message);
    this.name = "DomainError";
  }
}

export const refuse = {
  notFound: (detail = "order not found") => new DomainError("not_found", "not_found", detail),
  forbidden: (what: string) => new DomainError("forbidden", "forbidden", `${what} is not allowed for this role`),
  transition: (message: string) => new DomainError("invalid_transition", "invalid_transition", message),
  /** A 409 with its own code: the lifecycle allows the command in general, but not any more (a closed window). */
  conflict: (code: string, message: string) => new DomainError("invalid_transition", code, message),
  rule: (code: string, message: string, extra?: RefusalFacts) => new DomainError("business_rule", code, message, extra),
};
