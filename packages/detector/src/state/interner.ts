import { fnv1a } from '../math/hash';

/**
 * Capped string interning: name -> small integer id (1-based; 0 means "empty slot"), with the name's
 * hash kept per id. Behaviour never depends on an id's value (ids differ between processes); only on
 * names and hashes. Beyond the cap every new name shares the id of "(other)".
 */
export class Interner {
  private readonly ids = new Map<string, number>();
  private readonly names: string[] = [''];
  private readonly hashes: number[] = [0];

  constructor(private readonly cap: number) {}

  id(name: string): number {
    const known = this.ids.get(name);
    if (known !== undefined) return known;
    if (this.names.length > this.cap) return this.id('(other)');
    const id = this.names.length;
    this.ids.set(name, id);
    this.names.push(name);
    this.hashes.push(fnv1a(name));
    return id;
  }

  /** The id of a name that is already interned, without interning it. */
  peek(name: string): number {
    return this.ids.get(name) ?? 0;
  }

  name(id: number): string {
    return this.names[id] ?? '';
  }

  hash(id: number): number {
    return this.hashes[id] ?? 0;
  }

  get size(): number {
    return this.names.length - 1;
  }

  /** Rough heap estimate: map entry, array slots and the string. */
  bytes(): number {
    let chars = 0;
    for (const n of this.names) chars += n.length;
    return this.names.length * 80 + chars;
  }
}

/** The interning tables of one detector. */
export interface Interns {
  country: Interner;
  route: Interner;
  ua: Interner;
  consumer: Interner;
  service: Interner;
  /** Raw User-Agent string -> interned family id (bounded cache). */
  uaByRaw: Map<string, number>;
}

export function newInterns(cap: number): Interns {
  return {
    country: new Interner(4_096),
    route: new Interner(cap),
    ua: new Interner(cap),
    consumer: new Interner(4_000_000),
    service: new Interner(1_000_000),
    uaByRaw: new Map(),
  };
}
