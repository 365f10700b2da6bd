#define BOOST_TEST_MODULE monocular_degenerate_test
#include <boost/test/unit_test.hpp>

#include "libs/odometry/mono/mono_test_util.h"

namespace dolly::odometry::mono::testing {
namespace {

BOOST_AUTO_TEST_CASE(Placeholder) { BOOST_TEST(true); }

}  // namespace
}  // namespace dolly::odometry::mono::testing
