import { describe, expect, it } from 'vitest';
import { newClusterId, parseMtlsPort, parseServerPorts, renderServerProperties } from './server-properties';

const SECURE = {
  advertisedHost: 'localhost',
  mtlsPort: 19096,
  keystoreFile: 'tls/broker.keystore.pem',
  caFile: 'tls/ca.pem',
  adminUser: 'admin',
  adminPassword: 'a-pw',
  controllerPassword: 'c-pw',
};

describe('server.properties', () => {
  it('listens on 127.0.0.1 only and round-trips its ports', () => {
    const text = renderServerProperties({ port: 19092, controllerPort: 19093, dataDir: 'data' });
    expect(text).toContain('listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093\n');
    expect(text).toContain('advertised.listeners=PLAINTEXT://127.0.0.1:19092\n');
    expect(text).toContain('controller.quorum.voters=1@127.0.0.1:19093\n');
    expect(text).toContain('offsets.topic.replication.factor=1\n');
    expect(parseServerPorts(text)).toEqual({ port: 19092, controllerPort: 19093 });
  });

  it('secured: a SASL_SSL listener advertised by its certificate name, SCRAM, PEM stores and deny-by-default ACLs', () => {
    const text = renderServerProperties({ port: 19094, controllerPort: 19095, dataDir: 'data', secure: SECURE });
    expect(text).toContain('listeners=SASL_SSL://127.0.0.1:19094,CONTROLLER://127.0.0.1:19095,SSL://127.0.0.1:19096\n');
    expect(text).toContain('advertised.listeners=SASL_SSL://localhost:19094,SSL://localhost:19096\n');
    expect(text).toContain('listener.name.ssl.ssl.client.auth=required\n');
    expect(text).toContain('sasl.enabled.mechanisms=SCRAM-SHA-512\n');
    expect(text).not.toContain('oauthbearer');
    expect(text).toContain('ssl.keystore.type=PEM\nssl.keystore.location=tls/broker.keystore.pem\n');
    expect(text).toContain(
      'authorizer.class.name=org.apache.kafka.metadata.authorizer.StandardAuthorizer\nsuper.users=User:admin\nallow.everyone.if.no.acl.found=false\n',
    );
    expect(text).toContain('ScramLoginModule required username="admin" password="a-pw";');
    expect(text).not.toContain('PLAINTEXT://');
    expect(parseServerPorts(text)).toEqual({ port: 19094, controllerPort: 19095 });
    expect(parseMtlsPort(text)).toBe(19096);
    expect(parseMtlsPort(renderServerProperties({ port: 1, controllerPort: 2, dataDir: 'data' }))).toBeNull();
  });

  it("secured with oauthBearer: OAUTHBEARER beside SCRAM on the SASL_SSL listener, validated by Kafka's unsecured default", () => {
    const secure = { ...SECURE, keystoreFile: 'k.pem', caFile: 'ca.pem', oauthBearer: true };
    const text = renderServerProperties({ port: 19094, controllerPort: 19095, dataDir: 'data', secure });
    expect(text).toContain('sasl.enabled.mechanisms=SCRAM-SHA-512,OAUTHBEARER\n');
    expect(text).toMatch(
      /^listener\.name\.sasl_ssl\.oauthbearer\.sasl\.jaas\.config=.*OAuthBearerLoginModule required unsecuredLoginStringClaim_sub="admin";$/m,
    );
    expect(text).not.toContain('oauthbearer.sasl.server.callback.handler.class');
  });

  it('escapes backslashes in the data folder', () => {
    expect(renderServerProperties({ port: 1, controllerPort: 2, dataDir: 'C:\\kafka\\data' })).toContain('log.dirs=C:\\\\kafka\\\\data\n');
  });

  it('makes cluster ids in the format of kafka-storage random-uuid', () => {
    for (let i = 0; i < 200; i++) expect(newClusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});
