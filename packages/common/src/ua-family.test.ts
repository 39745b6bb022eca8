import { describe, expect, it } from 'vitest';
import { uaFamily } from './ua-family';

describe('uaFamily', () => {
  it.each([
    ['python-requests/2.31.0', 'python-requests'],
    ['curl/8.4.0', 'curl'],
    ['Go-http-client/1.1', 'go-http-client'],
    ['okhttp/4.12.0', 'okhttp'],
    ['aws-sdk-java/2.25.16 Linux/5.10 OpenJDK_64-Bit_Server_VM/17.0.10', 'aws-sdk-java'],
    ['AcmeApp/5.12.3 (iPad; iOS 17.3)', 'acmeapp'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36', 'chrome'],
    ['Mozilla/5.0 (Windows NT 10.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 Edg/124.0', 'edge'],
    ['Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0', 'firefox'],
    ['Mozilla/5.0 (Macintosh) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15', 'safari'],
    [null, '(none)'],
    ['   ', '(none)'],
  ])('%s -> %s', (ua, family) => {
    expect(uaFamily(ua)).toBe(family);
  });

  it('ignores versions, so an upgrade keeps the family', () => {
    expect(uaFamily('python-requests/2.28.1')).toBe(uaFamily('python-requests/2.31.0'));
  });
});
