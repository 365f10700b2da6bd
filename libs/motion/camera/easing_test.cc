#define BOOST_TEST_MODULE easing_test
#include "libs/motion/camera/easing.h"

#include <boost/test/unit_test.hpp>
#include <cmath>
#include <string>

#include "libs/core/error.h"

namespace dolly::motion {
namespace {

// Polynomials evaluated in double: 1e-15 absolute.
constexpr double kTol = 1e-15;
constexpr Easing kAll[] = {Easing::kLinear, Easing::kEaseIn, Easing::kEaseOut, Easing::kEaseInOut};

BOOST_AUTO_TEST_CASE(EndpointsAreExact) {
  for (Easing e : kAll) {
    BOOST_TEST(Ease(e, 0.0) == 0.0);
    BOOST_TEST(Ease(e, 1.0) == 1.0);
    // Outside [0, 1] clamps instead of extrapolating.
    BOOST_TEST(Ease(e, -0.5) == 0.0);
    BOOST_TEST(Ease(e, 1.5) == 1.0);
  }
}

BOOST_AUTO_TEST_CASE(CurvesAreMonotonic) {
  for (Easing e : kAll) {
    double previous = Ease(e, 0.0);
    for (int i = 1; i <= 1000; ++i) {
      const double value = Ease(e, i / 1000.0);
      BOOST_TEST(value >= previous, EasingName(e) << " decreases at " << i);
      previous = value;
    }
  }
}

BOOST_AUTO_TEST_CASE(HandComputedValues) {
  BOOST_TEST(std::abs(Ease(Easing::kLinear, 0.3) - 0.3) < kTol);
  BOOST_TEST(std::abs(Ease(Easing::kEaseIn, 0.5) - 0.25) < kTol);
  BOOST_TEST(std::abs(Ease(Easing::kEaseOut, 0.5) - 0.75) < kTol);
  // 3 (1/4)^2 - 2 (1/4)^3 = 3/16 - 1/32 = 5/32.
  BOOST_TEST(std::abs(Ease(Easing::kEaseInOut, 0.25) - 5.0 / 32.0) < kTol);
  BOOST_TEST(std::abs(Ease(Easing::kEaseInOut, 0.5) - 0.5) < kTol);
}

BOOST_AUTO_TEST_CASE(NamesRoundTripAndUnknownNamesAreReported) {
  for (Easing e : kAll) BOOST_TEST((ParseEasing(EasingName(e)) == e));
  BOOST_TEST(EasingName(Easing::kEaseInOut) == "ease_in_out");
  try {
    ParseEasing("bouncy");
    BOOST_FAIL("expected InvalidInputError");
  } catch (const InvalidInputError& error) {
    const std::string message = error.what();
    BOOST_TEST(message.rfind("easing 'bouncy'", 0) == 0);
    BOOST_TEST(message.find("ease_in_out") != std::string::npos);
  }
}

}  // namespace
}  // namespace dolly::motion
