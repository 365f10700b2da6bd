// RGB frames for the image-based backends from whatever the user has: one
// image, a frame directory, a video file or a Video artifact.
#ifndef DOLLY_LIBS_DEPTH_FRAME_INPUT_H_
#define DOLLY_LIBS_DEPTH_FRAME_INPUT_H_

#include <memory>
#include <string>

#include "libs/media/frame_source.h"

namespace dolly::depth {

// A .png/.jpg/.jpeg file is a one-frame source, a .dolly file a Video
// artifact (read frame by frame), anything else goes to
// media::OpenFrameSource. Throws IoError for a missing path.
std::unique_ptr<media::FrameSource> OpenRgbInput(const std::string& path);

}  // namespace dolly::depth

#endif  // DOLLY_LIBS_DEPTH_FRAME_INPUT_H_
