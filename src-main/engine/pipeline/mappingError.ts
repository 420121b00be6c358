/** A record that cannot become a valid product; `rule` names what failed (`required:id`, `regex:code`). */
export class MappingError extends Error {
  constructor(
    readonly rule: string,
    message: string,
  ) {
    super(message);
    this.name = 'MappingError';
  }
}
