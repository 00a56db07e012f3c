// How exact a published quantity is: "8100万以上" is at least 8100万, "近900" about 900. A report
// that drops the word turns a bound into a figure, so the word is read, kept and checked.
#pragma once

#include <shanhai/enums.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace shanhai {

/// exact: the figure; at_least: 以上, 多, 余, 逾, 超过 (a lower bound); about: 约, 左右, 近.
enum class Qualifier : std::uint8_t { exact, at_least, about };
template <>
struct enum_names<Qualifier> {
  static constexpr std::string_view type = "qualifier";
  static constexpr std::array<std::string_view, 3> names{"exact", "at_least", "about"};
};

/// The qualifier of a sum: an exact term leaves the other's; two bounds of different kinds are
/// about.
inline Qualifier sum_qualifier(Qualifier a, Qualifier b) noexcept {
  if (a == Qualifier::exact) return b;
  if (b == Qualifier::exact) return a;
  return a == b ? a : Qualifier::about;
}

/// A quantity's text without its qualifying words, and the qualifier they said.
struct QualifiedText {
  std::string text;
  Qualifier qualifier = Qualifier::exact;
};

/// Reads the qualifying words of a published quantity wherever they stand: before it ("超过8100万",
/// "近900"), after it ("8100万以上", "3150户左右") or between the number and its unit ("8100余万",
/// "180多万", "3150多户"). Two words that disagree ("约8100万以上") are refused.
inline QualifiedText split_qualifier(std::string_view text, std::string_view field) {
  struct Word {
    std::string_view word;
    Qualifier qualifier;
  };
  static constexpr std::array<Word, 9> prefixes{{{"超过", Qualifier::at_least},
                                                  {"逾", Qualifier::at_least},
                                                  {"达", Qualifier::exact},
                                                  {"约", Qualifier::about},
                                                  {"近", Qualifier::about},
                                                  {"将近", Qualifier::about},
                                                  {"接近", Qualifier::about},
                                                  {"大约", Qualifier::about},
                                                  {"共", Qualifier::exact}}};
  static constexpr std::array<Word, 5> suffixes{{{"以上", Qualifier::at_least},
                                                  {"多", Qualifier::at_least},
                                                  {"余", Qualifier::at_least},
                                                  {"左右", Qualifier::about},
                                                  {"上下", Qualifier::about}}};
  QualifiedText out;
  std::string s(text);
  bool said = false;
  auto say = [&](Qualifier q) {
    if (said && q != out.qualifier && q != Qualifier::exact && out.qualifier != Qualifier::exact)
      throw validation_error(std::string(field) + ": the words of " + quoted(text) + " disagree on how exact it is",
                             where(field, reason::mismatch, std::string(text)));
    if (q != Qualifier::exact) out.qualifier = q;
    said = true;
  };
  auto trim = [&s] {
    while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.erase(0, 1);
    while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.pop_back();
  };
  trim();
  for (bool again = true; again;) {
    again = false;
    for (const Word& w : prefixes)
      if (s.starts_with(w.word)) s.erase(0, w.word.size()), say(w.qualifier), again = true;
  }
  // a word after the number, before or after its unit: the first non-number character onwards
  std::size_t end = 0;
  while (end < s.size() && ((s[end] >= '0' && s[end] <= '9') || s[end] == '.' || s[end] == ',' || s[end] == '+' ||
                            s[end] == '-' || s[end] == ' '))
    ++end;
  for (bool again = true; again;) {
    again = false;
    for (const Word& w : suffixes)
      for (std::size_t at = s.find(w.word, end); at != std::string::npos; at = s.find(w.word, at)) {
        s.erase(at, w.word.size()), say(w.qualifier), again = true;
        break;
      }
  }
  trim();
  out.text = std::move(s);
  return out;
}

/// Whether a figure published with `q` holds for the registry's `actual`. An exact figure holds
/// when equal, an at-least one when not below, an about one within 5% either side (约, 近 and
/// 左右 round to the figure's last significant digit or two; 5% is the widest such rounding).
inline bool figure_holds(Qualifier q, std::int64_t published, std::int64_t actual) {
  switch (q) {
    case Qualifier::at_least: return actual >= published;
    case Qualifier::about: {
      const std::int64_t gap = actual > published ? actual - published : published - actual;
      return gap <= published / 20;
    }
    default: return actual == published;
  }
}

}  // namespace shanhai
