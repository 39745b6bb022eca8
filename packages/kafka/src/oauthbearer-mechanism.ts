import kafkajs, { type AuthenticationProviderArgs, type Mechanism, type OauthbearerProviderResponse } from 'kafkajs';

// Its type declares no constructor arguments, but it takes the message like every KafkaJSError (and is not retried).
const SaslAuthenticationError = kafkajs.KafkaJSSASLAuthenticationError as unknown as new (message: string) => Error;
const SOH = '\u0001';

/**
 * SASL/OAUTHBEARER (RFC 7628) for kafkajs, in place of its built-in one: that one takes the broker's
 * error answer to a refused token (`{"status":"invalid_token"}` where success is empty) for success,
 * so an expired token surfaced later as "No brokers in the broker pool" after retries. This one fails
 * the authentication with the status the broker gave, which kafkajs does not retry.
 */
export function oauthBearerMechanism(provider: () => Promise<OauthbearerProviderResponse>): Mechanism {
  return {
    mechanism: 'OAUTHBEARER',
    authenticationProvider: ({ host, port, saslAuthenticate }: AuthenticationProviderArgs) => ({
      authenticate: async () => {
        const { value } = await provider();
        const message = Buffer.from(`n,,${SOH}auth=Bearer ${value}${SOH}${SOH}`);
        const request = { encode: () => Promise.resolve(withLength(message)) };
        // kafkajs hands the response's auth bytes over with their int32 length in front.
        const response = { decode: (raw: Buffer) => Promise.resolve(raw), parse: (raw: Buffer) => Promise.resolve(raw.subarray(4).toString('utf8')) };
        const answer = await saslAuthenticate({ request, response });
        if (typeof answer === 'string' && answer !== '') {
          throw new SaslAuthenticationError(`SASL OAUTHBEARER authentication failed at ${host}:${port}: the broker refused the token (${statusOf(answer)})`);
        }
      },
    }),
  };
}

function withLength(bytes: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeInt32BE(bytes.length);
  return Buffer.concat([length, bytes]);
}

/** `invalid_token` from the RFC 7628 error JSON, or the answer itself when it is not that JSON. */
function statusOf(answer: string): string {
  try {
    const status: unknown = (JSON.parse(answer) as Record<string, unknown>)['status'];
    return typeof status === 'string' ? status : answer;
  } catch {
    return answer.slice(0, 200);
  }
}
