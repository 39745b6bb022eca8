import { apisixWriter } from './apisix.writer';
import { awsApigwWriter } from './aws-apigw.writer';
import { envoyWriter } from './envoy.writer';
import { kongWriter } from './kong.writer';
import { nginxWriter } from './nginx.writer';
import { traefikWriter } from './traefik.writer';
import type { GatewayWriter } from './writer';

export const WRITERS: readonly GatewayWriter[] = [kongWriter, envoyWriter, awsApigwWriter, nginxWriter, traefikWriter, apisixWriter];

export const WRITER_FORMATS: readonly string[] = WRITERS.map((w) => w.format);

export function writerFor(format: string): GatewayWriter | undefined {
  return WRITERS.find((w) => w.format === format);
}
