// Metrics -> metrics.json (a plain list, easy to load anywhere) and
// metrics.csv (for spreadsheets).
#include "libs/artifact/artifact_io.h"
#include "libs/inspect/csv.h"
#include "libs/inspect/export_kinds.h"
#include "libs/inspect/json_text.h"

namespace dolly::inspect {

void ExportKind(Kind<schema::MetricsInfo>, ExportContext* context) {
  artifact::ArtifactReader<schema::MetricsInfo> reader(context->input);
  std::string json = "[";
  std::string csv = "name,value,unit,description\n";
  bool first = true;
  for (const schema::Metric& metric : reader.info().metrics) {
    json += first ? "\n  {" : ",\n  {";
    first = false;
    json += "\"name\": " + JsonString(metric.name) + ", \"value\": " + JsonNumber(metric.value);
    if (metric.__isset.unit) json += ", \"unit\": " + JsonString(metric.unit);
    if (metric.__isset.description) json += ", \"description\": " + JsonString(metric.description);
    json += "}";
    csv += CsvField(metric.name) + "," + JsonNumber(metric.value) + "," + CsvField(metric.unit) +
           "," + CsvField(metric.description) + "\n";
  }
  json += first ? "]\n" : "\n]\n";
  WriteTextFile(context->File("metrics.json"), json);
  WriteTextFile(context->File("metrics.csv"), csv);
}

}  // namespace dolly::inspect
