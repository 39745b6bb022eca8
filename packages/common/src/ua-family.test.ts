import { describe, expect, it } from 'vitest';
import { uaFamily, userAgentFamily } from './ua-family';

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

describe('userAgentFamily', () => {
  it.each([
    ['python-requests/2.32.3', 'python-requests'],
    ['Go-http-client/1.1', 'Go-http-client'],
    ['Go-http-client/2.0', 'Go-http-client'],
    ['curl/8.7.1', 'curl'],
    ['okhttp/4.12.0', 'okhttp'],
    ['HTTPie/3.2.3', 'HTTPie'],
    ['PostmanRuntime/7.39.0', 'PostmanRuntime'],
    ['aws-sdk-java/1.12.529 Linux/5.10 OpenJDK_64-Bit_Server_VM/17', 'aws-sdk-java'],
    ['aws-sdk-go-v2/1.30.3 os/linux lang/go#1.22.5', 'aws-sdk-go-v2'],
    ['Boto3/1.34.1 md/Botocore#1.34.1 ua/2.0 os/linux', 'boto3'],
    ['node-fetch/1.0 (+https://github.com/bitinn/node-fetch)', 'node-fetch'],
    ['node-fetch', 'node-fetch'],
    ['axios/1.7.2', 'axios'],
    ['node', 'node'],
    ['MapFishPrint/UNAVAILABLE Apache-HttpClient/4.5.14 (Java/11.0.21)', 'Apache-HttpClient'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_12_0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/54.0.2840.59 Safari/537.36', 'Chrome'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10.12; rv:49.0) Gecko/20100101 Firefox/49.0', 'Firefox'],
    ['Mozilla/5.0 (Macintosh; Intel Mac OS X 10_14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/13.1.2 Safari/605.1.15', 'Safari'],
    ['Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/126.0.0.0 Safari/537.36 Edg/126.0.0.0', 'Edge'],
    ['Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/28.0 Chrome/130.0.0.0 Mobile Safari/537.36', 'Samsung Internet'],
    ['Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)', 'Googlebot'],
    ['nsq2http', 'nsq2http'],
    ['{"weird": true}', 'other'],
  ])('%s -> %s', (ua, family) => {
    expect(userAgentFamily(ua)).toBe(family);
  });

  it('null for no user agent', () => {
    expect(userAgentFamily(null)).toBeNull();
    expect(userAgentFamily('')).toBeNull();
  });
});
