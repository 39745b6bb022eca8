import { ConfigError } from '@tokenwatch/config';
import type { MessageProducer } from '@tokenwatch/kafka';
import type { NotifierConfig } from '../notifier.config';
import type { Clock, Transport, TransportName } from '../notifier.types';
import { createHttpRevoker } from '../revocation/http.revoker';
import { createKongRevoker } from '../revocation/kong-admin.revoker';
import type { Revoker } from '../revocation/revocation.types';
import { fileFindingSink, kafkaFindingSink, createOcsfTransport } from './ocsf.transport';
import { createPagerDutyTransport } from './pagerduty.transport';
import { createSlackTransport } from './slack.transport';
import { createWebhookTransport } from './webhook.transport';

export interface TransportDeps {
  clock: Clock;
  /** Needed for OCSF output to a Kafka topic. */
  producer?: MessageProducer;
  /** Replaces or adds transports (tests, custom sinks); keyed by their name. */
  extra?: readonly Transport[];
}

/** The configured transports by name; unset ones are simply absent. */
export function createTransports(config: NotifierConfig, deps: TransportDeps): Map<TransportName, Transport> {
  const { clock } = deps;
  const out = new Map<TransportName, Transport>();
  const timeoutMs = config.timeoutMs;
  if (config.slack) out.set('slack', createSlackTransport({ webhookUrl: config.slack.webhookUrl, timeoutMs, clock }));
  if (config.pagerduty)
    out.set('pagerduty', createPagerDutyTransport({ routingKey: config.pagerduty.routingKey, url: config.pagerduty.url, timeoutMs, clock }));
  if (config.webhook) out.set('webhook', createWebhookTransport({ url: config.webhook.url, secret: config.webhook.secret, timeoutMs, clock }));
  if (config.ocsf && 'file' in config.ocsf) out.set('ocsf', createOcsfTransport(fileFindingSink(config.ocsf.file)));
  if (config.ocsf && 'topic' in config.ocsf) {
    if (!deps.producer) throw new ConfigError('TOKENWATCH_OCSF_TOPIC needs the Kafka notifier; without Kafka write OCSF to a file (TOKENWATCH_OCSF_FILE)');
    out.set('ocsf', createOcsfTransport(kafkaFindingSink(deps.producer, config.ocsf.topic)));
  }
  for (const transport of deps.extra ?? []) out.set(transport.name, transport);
  return out;
}

/** The configured revoker: Kong Admin API or the generic signed HTTP call; none in log mode is fine. */
export function createRevoker(config: NotifierConfig, clock: Clock): Revoker | undefined {
  const { revocation, timeoutMs } = config;
  if (revocation.kong) return createKongRevoker({ ...revocation.kong, timeoutMs, clock });
  if (revocation.http) return createHttpRevoker({ ...revocation.http, timeoutMs, clock });
  return undefined;
}
