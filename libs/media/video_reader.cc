#include "libs/media/video_reader.h"

#include <sys/stat.h>

#include <cerrno>
#include <cmath>
#include <cstring>
#include <opencv2/core.hpp>

#include "libs/core/error.h"
#include "libs/media/ffmpeg_util.h"

extern "C" {
#include <libavutil/display.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

namespace dolly::media {

using internal::AvErrorString;

struct VideoReader::State {
  std::string path;
  AVFormatContext* format = nullptr;
  AVCodecContext* codec = nullptr;
  AVPacket* packet = nullptr;
  AVFrame* frame = nullptr;
  SwsContext* sws = nullptr;
  int sws_colour_key = -1;  // Input format and YUV tags sws is set up for.
  int stream_index = -1;
  int rotation = 0;  // Clockwise degrees to display: 0, 90, 180 or 270.
  int coded_width = 0, coded_height = 0;
  double fps = 0.0;
  int64_t frame_count_hint = -1;
  bool flushed = false;  // The decoder has been told the input ended.
  int64_t frames_decoded = 0;
  cv::Mat first_frame;  // Decoded by Open(), handed out by the first Next().

  ~State() {
    sws_freeContext(sws);
    av_frame_free(&frame);
    av_packet_free(&packet);
    avcodec_free_context(&codec);
    avformat_close_input(&format);
  }

  InvalidInputError Corrupt(int err) const {
    return InvalidInputError(path + ": corrupt video data after frame " +
                             std::to_string(frames_decoded) + ": " +
                             AvErrorString(err));
  }

  // Fills `frame` with the next decoded picture; false once drained.
  bool Decode() {
    while (true) {
      int err = avcodec_receive_frame(codec, frame);
      if (err == 0) {
        ++frames_decoded;
        return true;
      }
      if (err == AVERROR_EOF) return false;
      if (err != AVERROR(EAGAIN)) throw Corrupt(err);
      if (flushed) return false;

      err = av_read_frame(format, packet);
      if (err == AVERROR_EOF) {
        // Pictures held back for reordering come out only after a flush.
        flushed = true;
        avcodec_send_packet(codec, nullptr);
        continue;
      }
      if (err == AVERROR(EIO)) {
        throw IoError(path + ": cannot read: " + AvErrorString(err));
      }
      if (err < 0) throw Corrupt(err);
      if (packet->stream_index != stream_index) {
        av_packet_unref(packet);
        continue;
      }
      // The demuxer flags packets cut short by the end of a truncated file.
      const bool corrupt = packet->flags & AV_PKT_FLAG_CORRUPT;
      err = avcodec_send_packet(codec, packet);
      av_packet_unref(packet);
      if (corrupt) throw Corrupt(AVERROR_INVALIDDATA);
      // Damage the decoder can conceal is concealed, as in FFmpeg's own
      // tools; damage it reports would silently drop frames if skipped.
      if (err < 0) throw Corrupt(err);
    }
  }

  cv::Mat ConvertFrame() {
    if (frame->width != coded_width || frame->height != coded_height) {
      throw InvalidInputError(
          path + ": frame size changes mid-stream at frame " +
          std::to_string(frames_decoded) + " (" + std::to_string(frame->width) +
          "x" + std::to_string(frame->height) + ", first frame " +
          std::to_string(coded_width) + "x" + std::to_string(coded_height) +
          ")");
    }
    const auto format = static_cast<AVPixelFormat>(frame->format);
    // No scaling happens; these flags make the chroma upsampling and the
    // rounding exact instead of the fast nearest-neighbour path.
    sws = sws_getCachedContext(
        sws, frame->width, frame->height, format, frame->width, frame->height,
        AV_PIX_FMT_RGB24, SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INT,
        nullptr, nullptr, nullptr);
    if (sws == nullptr) {
      throw InvalidInputError(path + ": unsupported pixel format " +
                              std::string(av_get_pix_fmt_name(format)
                                              ? av_get_pix_fmt_name(format)
                                              : "unknown"));
    }
    // Honour the stream's YUV matrix and range tags (sws assumes
    // limited-range BT.601 otherwise); yuvj* formats are full range.
    const int colorspace =
        frame->colorspace < 11 ? frame->colorspace : SWS_CS_DEFAULT;
    const int full_range = frame->color_range == AVCOL_RANGE_JPEG ||
                           format == AV_PIX_FMT_YUVJ420P ||
                           format == AV_PIX_FMT_YUVJ422P ||
                           format == AV_PIX_FMT_YUVJ444P;
    const int colour_key = (format * 16 + colorspace) * 2 + full_range;
    if (colour_key != sws_colour_key) {
      sws_setColorspaceDetails(sws, sws_getCoefficients(colorspace), full_range,
                               sws_getCoefficients(SWS_CS_DEFAULT), 1, 0,
                               1 << 16, 1 << 16);
      sws_colour_key = colour_key;
    }
    cv::Mat rgb(frame->height, frame->width, CV_8UC3);
    uint8_t* dst[4] = {rgb.data, nullptr, nullptr, nullptr};
    int dst_stride[4] = {static_cast<int>(rgb.step), 0, 0, 0};
    sws_scale(sws, frame->data, frame->linesize, 0, frame->height, dst,
              dst_stride);
    av_frame_unref(frame);
    if (rotation == 0) return rgb;
    cv::Mat rotated;
    cv::rotate(rgb, rotated,
               rotation == 90    ? cv::ROTATE_90_CLOCKWISE
               : rotation == 180 ? cv::ROTATE_180
                                 : cv::ROTATE_90_COUNTERCLOCKWISE);
    return rotated;
  }
};

namespace {

// The display matrix stores a counter-clockwise angle; snap it to the
// quarter turns that phones write.
int DisplayRotation(const AVStream* stream) {
  const uint8_t* matrix =
      av_stream_get_side_data(stream, AV_PKT_DATA_DISPLAYMATRIX, nullptr);
  if (matrix == nullptr) return 0;
  const double degrees =
      -av_display_rotation_get(reinterpret_cast<const int32_t*>(matrix));
  if (std::isnan(degrees)) return 0;
  const int quarter = static_cast<int>(std::lround(degrees / 90.0));
  return ((quarter % 4) + 4) % 4 * 90;
}

void CheckReadableFile(const std::string& path) {
  struct stat info;
  if (stat(path.c_str(), &info) != 0) {
    throw IoError(path + ": cannot open: " + std::strerror(errno));
  }
  if (S_ISDIR(info.st_mode)) {
    throw IoError(path + ": cannot open: is a directory, not a video file");
  }
  FILE* file = std::fopen(path.c_str(), "rb");
  if (file == nullptr) {
    throw IoError(path + ": cannot open: " + std::strerror(errno));
  }
  std::fclose(file);
  if (S_ISREG(info.st_mode) && info.st_size == 0) {
    throw InvalidInputError(path + ": empty file, not a video");
  }
}

}  // namespace

std::unique_ptr<VideoReader> VideoReader::Open(const std::string& path) {
  internal::QuietFfmpegLogging();
  CheckReadableFile(path);
  auto s = std::make_unique<State>();
  s->path = path;

  // Only local files: a playlist or concat script must not make FFmpeg open
  // network URLs or other protocols.
  AVDictionary* options = nullptr;
  av_dict_set(&options, "protocol_whitelist", "file", 0);
  int err = avformat_open_input(&s->format, internal::FileUrl(path).c_str(),
                                nullptr, &options);
  av_dict_free(&options);
  if (err < 0) {
    throw InvalidInputError(
        path + ": not a readable video file: " + AvErrorString(err));
  }
  err = avformat_find_stream_info(s->format, nullptr);
  if (err < 0) {
    throw InvalidInputError(
        path + ": cannot read stream information: " + AvErrorString(err));
  }
  const AVCodec* decoder = nullptr;
  err = av_find_best_stream(s->format, AVMEDIA_TYPE_VIDEO, -1, -1, &decoder, 0);
  if (err == AVERROR_STREAM_NOT_FOUND) {
    throw InvalidInputError(path + ": no video stream");
  }
  if (err < 0 || decoder == nullptr) {
    throw InvalidInputError(
        path + ": no decoder for its video stream: " + AvErrorString(err));
  }
  s->stream_index = err;
  AVStream* stream = s->format->streams[s->stream_index];
  if (stream->disposition & AV_DISPOSITION_ATTACHED_PIC) {
    throw InvalidInputError(path + ": no video stream (only a cover picture)");
  }
  for (unsigned i = 0; i < s->format->nb_streams; ++i) {
    if (static_cast<int>(i) != s->stream_index) {
      s->format->streams[i]->discard = AVDISCARD_ALL;
    }
  }

  s->codec = avcodec_alloc_context3(decoder);
  s->packet = av_packet_alloc();
  s->frame = av_frame_alloc();
  if (s->codec == nullptr || s->packet == nullptr || s->frame == nullptr) {
    throw ResourceError(path + ": out of memory opening the decoder");
  }
  err = avcodec_parameters_to_context(s->codec, stream->codecpar);
  if (err >= 0) {
    s->codec->pkt_timebase = stream->time_base;
    s->codec->thread_count = 0;  // One per core.
    err = avcodec_open2(s->codec, decoder, nullptr);
  }
  if (err < 0) {
    throw InvalidInputError(path + ": cannot open the " + decoder->name +
                            " decoder: " + AvErrorString(err));
  }

  const AVRational rate = av_guess_frame_rate(s->format, stream, nullptr);
  s->fps = rate.num > 0 && rate.den > 0 ? av_q2d(rate) : 0.0;
  if (stream->nb_frames > 0) {
    s->frame_count_hint = stream->nb_frames;
  } else if (stream->duration > 0 && s->fps > 0) {
    s->frame_count_hint =
        std::llround(stream->duration * av_q2d(stream->time_base) * s->fps);
  }
  s->rotation = DisplayRotation(stream);

  if (!s->Decode()) {
    throw InvalidInputError(path + ": no decodable video frames");
  }
  s->coded_width = s->frame->width;
  s->coded_height = s->frame->height;
  s->first_frame = s->ConvertFrame();
  return std::unique_ptr<VideoReader>(new VideoReader(std::move(s)));
}

VideoReader::VideoReader(std::unique_ptr<State> state)
    : state_(std::move(state)) {}
VideoReader::~VideoReader() = default;

int VideoReader::width() const {
  return state_->rotation % 180 == 0 ? state_->coded_width
                                     : state_->coded_height;
}

int VideoReader::height() const {
  return state_->rotation % 180 == 0 ? state_->coded_height
                                     : state_->coded_width;
}

double VideoReader::fps() const { return state_->fps; }

int64_t VideoReader::frame_count_hint() const {
  return state_->frame_count_hint;
}

bool VideoReader::Next(cv::Mat* rgb) {
  if (!state_->first_frame.empty()) {
    *rgb = std::move(state_->first_frame);
    state_->first_frame = cv::Mat();
    return true;
  }
  if (!state_->Decode()) return false;
  *rgb = state_->ConvertFrame();
  return true;
}

}  // namespace dolly::media
