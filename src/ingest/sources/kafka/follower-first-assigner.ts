import { setTimeout as sleep } from 'node:timers/promises';
import { PartitionAssigners } from 'kafkajs';
import type { PartitionAssigner } from 'kafkajs';

/** How long the group leader waits before handing out partitions when it has followers, ms. */
const LEADER_SYNC_DELAY_MS = 300;

/**
 * kafkajs's round-robin assignment, with the leader holding its SyncGroup back briefly when the
 * group has other members. Kafka brokers accept the members' SyncGroup requests in any order,
 * but librdkafka's mock cluster (the test broker here, and a common dev setup) completes the
 * round as soon as the leader's assignment arrives and then refuses a follower's late
 * SyncGroup with INVALID_REQUEST. The delay costs 0.3 s per rebalance and nothing otherwise.
 */
export const followerFirstRoundRobin: PartitionAssigner = (config) => {
  const inner = PartitionAssigners.roundRobin(config);
  return {
    name: inner.name,
    version: inner.version,
    protocol: (subscription) => inner.protocol(subscription),
    async assign(group) {
      if (group.members.length > 1) await sleep(LEADER_SYNC_DELAY_MS);
      return inner.assign(group);
    },
  };
};
