/**
 * An unsigned JWT ("alg": "none") for `principal`, valid from `issuedAt` until `expiresAt`: what Kafka's
 * unsecured OAUTHBEARER validator (on `kafka start --secure` with oauthBearer) accepts. Tests only.
 */
export function unsecuredJwt(principal: string, issuedAt: Date, expiresAt: Date): string {
  const part = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const seconds = (date: Date) => Math.floor(date.getTime() / 1000);
  return `${part({ alg: 'none' })}.${part({ sub: principal, iat: seconds(issuedAt), exp: seconds(expiresAt) })}.`;
}
