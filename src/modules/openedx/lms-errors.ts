/** Why a call to the LMS failed; `endpoint` is the method and path, without the query. */
export class LmsError extends Error {
  constructor(
    readonly endpoint: string,
    message: string,
    /** The HTTP status, when the LMS answered; null for network errors and bad bodies. */
    readonly status: number | null = null,
  ) {
    super(`${endpoint}: ${message}`);
    this.name = 'LmsError';
  }

  /** 403: the service user lacks a right, or a feature (the writable gradebook) is off. */
  get forbidden(): boolean {
    return this.status === 403;
  }
}

/** A body that is not what the Open edX serializer produces (wrong type, out of range…). */
export class LmsBodyError extends LmsError {
  constructor(endpoint: string, path: string, problem: string) {
    super(endpoint, `unexpected response body: ${path} ${problem}`);
    this.name = 'LmsBodyError';
  }
}
