#include "libs/track/video_frames.h"

#include "libs/core/error.h"
#include "libs/frames/frame_input.h"

namespace dolly::track {

GrayVideo ReadGrayVideo(const std::string& path, bool gray) {
  frames::Frames all = frames::ReadAllFrames(path, gray);
  GrayVideo video;
  video.fps = all.fps;
  video.frames = std::move(all.images);
  // Every frame source refuses a size change, so only the count is left.
  if (video.frames.size() < 2) {
    throw InvalidInputError(path + ": has " + std::to_string(video.frames.size()) +
                            " frame(s); tracking needs at least 2");
  }
  return video;
}

}  // namespace dolly::track
