// The one error type of the tree model: bad arguments or labels, named in a one-line message. Callers
// (the pipeline) turn it into a user-facing error.
export class GbdtError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'GbdtError';
  }
}
