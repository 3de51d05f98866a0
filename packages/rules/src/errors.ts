export type RulesErrorCode = 'INVALID_DEFINITION';

/** A problem in one place of a rule definition: `field` is a dotted path such as `conditions.0.value`. */
export type RuleIssue = { field: string; message: string };

/** The one error type of the rules engine: a definition that does not validate, with every issue named by path. */
export class RulesError extends Error {
  readonly code: RulesErrorCode;
  readonly issues: RuleIssue[];
  constructor(code: RulesErrorCode, message: string, issues: RuleIssue[]) {
    super(message);
    this.name = 'RulesError';
    this.code = code;
    this.issues = issues;
  }
}
