// The contract's input error, apart from its schemas (api.ts re-exports it): the engine host's thread and the CLI
// name it without loading zod, which costs ~0.2 s of CPU on the way to the first answer.
export class ApiInputError extends Error {
  constructor(
    readonly method: string,
    readonly issues: string[],
  ) {
    super(`invalid input for ${method}: ${issues.join('; ')}`);
    this.name = 'ApiInputError';
  }
}
