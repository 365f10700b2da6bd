include "common.thrift"
namespace cpp dolly.schema

struct Metric {
  1: optional string name
  2: optional double value
  3: optional string unit
  4: optional string description
}

// A metrics artifact has this one info record and no frames.
struct MetricsInfo {
  1: optional list<Metric> metrics
}
