import { describe, expect, it } from 'vitest';
import { OTHER_ROUTE, RouteCap } from './route.cap';
import { routeTemplate, stripQuery } from './route-template';

describe('route templates', () => {
  it.each([
    ['/v1/users/42', '/v1/users/{id}'],
    ['/v1/users/42/orders?page=2', '/v1/users/{id}/orders'],
    ['/orders/9f1b2c3d-0000-4000-8000-00000000abcd', '/orders/{id}'],
    ['/commits/3f786850e387550fdab836ed7e6dc881de23001b', '/commits/{id}'],
    ['/blobs/deadbeef42', '/blobs/{id}'],
    ['/users/alice@example.com/keys', '/users/{id}/keys'],
    ['/users/alice%40example.com', '/users/{id}'],
    ['/reports/2025-10-20/export', '/reports/{id}/export'],
    ['/sessions/GQIVriFLIAMEMsA=', '/sessions/{id}'],
    ['/t/01HZY3K7Q8W9E5R2T4Y6U8I0O1', '/t/{id}'],
    ['/tokens/aB3dE5fG7hJ9kL1mN3pQ5rS7', '/tokens/{id}'],
    ['/v2/items/123.45', '/v2/items/{id}'],
  ])('%s -> %s', (path, route) => {
    expect(routeTemplate(path)).toBe(route);
  });

  it.each([
    '/v1/users',
    '/api/v1/study/card/comment',
    '/1.0.0/acme/current/foo.png',
    '/.well-known/matrix/server',
    '/oauth2/authorize',
    '/s3/buckets',
    '/getUserPermissions',
    '/authentication-callback',
    '/cafe/added',
    '/',
  ])('keeps %s', (path) => {
    expect(routeTemplate(path)).toBe(path);
  });

  it('strips query strings and fragments', () => {
    expect(stripQuery('/a?b=1#c')).toBe('/a');
    expect(stripQuery('/a#c?d')).toBe('/a');
  });
});

describe('RouteCap', () => {
  it('lets N distinct routes per token through, then maps new ones to {other}', () => {
    const cap = new RouteCap({ maxRoutesPerToken: 2 });
    expect(cap.apply('t1', '/a')).toBe('/a');
    expect(cap.apply('t1', '/b')).toBe('/b');
    expect(cap.apply('t1', '/c')).toBe(OTHER_ROUTE);
    expect(cap.apply('t1', '/a')).toBe('/a'); // known routes stay
    expect(cap.apply('t2', '/c')).toBe('/c'); // per token
    expect(cap.apply('t1', null)).toBeNull();
  });

  it('is bounded in tokens (least recently seen forgotten first)', () => {
    const cap = new RouteCap({ maxRoutesPerToken: 1, maxTokens: 2 });
    cap.apply('t1', '/a');
    cap.apply('t2', '/a');
    cap.apply('t1', '/a'); // t1 is now the most recent
    cap.apply('t3', '/a'); // evicts t2
    expect(cap.trackedTokens).toBe(2);
    expect(cap.apply('t1', '/b')).toBe(OTHER_ROUTE); // t1 remembered
    expect(cap.apply('t2', '/b')).toBe('/b'); // t2 forgotten, starts over
  });

  it('refuses a nonsensical cap', () => {
    expect(() => new RouteCap({ maxRoutesPerToken: 0 })).toThrow(RangeError);
  });
});
