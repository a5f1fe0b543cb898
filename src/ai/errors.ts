/** The model failed, or kept answering with unusable output; `attempts` says what went wrong. */
export class LlmUnavailableError extends Error {
  constructor(
    message: string,
    readonly attempts: string[][],
  ) {
    super(message);
  }
}
