import { type Client, createClient } from 'graphql-ws/client';

/** What the widget reads of one credential of the course or path. */
export interface CredentialProgress {
  learnerId: string;
  eligible: boolean;
  enrolled: boolean;
  progress: number;
  configuration: { id: string; name: string; tier: number; kind: string };
  requirements: RequirementProgress[];
  credential: {
    id: string;
    status: string;
    verificationUrl: string;
    downloadUrl: string | null;
  } | null;
}

export interface RequirementProgress {
  kind: string;
  assignmentType: string | null;
  required: number;
  current: number;
  met: boolean;
  reason: string | null;
}

const FIELDS = `
  learnerId eligible enrolled progress
  configuration { id name tier kind }
  requirements { kind assignmentType required current met reason }
  credential { id status verificationUrl downloadUrl }`;

const PROGRESS_QUERY = `query LaurelWidgetProgress($courseId: ID, $learningPathId: ID) {
  learnerProgress(courseId: $courseId, learningPathId: $learningPathId) {${FIELDS} }
}`;

const PROGRESS_CHANGED = `subscription LaurelWidgetProgressChanged($courseId: ID, $learningPathId: ID) {
  progressChanged(courseId: $courseId, learningPathId: $learningPathId) {${FIELDS} }
}`;

const CREDENTIAL_EVENTS = `subscription LaurelWidgetCredentialEvents($courseId: ID, $learningPathId: ID) {
  credentialEvents(courseId: $courseId, learningPathId: $learningPathId) {
    type credential { id configuration { id } }
  }
}`;

export interface Context {
  courseId: string | null;
  learningPathId: string | null;
}

export interface Watchers {
  progress(entry: CredentialProgress): void;
  credentialEvent(): void;
  error(error: unknown): void;
}

/** An error answer of the API, with its `extensions.code`. */
export class ApiError extends Error {
  constructor(
    message: string,
    readonly code: string | null,
  ) {
    super(message);
  }
}

interface Result<T> {
  data?: T | null;
  errors?: readonly { message: string; extensions?: { code?: unknown } }[];
}

function dataOf<T>(result: Result<T>): T {
  const error = result.errors?.[0];
  if (error) {
    const code = typeof error.extensions?.code === 'string' ? error.extensions.code : null;
    throw new ApiError(error.message, code);
  }
  return result.data as T;
}

/** `https://host/graphql` → `wss://host/graphql`. */
export const socketUrl = (endpoint: string): string => endpoint.replace(/^http/i, 'ws');

/**
 * One graphql-ws connection for the widget's query and its two subscriptions. With a token
 * it is sent as `connectionParams.authorization`; without one the browser's Open edX JWT
 * cookies go with the WebSocket upgrade.
 */
export class LaurelConnection {
  private readonly client: Client;

  constructor(endpoint: string, token: string | null) {
    this.client = createClient({
      url: socketUrl(endpoint),
      connectionParams: token ? { authorization: `Bearer ${token}` } : undefined,
      lazy: true,
      retryAttempts: 5,
    });
  }

  async progress(context: Context): Promise<CredentialProgress[]> {
    const result = await new Promise<Result<{ learnerProgress: CredentialProgress[] }>>(
      (resolve, reject) => {
        let last: Result<{ learnerProgress: CredentialProgress[] }> = {};
        this.client.subscribe(
          { query: PROGRESS_QUERY, variables: { ...context } },
          {
            next: (value) => (last = value as typeof last),
            error: reject,
            complete: () => resolve(last),
          },
        );
      },
    );
    return dataOf(result).learnerProgress;
  }

  /** Starts both subscriptions; returns what stops them. */
  watch(context: Context, watchers: Watchers): () => void {
    const sink = <T>(onData: (data: T) => void) => ({
      next: (value: unknown) => {
        try {
          onData(dataOf(value as Result<T>));
        } catch (error) {
          watchers.error(error);
        }
      },
      error: watchers.error,
      complete: () => undefined,
    });
    const stops = [
      this.client.subscribe(
        { query: PROGRESS_CHANGED, variables: { ...context } },
        sink<{ progressChanged: CredentialProgress }>((data) =>
          watchers.progress(data.progressChanged),
        ),
      ),
      this.client.subscribe(
        { query: CREDENTIAL_EVENTS, variables: { ...context } },
        sink<unknown>(() => watchers.credentialEvent()),
      ),
    ];
    return () => stops.forEach((stop) => stop());
  }

  close(): Promise<void> {
    return this.client.dispose() as Promise<void>;
  }
}
