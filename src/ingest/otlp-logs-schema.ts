import protobuf from 'protobufjs';
import type { Int64 } from './loki-push-schema.js';

/**
 * The OTLP logs messages logsift reads and writes (opentelemetry-proto: collector/logs/v1,
 * logs/v1, common/v1, resource/v1; google.rpc.Status for errors), as a protobufjs JSON
 * descriptor. Only the fields logsift uses are declared; protobuf skips unknown fields, so
 * newer senders stay compatible. Field numbers are the wire contract:
 *
 *   ExportLogsServiceRequest  { repeated ResourceLogs resource_logs = 1; }
 *   ResourceLogs              { Resource resource = 1; repeated ScopeLogs scope_logs = 2; string schema_url = 3; }
 *   Resource                  { repeated KeyValue attributes = 1; uint32 dropped_attributes_count = 2; }
 *   ScopeLogs                 { InstrumentationScope scope = 1; repeated LogRecord log_records = 2; string schema_url = 3; }
 *   InstrumentationScope      { string name = 1; string version = 2; repeated KeyValue attributes = 3; }
 *   LogRecord                 { fixed64 time_unix_nano = 1; SeverityNumber severity_number = 2;
 *                               string severity_text = 3; AnyValue body = 5; repeated KeyValue attributes = 6;
 *                               uint32 dropped_attributes_count = 7; fixed32 flags = 8; bytes trace_id = 9;
 *                               bytes span_id = 10; fixed64 observed_time_unix_nano = 11; string event_name = 12; }
 *   AnyValue                  { oneof value { string string_value = 1; bool bool_value = 2; int64 int_value = 3;
 *                               double double_value = 4; ArrayValue array_value = 5;
 *                               KeyValueList kvlist_value = 6; bytes bytes_value = 7; } }
 *   ArrayValue                { repeated AnyValue values = 1; }
 *   KeyValueList              { repeated KeyValue values = 1; }
 *   KeyValue                  { string key = 1; AnyValue value = 2; }
 *   ExportLogsServiceResponse { ExportLogsPartialSuccess partial_success = 1; }
 *   ExportLogsPartialSuccess  { int64 rejected_log_records = 1; string error_message = 2; }
 *   google.rpc.Status         { int32 code = 1; string message = 2; repeated google.protobuf.Any details = 3; }
 */
const OTLP_LOGS_DESCRIPTOR: protobuf.INamespace = {
  nested: {
    otlp: {
      nested: {
        ExportLogsServiceRequest: { fields: { resourceLogs: { rule: 'repeated', type: 'ResourceLogs', id: 1 } } },
        ResourceLogs: {
          fields: {
            resource: { type: 'Resource', id: 1 },
            scopeLogs: { rule: 'repeated', type: 'ScopeLogs', id: 2 },
            schemaUrl: { type: 'string', id: 3 },
          },
        },
        Resource: { fields: { attributes: { rule: 'repeated', type: 'KeyValue', id: 1 }, droppedAttributesCount: { type: 'uint32', id: 2 } } },
        ScopeLogs: {
          fields: {
            scope: { type: 'InstrumentationScope', id: 1 },
            logRecords: { rule: 'repeated', type: 'LogRecord', id: 2 },
            schemaUrl: { type: 'string', id: 3 },
          },
        },
        InstrumentationScope: {
          fields: {
            name: { type: 'string', id: 1 },
            version: { type: 'string', id: 2 },
            attributes: { rule: 'repeated', type: 'KeyValue', id: 3 },
          },
        },
        LogRecord: {
          fields: {
            timeUnixNano: { type: 'fixed64', id: 1 },
            severityNumber: { type: 'int32', id: 2 },
            severityText: { type: 'string', id: 3 },
            body: { type: 'AnyValue', id: 5 },
            attributes: { rule: 'repeated', type: 'KeyValue', id: 6 },
            droppedAttributesCount: { type: 'uint32', id: 7 },
            flags: { type: 'fixed32', id: 8 },
            traceId: { type: 'bytes', id: 9 },
            spanId: { type: 'bytes', id: 10 },
            observedTimeUnixNano: { type: 'fixed64', id: 11 },
            eventName: { type: 'string', id: 12 },
          },
        },
        AnyValue: {
          oneofs: { value: { oneof: ['stringValue', 'boolValue', 'intValue', 'doubleValue', 'arrayValue', 'kvlistValue', 'bytesValue'] } },
          fields: {
            stringValue: { type: 'string', id: 1 },
            boolValue: { type: 'bool', id: 2 },
            intValue: { type: 'int64', id: 3 },
            doubleValue: { type: 'double', id: 4 },
            arrayValue: { type: 'ArrayValue', id: 5 },
            kvlistValue: { type: 'KeyValueList', id: 6 },
            bytesValue: { type: 'bytes', id: 7 },
          },
        },
        ArrayValue: { fields: { values: { rule: 'repeated', type: 'AnyValue', id: 1 } } },
        KeyValueList: { fields: { values: { rule: 'repeated', type: 'KeyValue', id: 1 } } },
        KeyValue: { fields: { key: { type: 'string', id: 1 }, value: { type: 'AnyValue', id: 2 } } },
        ExportLogsServiceResponse: { fields: { partialSuccess: { type: 'ExportLogsPartialSuccess', id: 1 } } },
        ExportLogsPartialSuccess: { fields: { rejectedLogRecords: { type: 'int64', id: 1 }, errorMessage: { type: 'string', id: 2 } } },
        Status: { fields: { code: { type: 'int32', id: 1 }, message: { type: 'string', id: 2 } } },
      },
    },
  },
};

/** Decoded protobuf views (protobufjs messages: unset scalars read as defaults, unset messages as null). */
export interface PbAnyValue {
  /** Name of the oneof member that is set, or undefined for an empty value. */
  readonly value?: 'stringValue' | 'boolValue' | 'intValue' | 'doubleValue' | 'arrayValue' | 'kvlistValue' | 'bytesValue';
  readonly stringValue: string;
  readonly boolValue: boolean;
  readonly intValue: Int64;
  readonly doubleValue: number;
  readonly arrayValue: { readonly values: readonly PbAnyValue[] } | null;
  readonly kvlistValue: { readonly values: readonly PbKeyValue[] } | null;
  readonly bytesValue: Uint8Array;
}
export interface PbKeyValue {
  readonly key: string;
  readonly value: PbAnyValue | null;
}
export interface PbLogRecord {
  readonly timeUnixNano: Int64;
  readonly observedTimeUnixNano: Int64;
  readonly severityNumber: number;
  readonly severityText: string;
  readonly body: PbAnyValue | null;
  readonly attributes: readonly PbKeyValue[];
  readonly traceId: Uint8Array;
  readonly spanId: Uint8Array;
  readonly eventName: string;
}
export interface PbExportLogsRequest {
  readonly resourceLogs: readonly {
    readonly resource: { readonly attributes: readonly PbKeyValue[] } | null;
    readonly scopeLogs: readonly {
      readonly scope: { readonly name: string; readonly version: string; readonly attributes: readonly PbKeyValue[] } | null;
      readonly logRecords: readonly PbLogRecord[];
    }[];
  }[];
}

interface OtlpTypes {
  readonly request: protobuf.Type;
  readonly response: protobuf.Type;
  readonly status: protobuf.Type;
}

let types: OtlpTypes | null = null;

/** The compiled OTLP types, built once on first use. */
export function otlpTypes(): OtlpTypes {
  if (types === null) {
    const root = protobuf.Root.fromJSON(OTLP_LOGS_DESCRIPTOR);
    types = {
      request: root.lookupType('otlp.ExportLogsServiceRequest'),
      response: root.lookupType('otlp.ExportLogsServiceResponse'),
      status: root.lookupType('otlp.Status'),
    };
  }
  return types;
}
