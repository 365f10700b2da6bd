#include "libs/inspect/artifact_stream.h"

#include <utility>

#include "libs/artifact/artifact_io.h"

namespace dolly::inspect {

void StreamArtifact(const std::string& path, ArtifactVisitor* visitor) {
  artifact::OpenedArtifact opened = artifact::OpenArtifact(path);
  const schema::ArtifactKind::type kind = opened.header.kind;
  artifact::VisitKind(kind, [&](auto tag) {
    using Info = typename decltype(tag)::type;
    using Traits = artifact::ArtifactTraits<Info>;
    artifact::ArtifactReader<Info> reader(std::move(opened));
    visitor->OnHeader(reader.header(), Traits::kName, artifact::kHasFrames<Info>);
    visitor->OnInfo(reader.info());
    if constexpr (artifact::kHasFrames<Info>) {
      typename Traits::Frame frame;
      while (reader.NextFrame(&frame)) visitor->OnFrame(reader.frames_read() - 1, frame);
    }
    visitor->OnEnd(reader.frames_read());
  });
}

void CheckArtifact(const std::string& path) {
  class Discard : public ArtifactVisitor {
    void OnHeader(const schema::ArtifactHeader&, const std::string&, bool) override {}
    void OnInfo(const apache::thrift::TBase&) override {}
    void OnFrame(int64_t, const apache::thrift::TBase&) override {}
    void OnEnd(int64_t) override {}
  } discard;
  StreamArtifact(path, &discard);
}

}  // namespace dolly::inspect
