#include "libs/motion/camera/camera_language.h"

#include <cctype>
#include <cstdlib>
#include <map>
#include <optional>
#include <set>

#include "libs/core/error.h"

namespace dolly::motion {
namespace {

enum class Verb {
  kOrbit,
  kDolly,
  kPush,
  kPull,
  kMove,
  kTruck,
  kPedestal,
  kPan,
  kTilt,
  kRoll,
  kShake,
  kZoom,
  kStill
};
enum class Direction { kLeft, kRight, kUp, kDown, kIn, kOut, kClockwise, kCounterClockwise };
enum class Unit { kDegrees, kMetres, kSceneUnits, kTimes };
enum class Connector { kThen, kWhile };

const std::map<std::string, Verb>& Verbs() {
  static const std::map<std::string, Verb> m = {
      {"orbit", Verb::kOrbit},       {"orbits", Verb::kOrbit},       {"orbiting", Verb::kOrbit},
      {"arc", Verb::kOrbit},         {"arcs", Verb::kOrbit},         {"arcing", Verb::kOrbit},
      {"dolly", Verb::kDolly},       {"dollies", Verb::kDolly},      {"dollying", Verb::kDolly},
      {"push", Verb::kPush},         {"pushes", Verb::kPush},        {"pushing", Verb::kPush},
      {"pull", Verb::kPull},         {"pulls", Verb::kPull},         {"pulling", Verb::kPull},
      {"move", Verb::kMove},         {"moves", Verb::kMove},         {"moving", Verb::kMove},
      {"truck", Verb::kTruck},       {"trucks", Verb::kTruck},       {"trucking", Verb::kTruck},
      {"track", Verb::kTruck},       {"tracks", Verb::kTruck},       {"tracking", Verb::kTruck},
      {"pedestal", Verb::kPedestal}, {"pedestals", Verb::kPedestal}, {"crane", Verb::kPedestal},
      {"cranes", Verb::kPedestal},   {"craning", Verb::kPedestal},   {"boom", Verb::kPedestal},
      {"booms", Verb::kPedestal},    {"booming", Verb::kPedestal},   {"pan", Verb::kPan},
      {"pans", Verb::kPan},          {"panning", Verb::kPan},        {"tilt", Verb::kTilt},
      {"tilts", Verb::kTilt},        {"tilting", Verb::kTilt},       {"roll", Verb::kRoll},
      {"rolls", Verb::kRoll},        {"rolling", Verb::kRoll},       {"shake", Verb::kShake},
      {"shakes", Verb::kShake},      {"shaking", Verb::kShake},      {"zoom", Verb::kZoom},
      {"zooms", Verb::kZoom},        {"zooming", Verb::kZoom},       {"still", Verb::kStill},
      {"static", Verb::kStill},      {"hold", Verb::kStill},         {"holds", Verb::kStill},
  };
  return m;
}

const std::map<std::string, Direction>& Directions() {
  static const std::map<std::string, Direction> m = {
      {"left", Direction::kLeft},
      {"right", Direction::kRight},
      {"up", Direction::kUp},
      {"upward", Direction::kUp},
      {"upwards", Direction::kUp},
      {"down", Direction::kDown},
      {"downward", Direction::kDown},
      {"downwards", Direction::kDown},
      {"in", Direction::kIn},
      {"forward", Direction::kIn},
      {"forwards", Direction::kIn},
      {"out", Direction::kOut},
      {"back", Direction::kOut},
      {"backward", Direction::kOut},
      {"backwards", Direction::kOut},
      {"clockwise", Direction::kClockwise},
      {"cw", Direction::kClockwise},
      {"counterclockwise", Direction::kCounterClockwise},
      {"anticlockwise", Direction::kCounterClockwise},
      {"ccw", Direction::kCounterClockwise},
  };
  return m;
}

const std::map<std::string, Unit>& Units() {
  static const std::map<std::string, Unit> m = {
      {"degrees", Unit::kDegrees}, {"degree", Unit::kDegrees},   {"deg", Unit::kDegrees},
      {"degs", Unit::kDegrees},    {"\xc2\xb0", Unit::kDegrees}, {"m", Unit::kMetres},
      {"metre", Unit::kMetres},    {"metres", Unit::kMetres},    {"meter", Unit::kMetres},
      {"meters", Unit::kMetres},   {"unit", Unit::kSceneUnits},  {"units", Unit::kSceneUnits},
      {"x", Unit::kTimes},         {"times", Unit::kTimes},
  };
  return m;
}

const std::map<std::string, Easing>& EasingWords() {
  static const std::map<std::string, Easing> m = {
      {"slowly", Easing::kEaseInOut}, {"smoothly", Easing::kEaseInOut},
      {"gently", Easing::kEaseInOut}, {"gradually", Easing::kEaseInOut},
      {"quickly", Easing::kLinear},   {"fast", Easing::kLinear},
      {"steadily", Easing::kLinear},  {"linearly", Easing::kLinear},
  };
  return m;
}

const std::map<std::string, Connector>& Connectors() {
  static const std::map<std::string, Connector> m = {
      {"then", Connector::kThen},
      {"next", Connector::kThen},
      {"afterwards", Connector::kThen},
      {"while", Connector::kWhile},
      {"as", Connector::kWhile},
      {"meanwhile", Connector::kWhile},
      {"simultaneously", Connector::kWhile},
  };
  return m;
}

const std::set<std::string>& Fillers() {
  static const std::set<std::string> s = {
      "the",  "a",    "an",     "camera",   "cam",    "shot",    "view",
      "and",  "bit",  "little", "slightly", "slight", "small",   "gentle",
      "very", "just", "by",     "of",       "to",     "around",  "it",
      "its",  "that", "with",   "towards",  "toward", "subject", "scene",
      "stays", "stay", "remains",
  };
  return s;
}

// "ease" words take the following in / out, and "at the same time" is a
// connector, so they are matched as phrases rather than single words.
const char* const kEaseWords[] = {"ease", "eases", "easing"};

std::string AcceptedWords() {
  std::set<std::string> all(Fillers());
  for (const auto& [w, v] : Verbs()) all.insert(w);
  for (const auto& [w, v] : Directions()) all.insert(w);
  for (const auto& [w, v] : Units()) all.insert(w);
  for (const auto& [w, v] : EasingWords()) all.insert(w);
  for (const auto& [w, v] : Connectors()) all.insert(w);
  for (const char* w : kEaseWords) all.insert(w);
  all.insert("at the same time");
  std::string out;
  for (const std::string& w : all) out += (out.empty() ? "" : ", ") + w;
  return out + ", and numbers";
}

struct Token {
  std::string text;
  int position = 0;  // 1-based word in the text
  std::optional<double> number;
};

bool IsDigit(char c) { return std::isdigit(static_cast<unsigned char>(c)) != 0; }

// Splits on anything but letters, digits, non-ASCII (so "°" survives), a '.'
// inside a number and a leading '-' of a number; "30°" and "1.5x" become a
// number token followed by a unit token at the same position.
std::vector<Token> Tokenize(const std::string& text) {
  std::vector<std::string> words;
  std::string word;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    const bool next_is_digit = i + 1 < text.size() && IsDigit(text[i + 1]);
    const bool keep = std::isalnum(static_cast<unsigned char>(c)) ||
                      static_cast<unsigned char>(c) >= 0x80 || (c == '.' && next_is_digit) ||
                      (c == '-' && word.empty() && next_is_digit);
    if (keep) {
      word += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else if (!word.empty()) {
      words.push_back(word);
      word.clear();
    }
  }
  if (!word.empty()) words.push_back(word);

  std::vector<Token> tokens;
  for (std::size_t i = 0; i < words.size(); ++i) {
    const std::string& w = words[i];
    const int position = static_cast<int>(i) + 1;
    if (IsDigit(w[0]) || (w.size() > 1 && (w[0] == '.' || w[0] == '-'))) {
      char* end = nullptr;
      const double value = std::strtod(w.c_str(), &end);
      const std::string rest(end);
      tokens.push_back({w.substr(0, w.size() - rest.size()), position, value});
      if (!rest.empty()) tokens.push_back({rest, position, std::nullopt});
    } else {
      tokens.push_back({w, position, std::nullopt});
    }
  }
  return tokens;
}

std::string At(const Token& t) {
  return "'" + t.text + "' (word " + std::to_string(t.position) + ")";
}

struct Move {
  Verb verb;
  Token verb_token;
  std::optional<Direction> direction;
  std::optional<double> magnitude;
  std::optional<Unit> unit;
  std::optional<Easing> easing;
};

bool IsRotation(Verb v) {
  return v == Verb::kOrbit || v == Verb::kPan || v == Verb::kTilt || v == Verb::kRoll ||
         v == Verb::kShake;
}

bool IsTranslation(Verb v) {
  return v == Verb::kDolly || v == Verb::kPush || v == Verb::kPull || v == Verb::kMove ||
         v == Verb::kTruck || v == Verb::kPedestal;
}

[[noreturn]] void BadDirection(const Move& m, const std::string& accepted) {
  throw InvalidInputError(At(m.verb_token) + " needs a direction: " + accepted);
}

CameraSegment ToSegment(const Move& m) {
  CameraSegment s;
  s.easing = m.easing.value_or(Easing::kLinear);
  s.in_metres = m.unit == Unit::kMetres;
  const std::optional<Direction> d = m.direction;
  auto pick = [&](std::initializer_list<std::pair<Direction, CameraPreset>> options,
                  const std::string& accepted) {
    for (const auto& [dir, preset] : options) {
      if (d == dir) return preset;
    }
    BadDirection(m, accepted);
  };
  // No number given: the convention's default applies (PAC's in "pac").
  s.default_magnitude = !m.magnitude.has_value();
  switch (m.verb) {
    case Verb::kOrbit:
      s.preset = pick({{Direction::kLeft, CameraPreset::kOrbitLeft},
                       {Direction::kRight, CameraPreset::kOrbitRight},
                       {Direction::kUp, CameraPreset::kOrbitUp},
                       {Direction::kDown, CameraPreset::kOrbitDown}},
                      "left, right, up or down");
      s.magnitude = m.magnitude.value_or(30.0);
      break;
    case Verb::kPush:
    case Verb::kPull:
    case Verb::kDolly: {
      Direction dir = Direction::kIn;
      if (m.verb == Verb::kDolly) {
        if (d != Direction::kIn && d != Direction::kOut) BadDirection(m, "in or out");
        dir = *d;
      } else {
        dir = m.verb == Verb::kPush ? Direction::kIn : Direction::kOut;
        if (d && d != dir) BadDirection(m, dir == Direction::kIn ? "in" : "out");
      }
      s.preset = dir == Direction::kIn ? CameraPreset::kDollyIn : CameraPreset::kDollyOut;
      s.magnitude = m.magnitude.value_or(0.5);
      break;
    }
    case Verb::kMove:
    case Verb::kTruck:
      s.preset = pick({{Direction::kIn, CameraPreset::kDollyIn},
                       {Direction::kOut, CameraPreset::kDollyOut},
                       {Direction::kLeft, CameraPreset::kTruckLeft},
                       {Direction::kRight, CameraPreset::kTruckRight},
                       {Direction::kUp, CameraPreset::kPedestalUp},
                       {Direction::kDown, CameraPreset::kPedestalDown}},
                      "in, out, left, right, up or down");
      if (m.verb == Verb::kTruck && (d == Direction::kUp || d == Direction::kDown)) {
        BadDirection(m, "left, right, in or out");
      }
      s.magnitude = m.magnitude.value_or(0.5);
      break;
    case Verb::kPedestal:
      s.preset = pick({{Direction::kUp, CameraPreset::kPedestalUp},
                       {Direction::kDown, CameraPreset::kPedestalDown}},
                      "up or down");
      s.magnitude = m.magnitude.value_or(0.5);
      break;
    case Verb::kPan:
      s.preset = pick({{Direction::kLeft, CameraPreset::kPanLeft},
                       {Direction::kRight, CameraPreset::kPanRight}},
                      "left or right");
      s.magnitude = m.magnitude.value_or(15.0);
      break;
    case Verb::kTilt:
      s.preset = pick(
          {{Direction::kUp, CameraPreset::kTiltUp}, {Direction::kDown, CameraPreset::kTiltDown}},
          "up or down");
      s.magnitude = m.magnitude.value_or(15.0);
      break;
    case Verb::kRoll: {
      s.preset = CameraPreset::kRoll;
      const bool positive = !d || d == Direction::kClockwise || d == Direction::kRight;
      if (!positive && d != Direction::kCounterClockwise && d != Direction::kLeft) {
        BadDirection(m, "clockwise, counterclockwise, right or left");
      }
      s.magnitude = (positive ? 1.0 : -1.0) * m.magnitude.value_or(15.0);
      break;
    }
    case Verb::kShake:
      if (d) BadDirection(m, "none");
      s.preset = CameraPreset::kShake;
      s.magnitude = m.magnitude.value_or(2.0);
      break;
    case Verb::kZoom: {
      s.preset = CameraPreset::kZoom;
      const double factor = m.magnitude.value_or(1.5);
      if (!(factor > 0.0)) {
        throw InvalidInputError(At(m.verb_token) + ": zoom factor " + std::to_string(factor) +
                                " must be positive");
      }
      if (d == Direction::kIn) {
        s.magnitude = factor;
      } else if (d == Direction::kOut) {
        s.magnitude = 1.0 / factor;
      } else {
        BadDirection(m, "in or out");
      }
      break;
    }
    case Verb::kStill:
      if (d) BadDirection(m, "none");
      s.preset = CameraPreset::kStill;
      break;
  }
  return s;
}

void CheckUnit(const Move& m, const Token& unit_token, Unit unit) {
  const bool ok = IsRotation(m.verb)      ? unit == Unit::kDegrees
                  : IsTranslation(m.verb) ? unit == Unit::kMetres || unit == Unit::kSceneUnits
                  : m.verb == Verb::kZoom ? unit == Unit::kTimes
                                          : false;
  if (!ok) {
    throw InvalidInputError(At(unit_token) + " is not a unit for " + At(m.verb_token));
  }
}

bool Matches(const std::vector<Token>& tokens, std::size_t i,
             std::initializer_list<const char*> words) {
  for (const char* w : words) {
    if (i >= tokens.size() || tokens[i].number || tokens[i].text != w) return false;
    ++i;
  }
  return true;
}

}  // namespace

std::vector<CameraSegment> ParseCameraLanguage(const std::string& text, int num_frames) {
  const std::vector<Token> tokens = Tokenize(text);
  std::vector<std::vector<Move>> steps(1);
  Move* open = nullptr;  // the move that directions, numbers and easing attach to
  std::optional<Easing> pending_easing;

  auto set_easing = [&](Easing e) {
    if (open && !open->easing) {
      open->easing = e;
    } else {
      pending_easing = e;
    }
  };
  auto need_open = [&](const Token& t) -> Move& {
    if (!open) throw InvalidInputError(At(t) + " must follow a camera move such as 'pan left'");
    return *open;
  };

  for (std::size_t i = 0; i < tokens.size(); ++i) {
    const Token& t = tokens[i];
    if (t.number) {
      Move& m = need_open(t);
      if (m.magnitude)
        throw InvalidInputError(At(t) + " is a second amount for " + At(m.verb_token));
      // Direction words carry the sign, so a negative amount is a slip.
      if (!(*t.number >= 0.0)) {
        throw InvalidInputError(At(t) + " must not be negative; use the opposite direction");
      }
      m.magnitude = *t.number;
      if (i + 1 < tokens.size() && Units().count(tokens[i + 1].text)) {
        m.unit = Units().at(tokens[i + 1].text);
        CheckUnit(m, tokens[i + 1], *m.unit);
        ++i;
      }
    } else if (Matches(tokens, i, {"at", "the", "same", "time"})) {
      open = nullptr;
      i += 3;
    } else if (Matches(tokens, i, {"ease"}) || Matches(tokens, i, {"eases"}) ||
               Matches(tokens, i, {"easing"})) {
      if (Matches(tokens, i + 1, {"in", "and", "out"})) {
        set_easing(Easing::kEaseInOut);
        i += 3;
      } else if (Matches(tokens, i + 1, {"in", "out"})) {
        set_easing(Easing::kEaseInOut);
        i += 2;
      } else if (Matches(tokens, i + 1, {"in"})) {
        set_easing(Easing::kEaseIn);
        i += 1;
      } else if (Matches(tokens, i + 1, {"out"})) {
        set_easing(Easing::kEaseOut);
        i += 1;
      } else {
        throw InvalidInputError(At(t) + " must be followed by 'in', 'out' or 'in and out'");
      }
    } else if (auto v = Verbs().find(t.text); v != Verbs().end()) {
      steps.back().push_back(
          Move{v->second, t, std::nullopt, std::nullopt, std::nullopt, pending_easing});
      pending_easing.reset();
      open = &steps.back().back();
    } else if (auto d = Directions().find(t.text); d != Directions().end()) {
      Move& m = need_open(t);
      if (m.direction) {
        throw InvalidInputError(At(t) + " is a second direction for " + At(m.verb_token));
      }
      m.direction = d->second;
    } else if (auto e = EasingWords().find(t.text); e != EasingWords().end()) {
      set_easing(e->second);
    } else if (auto c = Connectors().find(t.text); c != Connectors().end()) {
      if (c->second == Connector::kThen) {
        if (steps.back().empty()) {
          throw InvalidInputError(At(t) + " must follow a camera move such as 'pan left'");
        }
        steps.emplace_back();
      }
      open = nullptr;
    } else if (Units().count(t.text)) {
      throw InvalidInputError(At(t) + " must follow a number");
    } else if (!Fillers().count(t.text)) {
      throw InvalidInputError(At(t) + " is not a camera word; accepted words: " + AcceptedWords());
    }
  }

  if (steps.back().empty()) {
    throw InvalidInputError("camera text '" + text + "' " +
                            (steps.size() > 1 ? "ends without a move after 'then'"
                                              : "names no camera move, e.g. 'pan left'"));
  }
  const int n = static_cast<int>(steps.size());
  if (num_frames - 1 < n) {
    throw InvalidInputError("camera text '" + text + "' has " + std::to_string(n) +
                            " sequential steps, which need at least " + std::to_string(n + 1) +
                            " frames; the clip has " + std::to_string(num_frames));
  }
  auto boundary = [&](int i) { return (2 * i * (num_frames - 1) + n) / (2 * n); };
  std::vector<CameraSegment> plan;
  for (int i = 0; i < n; ++i) {
    for (const Move& m : steps[i]) {
      CameraSegment s = ToSegment(m);
      s.start_frame = boundary(i);
      s.end_frame = boundary(i + 1) + 1;
      plan.push_back(s);
    }
  }
  return plan;
}

}  // namespace dolly::motion
