import { describe, expect, it } from 'vitest';
import { clusterNodes, renderClusterNodeProperties } from './cluster-properties';
import { parseServerPorts } from './server-properties';

describe('local cluster properties', () => {
  const nodes = clusterNodes(3, 9192);

  it('gives node n the port 9192 + 2(n-1) and its controller the next one', () => {
    expect(nodes).toEqual([
      { nodeId: 1, port: 9192, controllerPort: 9193 },
      { nodeId: 2, port: 9194, controllerPort: 9195 },
      { nodeId: 3, port: 9196, controllerPort: 9197 },
    ]);
  });

  it('one static quorum of every node, replication factor 3, min.insync.replicas 2, no unclean election', () => {
    const text = renderClusterNodeProperties(nodes[1]!, nodes, '/data/node-2');
    expect(text).toContain('node.id=2');
    expect(text).toContain('controller.quorum.voters=1@127.0.0.1:9193,2@127.0.0.1:9195,3@127.0.0.1:9197');
    for (const line of [
      'default.replication.factor=3',
      'min.insync.replicas=2',
      'offsets.topic.replication.factor=3',
      'transaction.state.log.min.isr=2',
      'unclean.leader.election.enable=false',
    ]) {
      expect(text).toContain(line);
    }
    expect(parseServerPorts(text)).toEqual({ port: 9194, controllerPort: 9195 });
  });

  it('a 2-broker cluster replicates twice and still needs both in sync', () => {
    const two = clusterNodes(2, 9192);
    expect(renderClusterNodeProperties(two[0]!, two, '/d')).toMatch(/default\.replication\.factor=2[\s\S]*min\.insync\.replicas=2/);
  });
});
