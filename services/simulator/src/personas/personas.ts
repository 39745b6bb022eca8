import { backendServicePersona } from './backend-service.persona';
import { ciJobPersona } from './ci-job.persona';
import { employeePersona } from './employee.persona';
import { mobileUserPersona } from './mobile-user.persona';
import { nightlyBatchPersona } from './nightly-batch.persona';
import type { Persona, PersonaKind } from './persona';
import { partnerIntegrationPersona } from './partner-integration.persona';

export const PERSONAS: readonly Persona[] = [
  backendServicePersona,
  mobileUserPersona,
  partnerIntegrationPersona,
  ciJobPersona,
  nightlyBatchPersona,
  employeePersona,
];

export function personaOf(kind: PersonaKind): Persona {
  const found = PERSONAS.find((p) => p.kind === kind);
  if (!found) throw new Error(`unknown persona ${kind}`);
  return found;
}
