#include "libs/track/artifact_convert.h"

#include <utility>

#include "libs/core/error.h"
#include "libs/tensor/tensor.h"

namespace dolly::track {

TrackFramePositions ReadTrackFramePositions(const TrackSetArtifact& tracks,
                                            const std::string& path) {
  TrackFramePositions out;
  const int64_t n = tracks.info.__isset.track_count ? tracks.info.track_count : 0;
  for (size_t f = 0; f < tracks.frames.size(); ++f) {
    const schema::TrackFrame& frame = tracks.frames[f];
    const std::string where = path + ": frame " + std::to_string(f);
    if (!frame.__isset.positions) throw InvalidInputError(where + ": no positions");
    CheckTensor(frame.positions, where + ": positions", schema::DType::FLOAT32, {n, 2});
    const float* p = TensorData<float>(frame.positions);
    std::vector<Eigen::Vector2f> positions(n);
    std::vector<uint8_t> visible(n, 1);
    for (int64_t i = 0; i < n; ++i) positions[i] = {p[2 * i], p[2 * i + 1]};
    if (frame.__isset.visibility) {
      CheckTensor(frame.visibility, where + ": visibility", schema::DType::UINT8, {n});
      const uint8_t* v = TensorData<uint8_t>(frame.visibility);
      visible.assign(v, v + n);
    }
    // Unknown positions are never visible.
    for (int64_t i = 0; i < n; ++i) {
      if (!positions[i].allFinite()) visible[i] = 0;
      if (visible[i] > 1) visible[i] = 1;
    }
    out.positions.push_back(std::move(positions));
    out.visible.push_back(std::move(visible));
  }
  return out;
}

}  // namespace dolly::track
