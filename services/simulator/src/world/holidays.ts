import { DAY_MS } from './local-time';

/**
 * Public holidays per country, as rules (so any year works): fixed dates, the n-th weekday of a month,
 * and days relative to Western Easter. National holidays only (no regional ones, no substitute days,
 * no lunar-calendar holidays such as Diwali or Chinese New Year).
 */
type Rule = readonly [month: number, day: number] | { nth: number; weekday: number; month: number } | { easter: number };

const last = -1;
const mon = 1;
const thu = 4;

const RULES: Record<string, readonly Rule[]> = {
  US: [
    [1, 1],
    { nth: 3, weekday: mon, month: 1 },
    { nth: 3, weekday: mon, month: 2 },
    { nth: last, weekday: mon, month: 5 },
    [6, 19],
    [7, 4],
    { nth: 1, weekday: mon, month: 9 },
    { nth: 4, weekday: thu, month: 11 },
    [12, 25],
  ],
  CA: [[1, 1], { easter: -2 }, [7, 1], { nth: 1, weekday: mon, month: 9 }, { nth: 2, weekday: mon, month: 10 }, [12, 25], [12, 26]],
  GB: [
    [1, 1],
    { easter: -2 },
    { easter: 1 },
    { nth: 1, weekday: mon, month: 5 },
    { nth: last, weekday: mon, month: 5 },
    { nth: last, weekday: mon, month: 8 },
    [12, 25],
    [12, 26],
  ],
  DE: [[1, 1], { easter: -2 }, { easter: 1 }, [5, 1], { easter: 39 }, { easter: 50 }, [10, 3], [12, 25], [12, 26]],
  FR: [[1, 1], { easter: 1 }, [5, 1], [5, 8], { easter: 39 }, { easter: 50 }, [7, 14], [8, 15], [11, 1], [11, 11], [12, 25]],
  NL: [[1, 1], { easter: 1 }, [4, 27], { easter: 39 }, { easter: 50 }, [12, 25], [12, 26]],
  ES: [[1, 1], [1, 6], { easter: -2 }, [5, 1], [8, 15], [10, 12], [11, 1], [12, 6], [12, 8], [12, 25]],
  IN: [
    [1, 26],
    [8, 15],
    [10, 2],
  ],
  JP: [
    [1, 1],
    [1, 2],
    [1, 3],
    [2, 11],
    [2, 23],
    [4, 29],
    [5, 3],
    [5, 4],
    [5, 5],
    [8, 11],
    [11, 3],
    [11, 23],
  ],
  SG: [[1, 1], { easter: -2 }, [5, 1], [8, 9], [12, 25]],
  AU: [[1, 1], [1, 26], { easter: -2 }, { easter: 1 }, [4, 25], [12, 25], [12, 26]],
  BR: [[1, 1], { easter: -48 }, { easter: -47 }, { easter: -2 }, [4, 21], [5, 1], [9, 7], [10, 12], [11, 2], [11, 15], [11, 20], [12, 25]],
};

const cache = new Map<string, Set<number>>();

/** Whether local day `day` (days since 1970-01-01) is a public holiday in `country`. */
export function isHoliday(country: string, day: number): boolean {
  const rules = RULES[country];
  if (!rules) return false;
  const year = new Date(day * DAY_MS).getUTCFullYear();
  const key = `${country}:${year}`;
  let days = cache.get(key);
  if (!days) {
    days = new Set(rules.map((rule) => dayOf(rule, year)));
    cache.set(key, days);
  }
  return days.has(day);
}

function dayOf(rule: Rule, year: number): number {
  if (Array.isArray(rule)) return Date.UTC(year, rule[0] - 1, rule[1]) / DAY_MS;
  if ('easter' in rule) return easterSunday(year) + rule.easter;
  const { nth, weekday, month } = rule as { nth: number; weekday: number; month: number };
  if (nth === last) {
    const end = Date.UTC(year, month, 0) / DAY_MS;
    return end - ((((end + 4) % 7) - weekday + 7) % 7);
  }
  const first = Date.UTC(year, month - 1, 1) / DAY_MS;
  return first + ((weekday - ((first + 4) % 7) + 7) % 7) + (nth - 1) * 7;
}

/** Western Easter Sunday (anonymous Gregorian algorithm) as days since 1970-01-01. */
export function easterSunday(year: number): number {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return Date.UTC(year, month - 1, day) / DAY_MS;
}
