// TrackSet artifacts (schemas/tracks.thrift) -> per-frame track positions and
// visibility. Kept apart from //libs/track (which links LibTorch) so that
// readers of TrackSets need not.
#ifndef DOLLY_LIBS_TRACK_ARTIFACT_CONVERT_H_
#define DOLLY_LIBS_TRACK_ARTIFACT_CONVERT_H_

#include <cstdint>
#include <string>
#include <vector>

#include <Eigen/Core>

#include "libs/artifact/artifact_io.h"
#include "schemas/tracks_types.h"

namespace dolly::track {

using TrackSetArtifact = artifact::Artifact<schema::TrackSetInfo>;

struct TrackFramePositions {
  // [frame][track]: pixel position (NaN where unknown) and visibility (0/1).
  std::vector<std::vector<Eigen::Vector2f>> positions;
  std::vector<std::vector<uint8_t>> visible;
};

// The positions (FLOAT32 [N, 2], N = info.track_count, 0 when unset) and
// visibility (UINT8 [N]; every track visible when a frame has none) of every
// frame of `tracks`. Visibility is clamped to 0/1 and a track whose position
// is not finite is never visible. Throws InvalidInputError naming `path` and
// the frame when a frame has no positions or a tensor has the wrong dtype or
// shape.
TrackFramePositions ReadTrackFramePositions(const TrackSetArtifact& tracks,
                                            const std::string& path);

}  // namespace dolly::track

#endif  // DOLLY_LIBS_TRACK_ARTIFACT_CONVERT_H_
