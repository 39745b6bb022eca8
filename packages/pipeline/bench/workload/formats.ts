import type { FormatName } from '@tokenwatch/formats';
import { awsMessage, envoyMessage, nginxMessage, traefikMessage } from './edge-gateways.records';
import { APISIX_BATCH, apisixMessage, kongMessage } from './kong-apisix.records';
import { createTraffic, type Request, type Traffic } from './traffic';

export interface BenchFormat {
  name: FormatName;
  label: string;
  /** Messages holding `records` records in all (seeded: the same on every run). */
  messages(records: number): string[];
}

const oneRecordPerMessage =
  (write: (r: Request, t: Traffic) => string) =>
  (records: number): string[] => {
    const traffic = createTraffic();
    return Array.from({ length: records }, (_, i) => write(traffic.request(i), traffic));
  };

export const FORMATS: BenchFormat[] = [
  { name: 'kong', label: 'kong', messages: oneRecordPerMessage(kongMessage) },
  { name: 'envoy', label: 'envoy', messages: oneRecordPerMessage(envoyMessage) },
  { name: 'aws-apigw', label: 'aws-apigw', messages: oneRecordPerMessage(awsMessage) },
  { name: 'nginx', label: 'nginx txt', messages: oneRecordPerMessage(nginxMessage) },
  { name: 'traefik', label: 'traefik', messages: oneRecordPerMessage(traefikMessage) },
  {
    name: 'apisix',
    label: `apisix[${APISIX_BATCH}]`,
    messages(records) {
      const traffic = createTraffic();
      const out: string[] = [];
      for (let i = 0; i < records; i += APISIX_BATCH) {
        const batch = Array.from({ length: Math.min(APISIX_BATCH, records - i) }, (_, j) => traffic.request(i + j));
        out.push(apisixMessage(batch, traffic));
      }
      return out;
    },
  },
];
