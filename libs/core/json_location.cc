#include "libs/core/json_location.h"

#include <algorithm>
#include <cctype>
#include <cstdlib>

namespace dolly {
namespace {

// A forward-only walk over JSON text; every method leaves `pos` after what it
// consumed and returns false on text it cannot follow.
class Walker {
 public:
  explicit Walker(const std::string& text) : text_(text) {}

  size_t pos() const { return pos_; }

  void SkipSpace() {
    while (pos_ < text_.size() && std::isspace(static_cast<unsigned char>(text_[pos_]))) ++pos_;
  }

  bool Peek(char c) {
    SkipSpace();
    return pos_ < text_.size() && text_[pos_] == c;
  }

  bool Eat(char c) {
    if (!Peek(c)) return false;
    ++pos_;
    return true;
  }

  // A string's raw content (escapes other than \" and \\ are kept as written:
  // keys that need them are compared in their written form).
  bool String(std::string* out) {
    if (!Eat('"')) return false;
    out->clear();
    while (pos_ < text_.size() && text_[pos_] != '"') {
      if (text_[pos_] == '\\' && pos_ + 1 < text_.size()) {
        const char next = text_[pos_ + 1];
        if (next == '"' || next == '\\') {
          out->push_back(next);
        } else {
          out->push_back('\\');
          out->push_back(next);
        }
        pos_ += 2;
        continue;
      }
      out->push_back(text_[pos_++]);
    }
    return Eat('"');
  }

  bool SkipValue() {
    SkipSpace();
    if (pos_ >= text_.size()) return false;
    const char c = text_[pos_];
    std::string ignored;
    if (c == '"') return String(&ignored);
    if (c == '{' || c == '[') {
      const char close = c == '{' ? '}' : ']';
      ++pos_;
      if (Eat(close)) return true;
      do {
        if (c == '{' && !(String(&ignored) && Eat(':'))) return false;
        if (!SkipValue()) return false;
      } while (Eat(','));
      return Eat(close);
    }
    // Number or literal: up to the next structural character.
    const size_t start = pos_;
    while (pos_ < text_.size() && std::string(",]} \t\r\n").find(text_[pos_]) == std::string::npos) {
      ++pos_;
    }
    return pos_ > start;
  }

 private:
  const std::string& text_;
  size_t pos_ = 0;
};

int LineAt(const std::string& text, size_t pos) {
  pos = std::min(pos, text.size());
  return 1 + static_cast<int>(std::count(text.begin(), text.begin() + pos, '\n'));
}

}  // namespace

std::vector<JsonStep> ParseJsonPath(const std::string& dotted) {
  std::vector<JsonStep> steps;
  size_t i = 0;
  while (i < dotted.size()) {
    if (dotted[i] == '.') {
      ++i;
      continue;
    }
    if (dotted[i] == '[') {
      const size_t close = dotted.find(']', i);
      if (close == std::string::npos) break;
      JsonStep step;
      step.index = std::strtol(dotted.c_str() + i + 1, nullptr, 10);
      steps.push_back(step);
      i = close + 1;
      continue;
    }
    JsonStep step;
    if (dotted[i] == '"') {
      const size_t close = dotted.find('"', i + 1);
      if (close == std::string::npos) break;
      step.key = dotted.substr(i + 1, close - i - 1);
      i = close + 1;
    } else {
      const size_t end = dotted.find_first_of(".[", i);
      step.key = dotted.substr(i, end == std::string::npos ? std::string::npos : end - i);
      i = end == std::string::npos ? dotted.size() : end;
    }
    steps.push_back(step);
  }
  return steps;
}

int JsonLineOf(const std::string& text, const std::vector<JsonStep>& path) {
  Walker w(text);
  w.SkipSpace();
  size_t found = w.pos();  // start of the deepest value reached
  for (const JsonStep& step : path) {
    if (step.index < 0) {
      if (!w.Eat('{')) break;
      bool hit = false;
      if (!w.Peek('}')) {
        do {
          std::string key;
          if (!w.String(&key) || !w.Eat(':')) return LineAt(text, found);
          if (key == step.key) {
            hit = true;
            break;
          }
          if (!w.SkipValue()) return LineAt(text, found);
        } while (w.Eat(','));
      }
      if (!hit) break;
    } else {
      if (!w.Eat('[')) break;
      bool hit = true;
      for (long k = 0; k < step.index; ++k) {
        if (!w.SkipValue() || !w.Eat(',')) {
          hit = false;
          break;
        }
      }
      if (!hit) break;
    }
    w.SkipSpace();
    found = w.pos();
  }
  return LineAt(text, found);
}

}  // namespace dolly
