#include "libs/media/frame_source.h"

#include <filesystem>
#include <system_error>

#include "libs/media/frame_directory_reader.h"
#include "libs/media/video_reader.h"

namespace dolly::media {

std::unique_ptr<FrameSource> OpenFrameSource(const std::string& path,
                                             double directory_fps) {
  std::error_code error;
  if (std::filesystem::is_directory(path, error)) {
    return FrameDirectoryReader::Open(path, directory_fps);
  }
  return VideoReader::Open(path);
}

}  // namespace dolly::media
