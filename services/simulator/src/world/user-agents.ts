/** User agents per kind of client; a token keeps one for life, except when its client is upgraded. */
export const USER_AGENTS = {
  backend: [
    'okhttp/4.12.0',
    'Apache-HttpClient/4.5.14 (Java/17.0.10)',
    'axios/1.6.8',
    'Go-http-client/2.0',
    'node-fetch/1.0 (+https://github.com/bitinn/node-fetch)',
    'python-httpx/0.27.0',
    'Faraday v2.9.0',
  ],
  mobile: [
    'AcmeApp/5.12.3 (iPhone; iOS 17.4.1; Scale/3.00)',
    'AcmeApp/5.12.3 (iPad; iOS 17.3; Scale/2.00)',
    'AcmeApp/5.12.1 (Android 14; Pixel 8 Build/UQ1A.240205.004)',
    'AcmeApp/5.11.0 (Android 13; SM-S911B Build/TP1A.220624.014)',
    'AcmeApp/5.12.3 (Android 14; SM-A546E Build/UP1A.231005.007)',
  ],
  partner: [
    'PartnerSync/2.3.1 (+https://partner.example/bot)',
    'Zapier',
    'Workato/1.0',
    'HubSpot Connect 2.0 (https://www.hubspot.com/)',
    'Mozilla/5.0 (compatible; SalesOpsConnector/4.2)',
  ],
  employee: [
    'AcmeDesktop/3.4.1 (Windows NT 10.0; Win64; x64)',
    'AcmeDesktop/3.4.1 (Macintosh; Mac OS X 14_4)',
    'acme-cli/2.8.0 (darwin; arm64) node/20.11.1',
    'acme-cli/2.8.0 (linux; x64) node/20.11.1',
  ],
  ci: [
    'GitHub-Actions/2.315.0',
    'curl/8.5.0',
    'terraform-provider-acme/1.4.2 (+https://www.terraform.io) Terraform/1.7.5',
    'GitLab-Runner 16.10.0 (16-10-stable; go1.21.8; linux/amd64)',
  ],
  batch: [
    'airflow-worker/2.8.4 python-requests/2.31.0',
    'nightly-etl/1.9.0 (python-httpx/0.27.0)',
    'aws-sdk-java/2.25.16 Linux/5.10 OpenJDK_64-Bit_Server_VM/17.0.10',
  ],
  /** Scripting clients seen in token-abuse campaigns. */
  scripting: ['python-requests/2.31.0', 'Go-http-client/1.1', 'python-requests/2.32.3', 'curl/7.88.1', 'python-urllib3/2.2.1'],
} as const;

export type ClientKind = keyof typeof USER_AGENTS;

/** A backend service that changes its HTTP library changes the user-agent family. */
export const REPLACEMENT_LIBRARIES = ['undici', 'okhttp/4.12.0', 'python-httpx/0.27.0', 'Go-http-client/2.0'] as const;

/** Bumps the first version number's minor part ("okhttp/4.12.0" -> "okhttp/4.13.0"), or appends one. */
export function upgraded(userAgent: string): string {
  const bumped = userAgent.replace(
    /(\d+)\.(\d+)(\.\d+)?/,
    (_, major: string, minor: string, patch?: string) => `${major}.${Number(minor) + 1}${patch ? '.0' : ''}`,
  );
  return bumped === userAgent ? `${userAgent}/2.0` : bumped;
}

/** The app's user agent at another release ("AcmeApp/5.12.3 (iPhone…)" -> "AcmeApp/5.13.0 (iPhone…)"). */
export function withAppVersion(userAgent: string, version: string): string {
  return userAgent.replace(/^AcmeApp\/[\d.]+/, `AcmeApp/${version}`);
}
