// Typed, streaming artifact files: ArtifactWriter<Info> and ArtifactReader<Info>
// for each Info struct listed in kinds.h, plus whole-file helpers.
//
//   ArtifactWriter<schema::DepthSequenceInfo> w(path, MakeHeader("dolly-depth"), info);
//   for (...) w.WriteFrame(frame);
//   w.Finish();   // without it the output is deleted
//
//   ArtifactReader<schema::DepthSequenceInfo> r(path);
//   schema::DepthFrame f;
//   while (r.NextFrame(&f)) { ... }
#ifndef DOLLY_LIBS_ARTIFACT_ARTIFACT_IO_H_
#define DOLLY_LIBS_ARTIFACT_ARTIFACT_IO_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "libs/artifact/format.h"
#include "libs/artifact/kinds.h"
#include "libs/artifact/record_io.h"
#include "libs/artifact/validate.h"
#include "libs/core/error.h"

namespace dolly::artifact {

// Opens an artifact of any kind and reads its header, checking magic, format
// version, schema version and kind value. Use it to dispatch on the kind
// (VisitKind) and hand the reader on to ArtifactReader.
struct OpenedArtifact {
  std::unique_ptr<RecordReader> reader;
  schema::ArtifactHeader header;
};
OpenedArtifact OpenArtifact(const std::string& path);

// Throws InvalidInputError("<path>: is a <actual>, expected a <expected>").
void CheckKind(const std::string& path, const schema::ArtifactHeader& header,
               schema::ArtifactKind::type expected);

template <typename Info>
class ArtifactReader {
 public:
  using Traits = ArtifactTraits<Info>;
  using Frame = typename Traits::Frame;

  explicit ArtifactReader(const std::string& path) : ArtifactReader(OpenArtifact(path)) {}

  explicit ArtifactReader(OpenedArtifact opened)
      : reader_(std::move(opened.reader)), header_(std::move(opened.header)) {
    CheckKind(reader_->path(), header_, Traits::kKind);
    RecordType type;
    if (!reader_->Next(&type) || type != RecordType::kInfo) {
      throw InvalidInputError(reader_->path() + ": missing " + Traits::kName +
                              " info record after the header");
    }
    reader_->Decode(&info_, "info record");
    ValidateInfo(info_, reader_->path() + ": info");
    if constexpr (!kHasFrames<Info>) ReadEnd();
  }

  const schema::ArtifactHeader& header() const { return header_; }
  const Info& info() const { return info_; }
  const std::string& path() const { return reader_->path(); }
  int64_t frames_read() const { return frames_read_; }

  // Reads the next frame; false once the end record is reached.
  template <typename F = Frame>
  bool NextFrame(F* frame) {
    static_assert(kHasFrames<Info>, "this artifact kind has no frames");
    if (done_) return false;
    RecordType type;
    if (!reader_->Next(&type)) {
      throw InvalidInputError(path() + ": truncated after " + std::to_string(frames_read_) +
                              " frames (no end record)");
    }
    if (type == RecordType::kEnd) {
      FinishEnd();
      return false;
    }
    if (type != RecordType::kFrame) {
      throw InvalidInputError(path() + ": unexpected " + RecordTypeName(type) +
                              " record at frame " + std::to_string(frames_read_));
    }
    *frame = F();
    reader_->Decode(frame, "frame record");
    ValidateFrame(info_, *frame, path() + ": frame " + std::to_string(frames_read_));
    ++frames_read_;
    return true;
  }

 private:
  void ReadEnd() {
    RecordType type;
    if (!reader_->Next(&type)) {
      throw InvalidInputError(path() + ": truncated (no end record)");
    }
    if (type != RecordType::kEnd) {
      throw InvalidInputError(path() + ": unexpected " + std::string(RecordTypeName(type)) +
                              " record in a " + Traits::kName + " artifact");
    }
    FinishEnd();
  }

  void FinishEnd() {
    schema::ArtifactEnd end;
    reader_->Decode(&end, "end record");
    if (end.__isset.frame_count && end.frame_count != frames_read_) {
      throw InvalidInputError(path() + ": end record counts " + std::to_string(end.frame_count) +
                              " frames but " + std::to_string(frames_read_) + " were read");
    }
    RecordType type;
    if (reader_->Next(&type)) {
      throw InvalidInputError(path() + ": data after the end record");
    }
    done_ = true;
  }

  std::unique_ptr<RecordReader> reader_;
  schema::ArtifactHeader header_;
  Info info_;
  int64_t frames_read_ = 0;
  bool done_ = false;
};

// Fills in header.kind and header.schema_version.
void StampHeader(schema::ArtifactHeader* header, schema::ArtifactKind::type kind);

template <typename Info>
class ArtifactWriter {
 public:
  using Traits = ArtifactTraits<Info>;
  using Frame = typename Traits::Frame;

  ArtifactWriter(const std::string& path, schema::ArtifactHeader header, const Info& info)
      : writer_(path) {
    StampHeader(&header, Traits::kKind);
    ValidateInfo(info, path + ": info");
    writer_.Write(RecordType::kHeader, header);
    writer_.Write(RecordType::kInfo, info);
    info_ = info;
  }

  template <typename F = Frame>
  void WriteFrame(const F& frame) {
    static_assert(kHasFrames<Info>, "this artifact kind has no frames");
    ValidateFrame(info_, frame, writer_.path() + ": frame " + std::to_string(frames_written_));
    writer_.Write(RecordType::kFrame, frame);
    ++frames_written_;
  }

  // Writes the end record and moves the file into place.
  void Finish() {
    schema::ArtifactEnd end;
    end.__set_frame_count(frames_written_);
    writer_.Write(RecordType::kEnd, end);
    writer_.Commit();
  }

  int64_t frames_written() const { return frames_written_; }
  const std::string& path() const { return writer_.path(); }

 private:
  RecordWriter writer_;
  Info info_;
  int64_t frames_written_ = 0;
};

// A whole artifact in memory (fine for small ones; stream large ones).
template <typename Info, bool = kHasFrames<Info>>
struct Artifact {
  schema::ArtifactHeader header;
  Info info;
  std::vector<typename ArtifactTraits<Info>::Frame> frames;
};
template <typename Info>
struct Artifact<Info, false> {
  schema::ArtifactHeader header;
  Info info;
};

template <typename Info>
Artifact<Info> ReadArtifact(const std::string& path) {
  ArtifactReader<Info> reader(path);
  Artifact<Info> out;
  out.header = reader.header();
  out.info = reader.info();
  if constexpr (kHasFrames<Info>) {
    typename ArtifactTraits<Info>::Frame frame;
    while (reader.NextFrame(&frame)) out.frames.push_back(std::move(frame));
  }
  return out;
}

template <typename Info>
void WriteArtifact(const std::string& path, const Artifact<Info>& artifact) {
  ArtifactWriter<Info> writer(path, artifact.header, artifact.info);
  if constexpr (kHasFrames<Info>) {
    for (const auto& frame : artifact.frames) writer.WriteFrame(frame);
  }
  writer.Finish();
}

}  // namespace dolly::artifact

#endif  // DOLLY_LIBS_ARTIFACT_ARTIFACT_IO_H_
