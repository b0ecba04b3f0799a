/**
 * One entry of `error.details` in a `validation_failed` answer: which field, and what is wrong.
 * `path` is dotted (`contacts.3.email`); an empty path means the body as a whole.
 */
export interface ValidationIssue {
  path: string;
  message: string;
}
