// Checks for dolly's error contract: the right exception type (hence exit
// code) and a message that names the offending path.
#ifndef DOLLY_LIBS_MEDIA_TESTING_CHECK_ERROR_H_
#define DOLLY_LIBS_MEDIA_TESTING_CHECK_ERROR_H_

#include <boost/test/unit_test.hpp>
#include <string>

namespace dolly::media::testing {

// Runs `fn`, which must throw `Expected` (another type fails the test case
// by escaping), with a message that contains `path`.
template <typename Expected, typename Fn>
void CheckThrowsNaming(Fn fn, const std::string& path) {
  try {
    fn();
    BOOST_ERROR("no exception; expected one naming " + path);
  } catch (const Expected& e) {
    const std::string message = e.what();
    BOOST_TEST(message.find(path) != std::string::npos,
               "message '" << message << "' does not name " << path);
    BOOST_TEST(message.find('\n') == std::string::npos,
               "message '" << message << "' is not one line");
  }
}

}  // namespace dolly::media::testing

#endif  // DOLLY_LIBS_MEDIA_TESTING_CHECK_ERROR_H_
