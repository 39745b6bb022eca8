import { describe, expect, it } from 'vitest';
import { newClusterId, parseServerPorts, renderServerProperties } from './server-properties';

describe('server.properties', () => {
  it('listens on 127.0.0.1 only and round-trips its ports', () => {
    const text = renderServerProperties({ port: 19092, controllerPort: 19093, dataDir: 'data' });
    expect(text).toContain('listeners=PLAINTEXT://127.0.0.1:19092,CONTROLLER://127.0.0.1:19093\n');
    expect(text).toContain('advertised.listeners=PLAINTEXT://127.0.0.1:19092\n');
    expect(text).toContain('controller.quorum.voters=1@127.0.0.1:19093\n');
    expect(text).toContain('offsets.topic.replication.factor=1\n');
    expect(parseServerPorts(text)).toEqual({ port: 19092, controllerPort: 19093 });
  });

  it('escapes backslashes in the data folder', () => {
    expect(renderServerProperties({ port: 1, controllerPort: 2, dataDir: 'C:\\kafka\\data' })).toContain(
      'log.dirs=C:\\\\kafka\\\\data\n',
    );
  });

  it('makes cluster ids in the format of kafka-storage random-uuid', () => {
    for (let i = 0; i < 200; i++) expect(newClusterId()).toMatch(/^[A-Za-z0-9_][A-Za-z0-9_-]{21}$/);
  });
});
