#define BOOST_TEST_MODULE sha256
#include <boost/test/unit_test.hpp>

#include <string>

#include "libs/core/sha256.h"

namespace dolly {

// Test vectors from FIPS 180-4's examples (NIST CSRC).
BOOST_AUTO_TEST_CASE(known_vectors) {
  BOOST_TEST(Sha256Hex("") ==
             "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  BOOST_TEST(Sha256Hex("abc") ==
             "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  BOOST_TEST(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
             "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  BOOST_TEST(Sha256Hex(std::string(1000000, 'a')) ==
             "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

BOOST_AUTO_TEST_CASE(incremental_updates_match_one_shot) {
  std::string text;
  for (int i = 0; i < 300; ++i) text += static_cast<char>(i * 7);
  Sha256 hash;
  for (size_t i = 0; i < text.size(); i += 13) hash.Update(text.data() + i, std::min<size_t>(13, text.size() - i));
  BOOST_TEST(hash.HexDigest() == Sha256Hex(text));
}

}  // namespace dolly
