/** The credentials of one simulated token, in every shape a gateway may log. */
export interface TokenIdentity {
  /** The secret API key as the client sends it. */
  apiKey: string;
  /** The gateway's id of that credential (a UUID, not a secret), e.g. Kong's authenticated_entity.id. */
  credentialId: string;
  /** The consumer (owner) the credential belongs to. */
  consumerId: string;
  consumerName: string;
}

/** One simulated request, before a writer renders it in a gateway's log format. */
export interface SimEvent {
  ts: number;
  token: TokenIdentity;
  ip: string;
  method: string;
  /** Path with query string, as the client sent it. */
  uri: string;
  status: number;
  /** Response bytes (body + headers). */
  bytes: number;
  requestBytes: number;
  latencyMs: number;
  userAgent: string;
  /** 32 hex characters, unique per request. */
  requestId: string;
  /** Upstream service name behind the gateway. */
  service: string;
}
