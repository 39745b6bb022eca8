import type { Alert, Severity } from '@tokenwatch/contracts';
import type { TokenProfile } from '../notifier.types';
import { truncate } from '../util/text';

/** The OCSF schema version the findings claim (metadata.version). */
export const OCSF_VERSION = '1.7.0';
export const DETECTION_FINDING = { class_uid: 2004, category_uid: 2 } as const;

const SEVERITY_ID: Record<Severity, number> = { low: 2, medium: 3, high: 4, critical: 5 };
const SEVERITY_NAME: Record<Severity, string> = { low: 'Low', medium: 'Medium', high: 'High', critical: 'Critical' };

export interface OcsfDetectionFinding {
  class_uid: 2004;
  class_name: 'Detection Finding';
  category_uid: 2;
  category_name: 'Findings';
  activity_id: 1 | 3;
  activity_name: 'Create' | 'Close';
  type_uid: 200401 | 200403;
  type_name: string;
  severity_id: number;
  severity: string;
  time: number;
  message: string;
  status_id: 1 | 4;
  status: 'New' | 'Resolved';
  is_alert: boolean;
  confidence_id: 1 | 2 | 3;
  risk_score: number;
  start_time: number;
  end_time: number;
  metadata: { version: string; uid: string; product: { name: string; vendor_name: string; version: string } };
  finding_info: {
    uid: string;
    title: string;
    desc: string;
    types: string[];
    created_time: number;
    first_seen_time: number;
    last_seen_time: number;
    analytic: { name: string; type_id: 2; type: 'Behavioral' };
  };
  resources: Array<{ uid: string; name?: string; type: string; labels?: string[] }>;
  unmapped: Record<string, unknown>;
}

/**
 * Alert v1 -> OCSF Detection Finding (class_uid 2004). A firing alert is activity Create (1),
 * status New; a resolved one is Close (3), status Resolved. finding_info.uid is the alert id, so a
 * SIEM correlates the two. The token is a resource identified by its fingerprint (never a secret).
 */
export function toDetectionFinding(alert: Alert, profile: TokenProfile, productVersion = '0.1.0'): OcsfDetectionFinding {
  const firing = alert.state === 'firing';
  const labels = Object.entries(profile.labels).map(([k, v]) => `${k}:${v}`);
  return {
    class_uid: 2004,
    class_name: 'Detection Finding',
    category_uid: 2,
    category_name: 'Findings',
    activity_id: firing ? 1 : 3,
    activity_name: firing ? 'Create' : 'Close',
    type_uid: firing ? 200401 : 200403,
    type_name: `Detection Finding: ${firing ? 'Create' : 'Close'}`,
    severity_id: SEVERITY_ID[alert.severity],
    severity: SEVERITY_NAME[alert.severity],
    time: alert.ts,
    message: truncate(alert.summary, 2000),
    status_id: firing ? 1 : 4,
    status: firing ? 'New' : 'Resolved',
    is_alert: firing,
    confidence_id: alert.score >= 0.8 ? 3 : alert.score >= 0.5 ? 2 : 1,
    risk_score: Math.round(alert.score * 100),
    start_time: alert.window.start,
    end_time: alert.window.end,
    metadata: {
      version: OCSF_VERSION,
      uid: `${alert.id}:${alert.state}`,
      product: { name: 'tokenwatch', vendor_name: 'tokenwatch', version: productVersion },
    },
    finding_info: {
      uid: alert.id,
      title: truncate(alert.summary, 256),
      desc: truncate(alert.signals.map((s) => s.detail).join(' '), 4000),
      types: [...new Set(alert.signals.map((s) => s.type))],
      created_time: alert.ts,
      first_seen_time: alert.window.start,
      last_seen_time: alert.window.end,
      analytic: { name: 'tokenwatch token-behaviour detector', type_id: 2, type: 'Behavioral' },
    },
    resources: [
      {
        uid: alert.token.fp,
        ...(alert.token.hint ? { name: alert.token.hint } : {}),
        type: 'API Token',
        ...(labels.length > 0 ? { labels } : {}),
      },
    ],
    unmapped: {
      tokenwatch: { consumer: profile.consumer, score: alert.score, signals: alert.signals },
    },
  };
}
