// make_frame_sources VIDEO OUT_DIR: from the frames of VIDEO (any frame
// input) writes OUT_DIR/video.avi (MPEG-4 Part 2 in AVI, a lossy container
// other than MP4, made with libavformat so the test needs no ffmpeg CLI) and
// OUT_DIR/right/ (each frame shifted 4 px left as PNGs: a stereo partner
// with a known constant disparity).
#include <iostream>

#include <opencv2/core.hpp>

#include "libs/frames/frame_input.h"
#include "libs/media/png_sequence_writer.h"
#include "libs/media/video_encoder.h"

int main(int argc, char** argv) {
  if (argc != 3) {
    std::cerr << "usage: make_frame_sources VIDEO OUT_DIR\n";
    return 2;
  }
  const std::string out = argv[2];
  const dolly::frames::Frames frames = dolly::frames::ReadAllFrames(argv[1], /*gray=*/false);
  const cv::Mat& first = frames.images.at(0);
  dolly::media::VideoEncoderOptions options;
  options.codec = "mpeg4";
  options.fallback_codec = "mjpeg";
  options.container = "avi";
  options.qscale = 2;
  auto avi = dolly::media::VideoEncoder::Open(out + "/video.avi", first.cols, first.rows,
                                              dolly::media::FrameRate{8, 1}, options);
  std::vector<cv::Mat> right;
  const int shift = 4;
  for (const cv::Mat& rgb : frames.images) {
    avi->Write(rgb);
    // right(x) = left(x + shift): a point at left column x is at x - shift.
    cv::Mat r(rgb.size(), rgb.type());
    rgb.colRange(shift, rgb.cols).copyTo(r.colRange(0, rgb.cols - shift));
    for (int x = rgb.cols - shift; x < rgb.cols; ++x) rgb.col(rgb.cols - 1).copyTo(r.col(x));
    right.push_back(r);
  }
  avi->Close();
  dolly::media::WritePngSequence(out + "/right", right);
  std::cout << frames.images.size() << " frames, AVI codec " << avi->codec_name() << "\n";
  return 0;
}
