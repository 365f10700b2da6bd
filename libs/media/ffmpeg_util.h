// Internal helpers shared by the FFmpeg-based reader and encoder; not part of
// the public API (FFmpeg headers stay out of the public headers).
#ifndef DOLLY_LIBS_MEDIA_FFMPEG_UTIL_H_
#define DOLLY_LIBS_MEDIA_FFMPEG_UTIL_H_

#include <string>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/avutil.h>
}

namespace dolly::media::internal {

// FFmpeg's av_err2str macro is C-only (compound literal).
std::string AvErrorString(int errnum);

// FFmpeg logs at INFO by default, which would bury dolly's one-line errors
// and progress on stderr. Safe to call from any thread, any number of times.
void QuietFfmpegLogging();

// Prefixing "file:" keeps a path that contains a colon from being taken for
// a URL or another protocol.
std::string FileUrl(const std::string& path);

}  // namespace dolly::media::internal

#endif  // DOLLY_LIBS_MEDIA_FFMPEG_UTIL_H_
