import { haversineKm as distanceKm } from '@tokenwatch/common';
import type { GeoLocation } from '@tokenwatch/contracts';
import { fmt, fmtDuration } from '../math/format';
import { placeCell } from '../math/geo-math';
import { FLAG_AWAY, FLAG_AWAY_REPORTED, FLAG_LAST_FAMILIAR, LAYOUT, PLACE_SLOTS } from '../state/layout';
import { bumpSlot, findSlot, insertSlot } from '../state/slots';
import type { EvalContext } from './eval-context';
import { isRunSource, markRunSource } from './sustained-use.signal';

const { F32, F64, U16, U8 } = LAYOUT;

/** A place the token used this often (requests, decayed) is "known": jumps between known places are its norm. */
const KNOWN_PLACE = 3;

/**
 * impossible_travel: consecutive requests farther apart than the geo accuracy allows, sooner than the
 * quickest trip (by ground at `groundSpeedKmh`, or flying at `maxSpeedKmh` plus `airportHours`) over
 * more than `minDistanceKm`. concurrent_geo: back at the previous distant place
 * within `windowMs` (two parties using one token). Only jumps that involve something unfamiliar are
 * judged: jumps between places the token uses regularly (multi-region deployments), within its own
 * networks and countries (mobile carriers, national ISPs), or between regions of its own cloud
 * provider (CI runners), are its norm.
 */
export function travelSignal(ctx: EvalContext): void {
  const g = ctx.e.geo;
  const c = ctx.cur;
  const f = c.b32f;
  const silence = ctx.ts - c.f64[c.b64 + F64.lastSeen]!;
  if (silence > c.f32[f + F32.geoSilence]!) c.f32[f + F32.geoSilence] = silence;
  // A mobile carrier's address places its phone nowhere: regional gateways spread over the country, and
  // abroad a phone roams home-routed, its carrier's addresses still at home. A VPN or proxy exit places
  // the exit, not the client. Such requests neither move the token's last place nor are judged against it.
  const cls = ctx.e.network?.class;
  if (!g || g.lat === null || g.lon === null || cls === 'mobile' || cls === 'anonymiser') return;
  const lat = g.lat;
  const lon = g.lon;
  const lastTs = c.f64[c.b64 + F64.geoTs]!;
  const lastLat = c.f32[f + F32.geoLat]!;
  const lastLon = c.f32[f + F32.geoLon]!;
  // a cloud provider it uses, anywhere (a datacenter's place says where a deployment runs, not where a
  // person is), or any network but a datacenter in one of its own countries (a fixed-line range
  // geolocates to where its ISP registered it: an office's business line shows the head office)
  const ownNetwork = ctx.ownCloud || (ctx.countryKnown && !!ctx.e.network && cls !== 'hosting');
  // the common case: the same place as last time
  if (lastTs !== 0 && lastLat === Math.fround(lat) && lastLon === Math.fround(lon)) {
    c.f64[c.b64 + F64.geoTs] = ctx.ts;
    c.f32[f + F32.geoSilence] = 0;
    bumpSlot(c.u16, c.b16 + U16.placeCount, PLACE_SLOTS, c.u8[c.b8 + U8.placeSlot]!);
    if (ownNetwork) c.u8[c.b8 + U8.flags] = c.u8[c.b8 + U8.flags]! | FLAG_LAST_FAMILIAR;
    if (cls !== 'hosting') ctx.sourceNovel ||= isRunSource(c.u8, c.b8 + U8.runNewPlaces, c.u8[c.b8 + U8.placeSlot]!);
    noteAlertAway(ctx);
    return;
  }
  const acc = accuracyKm(g, ctx);
  // a place the token visits often, or its own network in one of its own countries (a phone roaming
  // across its carrier's gateways, a home ISP's addresses spread over the country)
  // a fixed-line place first used in this run of use is a new source (a datacenter region is not a client's place)
  const familiar = countPlace(ctx, placeCell(lat, lon), lastTs !== 0 && cls !== 'hosting') || ownNetwork;
  if (lastTs === 0) return setLast(ctx, lat, lon, acc, familiar);
  const slack = acc + c.f32[f + F32.geoAcc]!;
  const d = distanceKm(lastLat, lastLon, lat, lon);
  if (d <= slack) {
    noteAlertAway(ctx);
    return setLast(ctx, lat, lon, acc, familiar);
  }

  const flags = c.u8[c.b8 + U8.flags]!;
  const routine = familiar && ((flags & FLAG_LAST_FAMILIAR) !== 0 || placeCount(ctx, placeCell(lastLat, lastLon)) >= KNOWN_PLACE);
  // Back at a familiar place from places it came to as a stranger, with nothing reported on the way
  // (a long silence made the way out look possible): coming back sooner than the trip takes shows the
  // owner never left. Requests there may have made those places look familiar since; arrival counts.
  // Only a residential or business line places the owner: an unclassified operator may be a carrier
  // whose roaming phones keep home addresses abroad.
  const returning = familiar && cls === 'residential' && (flags & (FLAG_AWAY | FLAG_AWAY_REPORTED)) === FLAG_AWAY && !ctx.alerting();
  let reported = false;
  if ((!routine || returning) && !ctx.ipAllowed()) {
    const factor = ctx.learned ? 1 : ctx.cfg.decision.learningFactor;
    if (!routine) concurrentCheck(ctx, lat, lon, acc, d - slack, factor);
    // a return to a familiar place is judged only when nothing was reported on the way out
    if (!familiar) reported = travelCheck(ctx, g, d, slack, lastTs, factor, false);
    else if (returning) travelCheck(ctx, g, d, slack, lastTs, factor, true);
  }
  moveTo(ctx, lat, lon, acc, familiar, lastTs, lastLat, lastLon);
  // places reached as a stranger, one after another, are one excursion: it keeps whether it was reported
  const kept = c.u8[c.b8 + U8.flags]! & ~(FLAG_AWAY | FLAG_AWAY_REPORTED);
  c.u8[c.b8 + U8.flags] = familiar ? kept : kept | FLAG_AWAY | (reported ? FLAG_AWAY_REPORTED : flags & FLAG_AWAY_REPORTED);
}

/**
 * impossible_travel from the last place to this one, `d` km apart with `slack` km of geo accuracy;
 * whether it fired. `returning`: back at a familiar place, which convicts the session left behind
 * (the incident starts there).
 */
function travelCheck(ctx: EvalContext, g: GeoLocation, d: number, slack: number, lastTs: number, factor: number, returning: boolean): boolean {
  const c = ctx.cur;
  const f = c.b32f;
  const cfg = ctx.cfg.signals.impossible_travel;
  const dEff = d - slack;
  // the client can only have travelled while the token was silent (a flight): the longest silence
  // since the last place, not the time since it, when a phone was busy on its carrier in between
  const dt = Math.max(Math.min(ctx.ts - lastTs, c.f32[f + F32.geoSilence]!), 1000);
  const speed = dEff / (dt / 3_600_000);
  // the quickest way there: by ground, or flying plus the hours of airports any flight needs
  const neededHours = Math.min(dEff / cfg.groundSpeedKmh, dEff / cfg.maxSpeedKmh + cfg.airportHours);
  if (!cfg.enabled || dEff <= cfg.minDistanceKm || dt / 3_600_000 >= neededHours) return false;
  const score = cfg.score * factor * (speed > 5 * cfg.maxSpeedKmh ? 1.1 : 1);
  if (!ctx.wants('impossible_travel', score)) return false;
  const from = describePlace(c.f32[f + F32.geoLat]!, c.f32[f + F32.geoLon]!);
  const detail = `${fmt(d)} km from ${from} to ${describeGeo(g)} with ${fmtDuration(dt)} to travel: ${fmt(speed)} km/h after ${fmt(slack)} km of geo accuracy; the quickest trip takes ${fmtDuration(neededHours * 3_600_000)} (flights at ${fmt(cfg.maxSpeedKmh)} km/h plus ${fmt(cfg.airportHours)} h of airports, or ${fmt(cfg.groundSpeedKmh)} km/h on the ground).`;
  ctx.hit('impossible_travel', score, Math.round(speed), cfg.maxSpeedKmh, detail, returning ? lastTs : undefined);
  return true;
}

/** An excursion whose session raised an alert (any signal, medium or above) is reported: its return is not judged again. */
function noteAlertAway(ctx: EvalContext): void {
  const c = ctx.cur;
  const flags = c.u8[c.b8 + U8.flags]!;
  if ((flags & (FLAG_AWAY | FLAG_AWAY_REPORTED)) === FLAG_AWAY && ctx.alerting()) c.u8[c.b8 + U8.flags] = flags | FLAG_AWAY_REPORTED;
}

/** Remembers the place left behind (coming back to it soon means two users at once) and takes the new one. */
function moveTo(ctx: EvalContext, lat: number, lon: number, acc: number, familiar: boolean, lastTs: number, lastLat: number, lastLon: number): void {
  const c = ctx.cur;
  const f = c.b32f;
  c.f64[c.b64 + F64.otherTs] = lastTs;
  c.f32[f + F32.otherLat] = lastLat;
  c.f32[f + F32.otherLon] = lastLon;
  c.f32[f + F32.otherAcc] = c.f32[f + F32.geoAcc]!;
  setLast(ctx, lat, lon, acc, familiar);
}

function concurrentCheck(ctx: EvalContext, lat: number, lon: number, acc: number, awayKm: number, factor: number): void {
  const cfg = ctx.cfg.signals.concurrent_geo;
  const c = ctx.cur;
  const f = c.b32f;
  const otherTs = c.f64[c.b64 + F64.otherTs]!;
  if (!cfg.enabled || otherTs === 0 || ctx.ts - otherTs > cfg.windowMs || awayKm < cfg.minDistanceKm) return;
  const back = distanceKm(c.f32[f + F32.otherLat]!, c.f32[f + F32.otherLon]!, lat, lon);
  if (back > acc + c.f32[f + F32.otherAcc]! + 50) return;
  const score = cfg.score * factor;
  if (!ctx.wants('concurrent_geo', score)) return;
  const there = describePlace(c.f32[f + F32.geoLat]!, c.f32[f + F32.geoLon]!);
  const here = describeGeo(ctx.e.geo);
  const detail = `Used from ${here} and ${there}, ${fmt(awayKm)} km apart, within ${fmtDuration(ctx.ts - otherTs)}; one user cannot be in both (window ${fmtDuration(cfg.windowMs)}).`;
  ctx.hit('concurrent_geo', score, Math.round(awayKm), cfg.minDistanceKm, detail);
}

function setLast(ctx: EvalContext, lat: number, lon: number, acc: number, familiar: boolean): void {
  const c = ctx.cur;
  c.f32[c.b32f + F32.geoSilence] = 0;
  const flags = c.u8[c.b8 + U8.flags]!;
  c.u8[c.b8 + U8.flags] = familiar ? flags | FLAG_LAST_FAMILIAR : flags & ~FLAG_LAST_FAMILIAR;
  c.f64[c.b64 + F64.geoTs] = ctx.ts;
  c.f32[c.b32f + F32.geoLat] = lat;
  c.f32[c.b32f + F32.geoLon] = lon;
  c.f32[c.b32f + F32.geoAcc] = acc;
}

/**
 * Counts a visit to a place cell; returns whether the place was known before this visit. `runSource`:
 * the place can be a new source of the current run of use (see sustained-use.signal).
 */
function countPlace(ctx: EvalContext, cell: number, runSource: boolean): boolean {
  const c = ctx.cur;
  const ids = c.b16 + U16.placeId;
  const counts = c.b16 + U16.placeCount;
  const bits = c.b8 + U8.runNewPlaces;
  const slot = findSlot(c.u16, ids, PLACE_SLOTS, cell);
  if (slot < 0) {
    const taken = insertSlot(c.u16, ids, counts, PLACE_SLOTS, cell);
    c.u8[c.b8 + U8.placeSlot] = taken;
    markRunSource(c.u8, bits, taken, runSource);
    ctx.sourceNovel ||= runSource;
    return false;
  }
  const known = c.u16[counts + slot]! >= KNOWN_PLACE;
  bumpSlot(c.u16, counts, PLACE_SLOTS, slot);
  c.u8[c.b8 + U8.placeSlot] = slot;
  ctx.sourceNovel ||= runSource && isRunSource(c.u8, bits, slot);
  return known;
}

function placeCount(ctx: EvalContext, cell: number): number {
  const c = ctx.cur;
  const slot = findSlot(c.u16, c.b16 + U16.placeId, PLACE_SLOTS, cell);
  return slot < 0 ? 0 : c.u16[c.b16 + U16.placeCount + slot]!;
}

/** The accuracy radius of a location: `accuracyKm` when the event carries it, else city/country defaults. */
function accuracyKm(g: GeoLocation, ctx: EvalContext): number {
  const cfg = ctx.cfg.signals.impossible_travel;
  const given = g.accuracyKm;
  const radius = typeof given === 'number' && Number.isFinite(given) && given >= 0 ? given : g.city ? cfg.cityAccuracyKm : cfg.countryAccuracyKm;
  // a fixed-line range in one of the token's own countries: the city is often where the ISP registered
  // the range (an office's business line, a national ISP), so only the country is trusted
  return ctx.countryKnown ? Math.max(radius, cfg.countryAccuracyKm) : radius;
}

function describeGeo(g: GeoLocation | null): string {
  if (!g) return 'an unknown place';
  const name = [g.city, g.country].filter((x): x is string => !!x).join(', ');
  return name || describePlace(g.lat ?? 0, g.lon ?? 0);
}

const describePlace = (lat: number, lon: number): string => `(${lat.toFixed(1)}, ${lon.toFixed(1)})`;
