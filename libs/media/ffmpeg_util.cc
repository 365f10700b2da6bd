#include "libs/media/ffmpeg_util.h"

#include <mutex>

namespace dolly::media::internal {

std::string AvErrorString(int errnum) {
  char buffer[AV_ERROR_MAX_STRING_SIZE] = {0};
  av_strerror(errnum, buffer, sizeof(buffer));
  return buffer;
}

void QuietFfmpegLogging() {
  static std::once_flag once;
  std::call_once(once, [] { av_log_set_level(AV_LOG_ERROR); });
}

std::string FileUrl(const std::string& path) { return "file:" + path; }

}  // namespace dolly::media::internal
