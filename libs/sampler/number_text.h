// Numbers in error messages, with every digit a double holds (a schedule
// parameter off in the 10th digit must show where).
#ifndef DOLLY_LIBS_SAMPLER_NUMBER_TEXT_H_
#define DOLLY_LIBS_SAMPLER_NUMBER_TEXT_H_

#include <sstream>
#include <string>

namespace dolly::sampler {

inline std::string Num(double value) {
  std::ostringstream out;
  out.precision(17);
  out << value;
  return out.str();
}

}  // namespace dolly::sampler

#endif  // DOLLY_LIBS_SAMPLER_NUMBER_TEXT_H_
