import protobuf from 'protobufjs';

/**
 * The messages of Loki's push API (`logproto.PushRequest`, pkg/push/push.proto in Grafana Loki),
 * written as a protobufjs JSON descriptor so it ships inside the compiled code. Field numbers are
 * the wire contract:
 *
 *   PushRequest      { repeated StreamAdapter streams = 1; }
 *   StreamAdapter    { string labels = 1;            // Prometheus form: {job="x", host="y"}
 *                      repeated EntryAdapter entries = 2; uint64 hash = 3; }
 *   EntryAdapter     { Timestamp timestamp = 1; string line = 2;
 *                      repeated LabelPairAdapter structuredMetadata = 3;
 *                      repeated LabelPairAdapter parsed = 4; }
 *   LabelPairAdapter { string name = 1; string value = 2; }
 *   Timestamp        { int64 seconds = 1; int32 nanos = 2; }   // google.protobuf.Timestamp
 */
const LOKI_PUSH_DESCRIPTOR: protobuf.INamespace = {
  nested: {
    logproto: {
      nested: {
        PushRequest: { fields: { streams: { rule: 'repeated', type: 'StreamAdapter', id: 1 } } },
        StreamAdapter: {
          fields: {
            labels: { type: 'string', id: 1 },
            entries: { rule: 'repeated', type: 'EntryAdapter', id: 2 },
            hash: { type: 'uint64', id: 3 },
          },
        },
        EntryAdapter: {
          fields: {
            timestamp: { type: 'Timestamp', id: 1 },
            line: { type: 'string', id: 2 },
            structuredMetadata: { rule: 'repeated', type: 'LabelPairAdapter', id: 3 },
            parsed: { rule: 'repeated', type: 'LabelPairAdapter', id: 4 },
          },
        },
        LabelPairAdapter: { fields: { name: { type: 'string', id: 1 }, value: { type: 'string', id: 2 } } },
        Timestamp: { fields: { seconds: { type: 'int64', id: 1 }, nanos: { type: 'int32', id: 2 } } },
      },
    },
  },
};

/** A 64-bit integer as protobufjs decodes it: a Long object (when `long` is installed) or a number. */
export type Int64 = number | { toNumber(): number };

export function int64ToNumber(v: Int64 | null | undefined): number {
  if (v === null || v === undefined) return 0;
  return typeof v === 'number' ? v : v.toNumber();
}

/** Decoded view of `logproto.PushRequest` (what protobufjs returns; unset fields read as defaults). */
export interface LokiPushMessage {
  readonly streams: readonly {
    readonly labels: string;
    readonly entries: readonly {
      readonly timestamp: { readonly seconds: Int64; readonly nanos: number } | null;
      readonly line: string;
      readonly structuredMetadata: readonly { readonly name: string; readonly value: string }[];
    }[];
  }[];
}

let pushRequest: protobuf.Type | null = null;

/** The compiled `PushRequest` type, built once on first use. */
export function lokiPushRequestType(): protobuf.Type {
  pushRequest ??= protobuf.Root.fromJSON(LOKI_PUSH_DESCRIPTOR).lookupType('logproto.PushRequest');
  return pushRequest;
}
