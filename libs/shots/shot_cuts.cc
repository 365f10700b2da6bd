#include "libs/shots/shot_cuts.h"

#include <algorithm>
#include <deque>
#include <optional>
#include <stdexcept>

#include "libs/shots/motion_continuity.h"
#include "libs/shots/shot_frame.h"

namespace dolly::shots {
namespace {

// Frames of the current shot whose cues set the adaptive thresholds.
constexpr size_t kHistory = 8;

double Median(std::deque<double> v) {
  if (v.empty()) return 0.0;
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

}  // namespace

struct ShotCutDetector::Impl {
  ShotCutParams params;
  std::optional<ShotFrame> previous;
  int frame = -1;
  int shot_start = 0;
  std::deque<double> continuity;  // recent frames of this shot
  std::deque<double> chroma;
  ShotCutCues cues;

  bool IsCut(const ShotFrame& current) {
    const MotionContinuity m = MeasureContinuity(*previous, current, ContinuityParams{});
    cues = ShotCutCues{};
    cues.corners = m.seeded;
    cues.tracked = m.tracked;
    cues.consistent = m.consistent;
    cues.in_view = m.in_view;
    cues.continuity = m.fraction();
    cues.recent_continuity = Median(continuity);
    cues.chroma_distance = ChromaDistance(previous->chroma, current.chroma);
    const double recent_chroma = Median(chroma);
    const bool colour_jump = cues.chroma_distance > params.chroma_floor &&
                             cues.chroma_distance > params.chroma_ratio * recent_chroma;
    if (m.seeded < params.min_corners) {
      return colour_jump && cues.chroma_distance > 2.0 * params.chroma_floor;
    }
    const bool drop =
        continuity.empty() || cues.continuity < params.relative_drop * cues.recent_continuity;
    return drop && (cues.continuity < params.cut_fraction ||
                    (colour_jump && cues.continuity < params.confirmed_fraction));
  }

  void Remember() {
    continuity.push_back(cues.continuity);
    chroma.push_back(cues.chroma_distance);
    if (continuity.size() > kHistory) continuity.pop_front();
    if (chroma.size() > kHistory) chroma.pop_front();
  }
};

ShotCutDetector::ShotCutDetector(const ShotCutParams& params) : impl_(std::make_unique<Impl>()) {
  impl_->params = params;
}

ShotCutDetector::~ShotCutDetector() = default;

const ShotCutCues& ShotCutDetector::last_cues() const { return impl_->cues; }

bool ShotCutDetector::Push(const cv::Mat& frame) {
  Impl& s = *impl_;
  ShotFrame current = MakeShotFrame(frame, s.params.working_width, s.params.max_corners);
  ++s.frame;
  bool cut = false;
  if (s.previous) {
    if (s.previous->grey.size() != current.grey.size()) {
      throw std::invalid_argument("shot cuts: every frame must have the same size");
    }
    const bool candidate = s.IsCut(current);
    cut = candidate && s.frame - s.shot_start >= s.params.min_shot_frames;
    s.cues.cut = cut;
    if (cut) {
      // The new shot's own frames set its thresholds.
      s.shot_start = s.frame;
      s.continuity.clear();
      s.chroma.clear();
    } else if (!candidate) {
      // A cut too close to the last one to report must not lower the
      // reference the next frames are compared with.
      s.Remember();
    }
  }
  s.previous = std::move(current);
  return cut;
}

std::vector<int> DetectShotCuts(const std::vector<cv::Mat>& frames, const ShotCutParams& params) {
  ShotCutDetector detector(params);
  std::vector<int> cuts;
  for (size_t i = 0; i < frames.size(); ++i) {
    if (detector.Push(frames[i])) cuts.push_back(static_cast<int>(i));
  }
  return cuts;
}

}  // namespace dolly::shots
