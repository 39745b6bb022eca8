const ID_SEGMENT = [
  /^\d+$/, // numeric ids
  /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i, // UUIDs
  /^[0-9a-f]{16,}$/i, // long hex ids
];

/** Replaces id-like path segments with `{id}`; the query string is dropped. */
export function routeTemplate(path: string): string {
  const withoutQuery = stripQuery(path);
  return withoutQuery
    .split('/')
    .map((segment) => (ID_SEGMENT.some((re) => re.test(segment)) ? '{id}' : segment))
    .join('/');
}

export function stripQuery(path: string): string {
  const q = path.indexOf('?');
  return q === -1 ? path : path.slice(0, q);
}
