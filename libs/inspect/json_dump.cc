#include "libs/inspect/json_dump.h"

#include <filesystem>

#include "libs/inspect/artifact_stream.h"

namespace dolly::inspect {
namespace {

using apache::thrift::protocol::T_LIST;
using apache::thrift::protocol::T_STRUCT;

// The envelope goes through the protocol like any struct, so its
// punctuation and indentation match the records inside it.
class JsonPrinter : public ArtifactVisitor {
 public:
  JsonPrinter(std::ostream& out, const JsonOptions& options) : out_(out), json_(&out, options) {}

  void OnHeader(const schema::ArtifactHeader& header, const std::string&,
                bool has_frames) override {
    has_frames_ = has_frames;
    json_.writeStructBegin("Artifact");
    json_.writeFieldBegin("header", T_STRUCT, 1);
    header.write(&json_);
    json_.writeFieldEnd();
  }

  void OnInfo(const apache::thrift::TBase& info) override {
    json_.writeFieldBegin("info", T_STRUCT, 2);
    info.write(&json_);
    json_.writeFieldEnd();
    if (has_frames_) {
      json_.writeFieldBegin("frames", T_LIST, 3);
      json_.writeListBegin(T_STRUCT, 0);
    }
  }

  void OnFrame(int64_t, const apache::thrift::TBase& frame) override { frame.write(&json_); }

  void OnEnd(int64_t) override {
    if (has_frames_) {
      json_.writeListEnd();
      json_.writeFieldEnd();
    }
    json_.writeFieldStop();
    json_.writeStructEnd();
    json_.Flush();
    out_ << "\n";
    out_.flush();
  }

 private:
  std::ostream& out_;
  JsonProtocol json_;
  bool has_frames_ = false;
};

}  // namespace

void WriteArtifactJson(const std::string& path, std::ostream& out, const JsonOptions& options) {
  std::error_code error;
  if (path != "-" && std::filesystem::is_regular_file(path, error)) CheckArtifact(path);
  JsonPrinter printer(out, options);
  StreamArtifact(path, &printer);
}

}  // namespace dolly::inspect
