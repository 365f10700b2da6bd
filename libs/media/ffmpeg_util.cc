#include "libs/media/ffmpeg_util.h"

#include <cstdlib>
#include <mutex>

namespace dolly::media::internal {

std::string AvErrorString(int errnum) {
  char buffer[AV_ERROR_MAX_STRING_SIZE] = {0};
  av_strerror(errnum, buffer, sizeof(buffer));
  return buffer;
}

void QuietFfmpegLogging() {
  static std::once_flag once;
  // Every failure reaches the user as one dolly error line naming the file;
  // FFmpeg's own error lines would break that contract. DOLLY_FFMPEG_LOG=1
  // brings them back for debugging.
  std::call_once(once, [] {
    const char* verbose = std::getenv("DOLLY_FFMPEG_LOG");
    av_log_set_level(verbose != nullptr && verbose[0] == '1' ? AV_LOG_ERROR : AV_LOG_QUIET);
  });
}

std::string FileUrl(const std::string& path) { return "file:" + path; }

}  // namespace dolly::media::internal
