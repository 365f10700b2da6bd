#define BOOST_TEST_MODULE two_view_test
#include <boost/test/unit_test.hpp>

#include "libs/odometry/mono/two_view.h"

namespace dolly::odometry::mono {
namespace {
BOOST_AUTO_TEST_CASE(Placeholder) { BOOST_TEST(true); }
}  // namespace
}  // namespace dolly::odometry::mono
