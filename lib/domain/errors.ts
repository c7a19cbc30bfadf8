/**
 * Input the domain refuses: a message fit to show the rep as it is, naming the field at fault.
 * Nothing has changed when one is thrown.
 */
export class DomainError extends Error {
  override readonly name = 'DomainError';
  constructor(message: string) {
    super(message);
  }
}
