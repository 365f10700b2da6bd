#include "libs/media/video_encoder.h"

#include <iostream>
#include <opencv2/core.hpp>

#include "libs/core/error.h"
#include "libs/fileio/atomic_file.h"
#include "libs/media/ffmpeg_util.h"

extern "C" {
#include <libavutil/display.h>
#include <libavutil/opt.h>
#include <libswscale/swscale.h>
}

namespace dolly::media {

using internal::AvErrorString;

struct VideoEncoder::State {
  std::string path;
  std::string temp_path;
  std::string codec_name;
  int width = 0, height = 0;
  int encoded_width = 0, encoded_height = 0;
  AVFormatContext* format = nullptr;
  AVStream* stream = nullptr;  // Owned by `format`.
  AVCodecContext* codec = nullptr;
  AVFrame* frame = nullptr;
  AVPacket* packet = nullptr;
  SwsContext* sws = nullptr;
  int64_t frames_written = 0;
  bool closed = false;
  bool failed = false;
  bool committed = false;

  ~State() {
    Release();
    if (!committed && !temp_path.empty()) fileio::RemoveFileQuietly(temp_path);
  }

  void Release() {
    sws_freeContext(sws);
    sws = nullptr;
    av_frame_free(&frame);
    av_packet_free(&packet);
    avcodec_free_context(&codec);
    if (format != nullptr) {
      if (format->pb != nullptr) avio_closep(&format->pb);
      avformat_free_context(format);
      format = nullptr;
    }
  }

  // Sends `input` (nullptr: end of stream) and writes every packet the
  // encoder has ready.
  void Encode(const AVFrame* input) {
    int err = avcodec_send_frame(codec, input);
    if (err < 0) {
      throw Error(
          ExitCode::kInternal,
          path + ": " + codec_name + " encoder failed: " + AvErrorString(err));
    }
    while (true) {
      err = avcodec_receive_packet(codec, packet);
      if (err == AVERROR(EAGAIN) || err == AVERROR_EOF) return;
      if (err < 0) {
        throw Error(ExitCode::kInternal,
                    path + ": " + codec_name +
                        " encoder failed: " + AvErrorString(err));
      }
      av_packet_rescale_ts(packet, codec->time_base, stream->time_base);
      packet->stream_index = stream->index;
      err = av_interleaved_write_frame(format, packet);
      if (err < 0) {
        throw IoError(path +
                      ": cannot write video data: " + AvErrorString(err));
      }
    }
  }
};

namespace {

const AVCodec* FindEncoder(const std::string& path,
                           const VideoEncoderOptions& options) {
  const AVCodec* encoder = avcodec_find_encoder_by_name(options.codec.c_str());
  if (encoder == nullptr && !options.fallback_codec.empty()) {
    encoder = avcodec_find_encoder_by_name(options.fallback_codec.c_str());
    if (encoder != nullptr) {
      std::cerr << path << ": this FFmpeg has no " << options.codec
                << " encoder; writing " << options.fallback_codec
                << " instead (larger files, lower quality)\n";
    }
  }
  if (encoder == nullptr) {
    throw ResourceError(path + ": this FFmpeg has no '" + options.codec +
                        "' video encoder");
  }
  if (encoder->type != AVMEDIA_TYPE_VIDEO) {
    throw UsageError(path + ": '" + std::string(encoder->name) +
                     "' is not a video encoder");
  }
  return encoder;
}

// 4:2:0 everywhere, since it is what players accept; MJPEG's native form is
// the full-range variant.
AVPixelFormat ChoosePixelFormat(const AVCodec* encoder) {
  if (encoder->id == AV_CODEC_ID_MJPEG) return AV_PIX_FMT_YUVJ420P;
  if (encoder->pix_fmts == nullptr) return AV_PIX_FMT_YUV420P;
  for (const AVPixelFormat* p = encoder->pix_fmts; *p != AV_PIX_FMT_NONE; ++p) {
    if (*p == AV_PIX_FMT_YUV420P) return *p;
  }
  return encoder->pix_fmts[0];
}

// Constant-quality encoding: crf where the encoder has it (x264), a fixed
// quantiser otherwise.
void SetQuality(AVCodecContext* codec, const VideoEncoderOptions& options) {
  if (av_opt_set(codec->priv_data, "crf", std::to_string(options.crf).c_str(),
                 0) >= 0) {
    av_opt_set(codec->priv_data, "preset", "medium", 0);
    // x264's macroblock-tree pass reads uninitialised memory on small frames
    // (found with MALLOC_PERTURB_: a 96x64 clip changed bytes with the heap's
    // contents); without it the output depends on the frames alone.
    av_opt_set(codec->priv_data, "x264-params", "mbtree=0", 0);
    return;
  }
  codec->flags |= AV_CODEC_FLAG_QSCALE;
  codec->global_quality = FF_QP2LAMBDA * options.qscale;
}

}  // namespace

std::unique_ptr<VideoEncoder> VideoEncoder::Open(
    const std::string& path, int width, int height, FrameRate fps,
    const VideoEncoderOptions& options) {
  if (width <= 0 || height <= 0 || width > 16384 || height > 16384) {
    throw UsageError(path + ": invalid video size " + std::to_string(width) +
                     "x" + std::to_string(height));
  }
  if (!fps.valid()) {
    throw UsageError(path + ": invalid frame rate " + std::to_string(fps.num) +
                     "/" + std::to_string(fps.den));
  }
  if (options.display_rotation % 90 != 0 || options.display_rotation < 0 ||
      options.display_rotation >= 360) {
    throw UsageError(path + ": display rotation " +
                     std::to_string(options.display_rotation) +
                     " is not 0, 90, 180 or 270");
  }
  internal::QuietFfmpegLogging();
  const AVCodec* encoder = FindEncoder(path, options);
  const AVOutputFormat* muxer =
      options.container.empty()
          ? av_guess_format(nullptr, path.c_str(), nullptr)
          : av_guess_format(options.container.c_str(), nullptr, nullptr);
  if (muxer == nullptr) {
    throw UsageError(
        path + ": unknown video container '" +
        (options.container.empty() ? "for this extension" : options.container) +
        "'");
  }
  if (avformat_query_codec(muxer, encoder->id, FF_COMPLIANCE_NORMAL) == 0) {
    throw UsageError(path + ": a " + muxer->name + " file cannot hold " +
                     encoder->name + " video");
  }

  auto s = std::make_unique<State>();
  s->path = path;
  s->codec_name = encoder->name;
  s->width = width;
  s->height = height;
  s->encoded_width = width + width % 2;
  s->encoded_height = height + height % 2;
  s->temp_path = fileio::CreateTempFileBeside(path);
  const std::string url = internal::FileUrl(s->temp_path);

  int err =
      avformat_alloc_output_context2(&s->format, muxer, nullptr, url.c_str());
  if (err < 0 ||
      (s->stream = avformat_new_stream(s->format, nullptr)) == nullptr ||
      (s->codec = avcodec_alloc_context3(encoder)) == nullptr ||
      (s->frame = av_frame_alloc()) == nullptr ||
      (s->packet = av_packet_alloc()) == nullptr) {
    throw ResourceError(path + ": out of memory setting up the encoder");
  }
  AVCodecContext* c = s->codec;
  c->width = s->encoded_width;
  c->height = s->encoded_height;
  c->pix_fmt = ChoosePixelFormat(encoder);
  c->time_base = AVRational{fps.den, fps.num};
  c->framerate = AVRational{fps.num, fps.den};
  c->sample_aspect_ratio = AVRational{1, 1};
  const bool full_range = c->pix_fmt == AV_PIX_FMT_YUVJ420P;
  // BT.601 matrix, which is also what decoders assume for untagged streams
  // (AVI and MPEG-4 Part 2 carry no tags); primaries and transfer are sRGB's,
  // since that is what the RGB frames hold.
  c->colorspace = AVCOL_SPC_SMPTE170M;
  c->color_range = full_range ? AVCOL_RANGE_JPEG : AVCOL_RANGE_MPEG;
  c->color_primaries = AVCOL_PRI_BT709;
  c->color_trc = AVCOL_TRC_IEC61966_2_1;
  if (muxer->flags & AVFMT_GLOBALHEADER) {
    c->flags |= AV_CODEC_FLAG_GLOBAL_HEADER;
  }
  SetQuality(c, options);
  err = avcodec_open2(c, encoder, nullptr);
  if (err < 0) {
    throw Error(ExitCode::kInternal, path + ": cannot open the " +
                                         s->codec_name +
                                         " encoder: " + AvErrorString(err));
  }
  err = avcodec_parameters_from_context(s->stream->codecpar, c);
  if (err < 0) {
    throw Error(ExitCode::kInternal,
                path + ": cannot set stream parameters: " + AvErrorString(err));
  }
  s->stream->time_base = c->time_base;
  s->stream->avg_frame_rate = c->framerate;
  if (options.display_rotation != 0) {
    auto* matrix = reinterpret_cast<int32_t*>(av_stream_new_side_data(
        s->stream, AV_PKT_DATA_DISPLAYMATRIX, 9 * sizeof(int32_t)));
    if (matrix == nullptr) {
      throw ResourceError(path + ": out of memory setting up the encoder");
    }
    // set() takes a clockwise angle, while get() (the reader) reports a
    // counter-clockwise one.
    av_display_rotation_set(matrix, options.display_rotation);
  }

  err = avio_open(&s->format->pb, url.c_str(), AVIO_FLAG_WRITE);
  if (err < 0) {
    throw IoError(path + ": cannot write file: " + AvErrorString(err));
  }
  err = avformat_write_header(s->format, nullptr);
  if (err < 0) {
    throw IoError(path + ": cannot write video header: " + AvErrorString(err));
  }

  s->frame->format = c->pix_fmt;
  s->frame->width = c->width;
  s->frame->height = c->height;
  err = av_frame_get_buffer(s->frame, 0);
  s->sws = sws_getContext(c->width, c->height, AV_PIX_FMT_RGB24, c->width,
                          c->height, c->pix_fmt,
                          SWS_BICUBIC | SWS_ACCURATE_RND | SWS_FULL_CHR_H_INP,
                          nullptr, nullptr, nullptr);
  if (err < 0 || s->sws == nullptr) {
    throw ResourceError(path + ": out of memory setting up the encoder");
  }
  const int* bt601 = sws_getCoefficients(SWS_CS_ITU601);
  sws_setColorspaceDetails(s->sws, bt601, 1, bt601, full_range ? 1 : 0, 0,
                           1 << 16, 1 << 16);
  return std::unique_ptr<VideoEncoder>(new VideoEncoder(std::move(s)));
}

VideoEncoder::VideoEncoder(std::unique_ptr<State> state)
    : state_(std::move(state)) {}
VideoEncoder::~VideoEncoder() = default;

void VideoEncoder::Write(const cv::Mat& rgb) {
  State& s = *state_;
  if (s.closed || s.failed) {
    throw Error(ExitCode::kInternal,
                s.path + ": Write() after Close() or after an error");
  }
  if (rgb.type() != CV_8UC3 || rgb.cols != s.width || rgb.rows != s.height) {
    throw Error(ExitCode::kInternal,
                s.path + ": frame " + std::to_string(s.frames_written) +
                    " is not a " + std::to_string(s.width) + "x" +
                    std::to_string(s.height) + " CV_8UC3 RGB image");
  }
  try {
    cv::Mat padded = rgb;
    if (s.encoded_width != s.width || s.encoded_height != s.height) {
      cv::copyMakeBorder(rgb, padded, 0, s.encoded_height - s.height, 0,
                         s.encoded_width - s.width, cv::BORDER_REPLICATE);
    }
    // The encoder may still hold a reference to the previous picture.
    int err = av_frame_make_writable(s.frame);
    if (err < 0) {
      throw ResourceError(s.path + ": out of memory: " + AvErrorString(err));
    }
    const uint8_t* src[4] = {padded.data, nullptr, nullptr, nullptr};
    const int src_stride[4] = {static_cast<int>(padded.step), 0, 0, 0};
    sws_scale(s.sws, src, src_stride, 0, s.encoded_height, s.frame->data,
              s.frame->linesize);
    s.frame->pts = s.frames_written;
    s.Encode(s.frame);
    ++s.frames_written;
  } catch (...) {
    s.failed = true;
    throw;
  }
}

void VideoEncoder::Close() {
  State& s = *state_;
  if (s.committed) return;
  if (s.closed || s.failed) {
    throw Error(ExitCode::kInternal,
                s.path + ": Close() after an earlier error");
  }
  s.closed = true;
  if (s.frames_written == 0) {
    throw UsageError(s.path +
                     ": no frames were written; not creating an "
                     "empty video");
  }
  s.Encode(nullptr);
  int err = av_write_trailer(s.format);
  if (err < 0) {
    throw IoError(s.path + ": cannot finish video file: " + AvErrorString(err));
  }
  err = avio_closep(&s.format->pb);
  if (err < 0) {
    throw IoError(s.path + ": cannot write file: " + AvErrorString(err));
  }
  fileio::CommitTempFile(s.temp_path, s.path);
  s.committed = true;
  s.Release();
}

int VideoEncoder::encoded_width() const { return state_->encoded_width; }
int VideoEncoder::encoded_height() const { return state_->encoded_height; }
const std::string& VideoEncoder::codec_name() const {
  return state_->codec_name;
}
int64_t VideoEncoder::frames_written() const { return state_->frames_written; }

}  // namespace dolly::media
