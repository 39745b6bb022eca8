import kafkajs, { type AclEntry, type SASLOptions } from 'kafkajs';
import type { ConnectionOptions } from 'node:tls';

const { Kafka, logLevel, AclResourceTypes, ResourcePatternTypes, AclOperationTypes, AclPermissionTypes } = kafkajs;

export interface AclGrants {
  principal: string;
  topicPrefixes: string[];
  groupPrefixes: string[];
}

export interface AdminConnection {
  brokers: string[];
  ssl: ConnectionOptions;
  sasl: SASLOptions;
}

/**
 * Allows `principal` every operation on the topics and consumer groups whose names start with the
 * given prefixes (PREFIXED ACLs), and nothing else: the StandardAuthorizer denies the rest.
 * Creating an ACL that exists is a no-op, so this runs on every start.
 */
export async function grantPrefixedAcls(connection: AdminConnection, grants: AclGrants): Promise<void> {
  const kafka = new Kafka({ clientId: 'tokenwatch-local-broker-acls', ...connection, logLevel: logLevel.NOTHING, retry: { retries: 3 } });
  const allow = (resourceType: number, resourceName: string): AclEntry => ({
    resourceType,
    resourceName,
    resourcePatternType: ResourcePatternTypes.PREFIXED,
    principal: grants.principal,
    host: '*',
    operation: AclOperationTypes.ALL,
    permissionType: AclPermissionTypes.ALLOW,
  });
  const acl = [
    ...grants.topicPrefixes.map((prefix) => allow(AclResourceTypes.TOPIC, prefix)),
    ...grants.groupPrefixes.map((prefix) => allow(AclResourceTypes.GROUP, prefix)),
  ];
  if (acl.length === 0) return;
  const admin = kafka.admin();
  await admin.connect();
  try {
    await admin.createAcls({ acl });
  } finally {
    await admin.disconnect();
  }
}
