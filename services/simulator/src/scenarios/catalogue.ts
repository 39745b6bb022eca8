import { authProbingScenario } from './auth-probing.scenario';
import { brandNewTokenScenario } from './brand-new-token.scenario';
import { clientUpgradeScenario } from './client-upgrade.scenario';
import { ciNewRegionScenario } from './ci-new-region.scenario';
import { concurrentSameCountryScenario } from './concurrent-same-country.scenario';
import { hostingNetworkScenario } from './hosting-network.scenario';
import { residentialProxyScenario } from './residential-proxy.scenario';
import { roamingInCountryScenario } from './roaming-in-country.scenario';
import { slowExfiltrationScenario } from './slow-exfiltration.scenario';
import { vpnAbroadScenario } from './vpn-abroad.scenario';
import { bulkExportScenario } from './bulk-export.scenario';
import { concurrentGeoScenario } from './concurrent-geo.scenario';
import { dormantReactivationScenario } from './dormant-reactivation.scenario';
import { endpointDriftScenario } from './endpoint-drift.scenario';
import { featureRolloutScenario } from './feature-rollout.scenario';
import { idEnumerationScenario } from './id-enumeration.scenario';
import { impossibleTravelScenario } from './impossible-travel.scenario';
import { leakedKeyScenario } from './leaked-key.scenario';
import { lowAndSlowScenario } from './low-and-slow.scenario';
import { newClientFanoutScenario } from './new-client-fanout.scenario';
import { nightlyBatchScenario } from './nightly-batch.scenario';
import { oauthBreachScenario } from './oauth-breach.scenario';
import { offHoursScenario } from './off-hours.scenario';
import { organicGrowthScenario } from './organic-growth.scenario';
import { plausibleTravelScenario } from './plausible-travel.scenario';
import type { Scenario } from './scenario';
import { volumeSpikeScenario } from './volume-spike.scenario';
import { weeklyCycleScenario } from './weekly-cycle.scenario';

/** Every scenario, attacks first. Victims are drawn in this order, so adding or moving a scenario changes what a seed produces. */
export const SCENARIOS: readonly Scenario[] = [
  leakedKeyScenario,
  impossibleTravelScenario,
  concurrentGeoScenario,
  volumeSpikeScenario,
  bulkExportScenario,
  endpointDriftScenario,
  idEnumerationScenario,
  authProbingScenario,
  dormantReactivationScenario,
  offHoursScenario,
  newClientFanoutScenario,
  lowAndSlowScenario,
  oauthBreachScenario,
  residentialProxyScenario,
  hostingNetworkScenario,
  slowExfiltrationScenario,
  concurrentSameCountryScenario,
  organicGrowthScenario,
  plausibleTravelScenario,
  weeklyCycleScenario,
  nightlyBatchScenario,
  brandNewTokenScenario,
  featureRolloutScenario,
  clientUpgradeScenario,
  roamingInCountryScenario,
  ciNewRegionScenario,
  vpnAbroadScenario,
];

export function scenarioByName(name: string): Scenario | undefined {
  return SCENARIOS.find((s) => s.name === name);
}
