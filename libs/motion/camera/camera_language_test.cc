#define BOOST_TEST_MODULE camera_language_test
#include "libs/motion/camera/camera_language.h"

#include <boost/test/unit_test.hpp>
#include <algorithm>
#include <ostream>
#include <string>
#include <vector>

#include "libs/core/error.h"

namespace dolly::motion {

std::ostream& operator<<(std::ostream& out, const CameraSegment& s) {
  return out << "{" << PresetName(s.preset) << " " << s.magnitude << " [" << s.start_frame << ", "
             << s.end_frame << ") " << EasingName(s.easing) << (s.in_metres ? " m" : "") << "}";
}

namespace {

constexpr int kFrames = 17;

CameraSegment Seg(CameraPreset preset, double magnitude, int start = 0, int end = kFrames,
                  Easing easing = Easing::kLinear, bool in_metres = false) {
  CameraSegment s;
  s.preset = preset;
  s.magnitude = magnitude;
  s.start_frame = start;
  s.end_frame = end;
  s.easing = easing;
  s.in_metres = in_metres;
  return s;
}

void Expect(const std::string& text, const std::vector<CameraSegment>& expected,
            int frames = kFrames) {
  const std::vector<CameraSegment> got = ParseCameraLanguage(text, frames);
  BOOST_TEST(got.size() == expected.size(), text);
  for (std::size_t i = 0; i < std::min(got.size(), expected.size()); ++i) {
    BOOST_TEST((got[i] == expected[i]),
               text << ": segment " << i << " is " << got[i] << ", expected " << expected[i]);
  }
}

std::string ErrorOf(const std::string& text, int frames = kFrames) {
  try {
    ParseCameraLanguage(text, frames);
  } catch (const InvalidInputError& error) {
    return error.what();
  }
  BOOST_FAIL("expected InvalidInputError for: " << text);
  return "";
}

BOOST_AUTO_TEST_CASE(BriefExamples) {
  Expect("arc left 30 degrees", {Seg(CameraPreset::kOrbitLeft, 30)});
  Expect("orbit right then dolly in 0.5",
         {Seg(CameraPreset::kOrbitRight, 30, 0, 9), Seg(CameraPreset::kDollyIn, 0.5, 8, 17)});
  Expect("pan left 10 degrees while tilting up",
         {Seg(CameraPreset::kPanLeft, 10), Seg(CameraPreset::kTiltUp, 15)});
  Expect("zoom in 1.5x", {Seg(CameraPreset::kZoom, 1.5)});
  Expect("the camera arcs left", {Seg(CameraPreset::kOrbitLeft, 30)});
  Expect("slowly pan right", {Seg(CameraPreset::kPanRight, 15, 0, kFrames, Easing::kEaseInOut)});
  Expect("dolly out 2 m", {Seg(CameraPreset::kDollyOut, 2, 0, kFrames, Easing::kLinear, true)});
  Expect("roll 15 degrees", {Seg(CameraPreset::kRoll, 15)});
  Expect("shake", {Seg(CameraPreset::kShake, 2)});
}

BOOST_AUTO_TEST_CASE(SynonymsAndUnits) {
  Expect("Arc left 30 deg.", {Seg(CameraPreset::kOrbitLeft, 30)});
  Expect("orbiting left 30\xc2\xb0", {Seg(CameraPreset::kOrbitLeft, 30)});
  Expect("orbit up", {Seg(CameraPreset::kOrbitUp, 30)});
  Expect("push in", {Seg(CameraPreset::kDollyIn, 0.5)});
  Expect("move in 0.25 units", {Seg(CameraPreset::kDollyIn, 0.25)});
  Expect("pull out", {Seg(CameraPreset::kDollyOut, 0.5)});
  Expect("pull back 1 metre", {Seg(CameraPreset::kDollyOut, 1, 0, kFrames, Easing::kLinear, true)});
  Expect("track left", {Seg(CameraPreset::kTruckLeft, 0.5)});
  Expect("truck right 0.2", {Seg(CameraPreset::kTruckRight, 0.2)});
  Expect("crane up", {Seg(CameraPreset::kPedestalUp, 0.5)});
  Expect("boom down", {Seg(CameraPreset::kPedestalDown, 0.5)});
  Expect("pedestal up 0.1", {Seg(CameraPreset::kPedestalUp, 0.1)});
  Expect("tilt down 5", {Seg(CameraPreset::kTiltDown, 5)});
  Expect("roll counterclockwise 10 degrees", {Seg(CameraPreset::kRoll, -10)});
  Expect("zoom out 2x", {Seg(CameraPreset::kZoom, 0.5)});
  Expect("zoom in", {Seg(CameraPreset::kZoom, 1.5)});
  Expect("pan 20 degrees left", {Seg(CameraPreset::kPanLeft, 20)});
  Expect("the camera stays still", {Seg(CameraPreset::kStill, 0)});
}

BOOST_AUTO_TEST_CASE(EasingWords) {
  Expect("pan left quickly", {Seg(CameraPreset::kPanLeft, 15, 0, kFrames, Easing::kLinear)});
  Expect("smoothly dolly in", {Seg(CameraPreset::kDollyIn, 0.5, 0, kFrames, Easing::kEaseInOut)});
  Expect("dolly in, ease in", {Seg(CameraPreset::kDollyIn, 0.5, 0, kFrames, Easing::kEaseIn)});
  Expect("ease out pan right", {Seg(CameraPreset::kPanRight, 15, 0, kFrames, Easing::kEaseOut)});
  Expect("tilt up ease in and out",
         {Seg(CameraPreset::kTiltUp, 15, 0, kFrames, Easing::kEaseInOut)});
  // An easing word after "then" belongs to the next move only.
  Expect("pan left then slowly tilt up",
         {Seg(CameraPreset::kPanLeft, 15, 0, 9),
          Seg(CameraPreset::kTiltUp, 15, 8, 17, Easing::kEaseInOut)});
}

BOOST_AUTO_TEST_CASE(SequencesAndSimultaneousMoves) {
  // 10 frames, 3 steps: boundaries 0, 3, 6, 9.
  Expect("Pan left, then tilt up, and then dolly in",
         {Seg(CameraPreset::kPanLeft, 15, 0, 4), Seg(CameraPreset::kTiltUp, 15, 3, 7),
          Seg(CameraPreset::kDollyIn, 0.5, 6, 10)},
         10);
  Expect("pan right and at the same time tilt down",
         {Seg(CameraPreset::kPanRight, 15), Seg(CameraPreset::kTiltDown, 15)});
  Expect("dolly in as the camera pans left",
         {Seg(CameraPreset::kDollyIn, 0.5), Seg(CameraPreset::kPanLeft, 15)});
  Expect("orbit left 20 while dolly in then still",
         {Seg(CameraPreset::kOrbitLeft, 20, 0, 9), Seg(CameraPreset::kDollyIn, 0.5, 0, 9),
          Seg(CameraPreset::kStill, 0, 8, 17)});
}

BOOST_AUTO_TEST_CASE(UnknownWordsAreNamedWithTheirPosition) {
  const std::string message = ErrorOf("pan left then zoomz in");
  BOOST_TEST(message.rfind("'zoomz' (word 4)", 0) == 0, message);
  BOOST_TEST(message.find("accepted words") != std::string::npos, message);
  BOOST_TEST(message.find("orbit") != std::string::npos, message);
  BOOST_TEST(message.find("dolly") != std::string::npos, message);
  BOOST_TEST(ErrorOf("spin around").rfind("'spin' (word 1)", 0) == 0);
}

BOOST_AUTO_TEST_CASE(MisfitsAreRejected) {
  BOOST_TEST(ErrorOf("pan up").find("'pan'") != std::string::npos);
  BOOST_TEST(ErrorOf("orbit").find("'orbit'") != std::string::npos);
  BOOST_TEST(ErrorOf("pan left 10 m").rfind("'m'", 0) == 0);
  BOOST_TEST(ErrorOf("zoom in 2 degrees").rfind("'degrees'", 0) == 0);
  BOOST_TEST(ErrorOf("30 degrees").rfind("'30'", 0) == 0);
  BOOST_TEST(ErrorOf("pan left -10").rfind("'-10' (word 3)", 0) == 0);
  BOOST_TEST(ErrorOf("then pan left").rfind("'then'", 0) == 0);
  BOOST_TEST(ErrorOf("pan left then").find("then") != std::string::npos);
  BOOST_TEST(ErrorOf("the camera").find("no camera move") != std::string::npos);
  BOOST_TEST(ErrorOf("pan left then tilt up", 2).find("at least 3 frames") != std::string::npos);
}

}  // namespace
}  // namespace dolly::motion
