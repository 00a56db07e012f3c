// Boost.Serialization for the registry: one description of each type's state, used by the file
// archives and by pickle. Include this only to put a registry inside an archive of your own.
//
// Loading never trusts a length field. Boost's own loaders for std::vector and std::string
// reserve whatever count or length the archive claims, so every column goes through Column below
// (Rows for text and list columns) and every string through load_text: each count and length is
// checked against the bytes left in the archive before anything is reserved, and too large a
// claim throws format_error. The bytes on disk are the same as Boost's own std::vector and
// std::string write.
//
// The limits need to know the stream under the archive: io::from_bytes attaches an ArchiveInput
// to each archive it reads. An archive of your own has none; it loads with reservations of at
// most a few thousand items at a time, but with Boost's own string loader, which trusts lengths.
#pragma once

#include <shanhai/registry.hpp>

#include <boost/serialization/array_optimization.hpp>
#include <boost/serialization/array_wrapper.hpp>
#include <boost/serialization/collection_size_type.hpp>
#include <boost/serialization/item_version_type.hpp>
#include <boost/serialization/level.hpp>
#include <boost/serialization/library_version_type.hpp>
#include <boost/serialization/nvp.hpp>
#include <boost/serialization/split_member.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/tracking.hpp>
#include <boost/serialization/version.hpp>

#include <algorithm>
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <streambuf>
#include <string>
#include <string_view>
#include <tuple>
#include <type_traits>
#include <utility>
#include <vector>

namespace shanhai::detail {

/// A read-only stream buffer over bytes in memory (an archive's payload, read without a copy): its
/// get area is the whole rest of the archive, which loaders may also read in place.
class MemoryBuffer : public std::streambuf {
 public:
  explicit MemoryBuffer(std::string_view bytes) {
    char* p = const_cast<char*>(bytes.data());  // a get area is only read
    setg(p, p, p + bytes.size());
  }
  /// The bytes not yet read.
  std::string_view rest() const { return {gptr(), std::size_t(egptr() - gptr())}; }
  /// Passes over `n` of them (at most rest().size()), read in place.
  void skip(std::size_t n) { setg(eback(), gptr() + n, egptr()); }
};

/// What the bounded loaders know about the archive being read: the buffer under it, which holds
/// the whole rest of the archive, and how that archive writes strings.
struct ArchiveInput {
  enum class Kind : std::uint8_t { unknown, binary, text, xml };
  Kind kind = Kind::unknown;
  MemoryBuffer* in = nullptr;

  bool bounded() const noexcept { return in != nullptr; }
  /// Bytes not yet read.
  std::size_t remaining() const {
    const std::streamsize n = in ? in->in_avail() : 0;
    return n > 0 ? std::size_t(n) : 0;
  }
  /// The fewest bytes one item of a collection takes in this kind of archive: a 4-byte number
  /// (binary), a digit and a space (text), <item></item> (xml).
  std::size_t item_bytes() const noexcept {
    switch (kind) {
      case Kind::binary: return 4;
      case Kind::text: return 2;
      case Kind::xml: return 13;
      case Kind::unknown: break;
    }
    return 1;
  }
};

/// A Boost library version as a number (through the const conversion, which -Wconversion prefers).
inline unsigned version_number(const boost::serialization::library_version_type& v) { return v; }

inline char archive_input_id;  // its address names the ArchiveInput among an archive's helpers

/// The ArchiveInput of `ar` (one that knows nothing unless io::from_bytes set it, or when the
/// archive keeps no helpers).
template <class Archive>
ArchiveInput& archive_input(Archive& ar) {
  if constexpr (requires { ar.template get_helper<ArchiveInput>(&archive_input_id); }) {
    return ar.template get_helper<ArchiveInput>(&archive_input_id);
  } else {
    static thread_local ArchiveInput unknown;
    unknown = ArchiveInput();
    return unknown;
  }
}

/// Throws format_error unless `count` items of at least `item_bytes` bytes each fit in what remains.
[[noreturn, gnu::cold]] inline void no_room(std::uint64_t count, std::size_t remaining, const char* what,
                                           const char* items) {
  throw format_error(std::string(what) + " claims " + std::to_string(count) + " " + items + " but only " +
                     std::to_string(remaining) + " bytes remain");
}
inline void require_room(const ArchiveInput& input, std::uint64_t count, std::size_t item_bytes, const char* what,
                         const char* items = "items") {
  if (!input.bounded()) return;
  const std::size_t remaining = input.remaining();
  // count > remaining / item_bytes, without a division (this runs for every string); item_bytes
  // is a few bytes, so the product cannot overflow once count <= remaining
  if (count > remaining || count * item_bytes > remaining) no_room(count, remaining, what, items);
}

// Element names for xml archives. Boost's xml reader compares an end tag with the name it expects
// by reading name[length of the tag it read], which is past the end of a shorter name: every name
// sits in a zero-filled buffer of xml_tag_room + 1 chars, and io::from_bytes refuses xml with an
// end tag longer than xml_tag_room.
inline constexpr std::size_t xml_tag_room = 64;
struct Tag {
  char text[xml_tag_room + 1] = {};
  constexpr Tag() = default;
  constexpr explicit Tag(std::string_view s) {
    for (std::size_t i = 0; i < s.size() && i < xml_tag_room; ++i) text[i] = s[i];
  }
};
inline constexpr Tag count_tag{"count"}, item_version_tag{"item_version"}, item_tag{"item"}, fen_tag{"fen"},
    ymd_tag{"ymd"}, kind_tag{"kind"}, id_tag{"id"}, name_tag{"name"};

template <class Table>
inline constexpr auto column_tags = [] {
  std::array<Tag, Table::column_names.size()> tags{};
  for (std::size_t i = 0; i < tags.size(); ++i) tags[i] = Tag(Table::column_names[i]);
  return tags;
}();

/// One string of a binary archive, read in place from `bytes` at `at` (moved past it): its length
/// (a std::size_t), checked against the bytes left, and that many bytes.
inline std::string_view text_in_place(std::string_view bytes, std::size_t& at, const char* what) {
  std::size_t length = 0;
  if (bytes.size() - at < sizeof length) throw format_error(std::string(what) + ": a string's length is cut short");
  std::memcpy(&length, bytes.data() + at, sizeof length);
  at += sizeof length;
  if (length > bytes.size() - at) no_room(length, bytes.size() - at, what, "bytes of text");
  at += length;
  return bytes.substr(at - length, length);
}

/// Loads a string written by Boost's string saver, checking its length against the bytes left
/// before anything is allocated. Binary and text archives write the length and then the bytes;
/// xml writes the characters between tags, which Boost reads without a length to trust.
template <class Archive>
void load_text(Archive& ar, const ArchiveInput& input, const Tag& tag, std::string& s, const char* what) {
  if (input.kind == ArchiveInput::Kind::binary) {  // in place, as the archive would read it
    std::size_t at = 0;
    s = text_in_place(input.in->rest(), at, what);
    return input.in->skip(at);
  }
  if (input.kind != ArchiveInput::Kind::text) {
    ar >> boost::serialization::make_nvp(tag.text, s);
    return;
  }
  std::size_t length = 0;
  ar >> boost::serialization::make_nvp(tag.text, length);  // the name matters to xml only, never read here
  if (input.in->sbumpc() != ' ') throw format_error(std::string(what) + ": a string's length is not followed by a space");
  require_room(input, length, 1, what, "bytes of text");
  s.resize(length);
  if (length > 0 && input.in->sgetn(s.data(), std::streamsize(length)) != std::streamsize(length))
    throw format_error(std::string(what) + ": a string is cut short");
}

template <class T>
inline constexpr bool is_vector = false;
template <class T>
inline constexpr bool is_vector<std::vector<T>> = true;

// True for archives that write numbers as their bytes (binary archives).
template <class Archive>
inline constexpr bool binary = boost::serialization::use_array_optimization<Archive>::template apply<int>::type::value;

/// The integers a value of the model is written as, one after another: a Money its fen (int64),
/// a Date its packed yyyymmdd (int32), an id its value (uint32), an enumerator an int, a Node its
/// kind (unsigned) and id. A binary archive writes such a value as those integers' bytes, so a
/// column of them can go through it as one block of integers, with the same bytes.
template <class T>
struct Wire {
  using type = void;
};
template <>
struct Wire<Money> {
  using type = std::int64_t;
  static constexpr std::size_t words = 1;
  static void put(Money m, type* out) { out[0] = m.fen(); }
  static Money get(const type* in, std::size_t, const char*) { return Money::from_fen(in[0]); }
};
template <>
struct Wire<Date> {
  using type = std::int32_t;
  static constexpr std::size_t words = 1;
  static void put(Date d, type* out) { out[0] = d.packed(); }
  static Date get(const type* in, std::size_t, const char*) { return Date::from_packed(in[0]); }
};
template <class Tag>
struct Wire<Id<Tag>> {
  using type = std::uint32_t;
  static constexpr std::size_t words = 1;
  static void put(Id<Tag> id, type* out) { out[0] = id.value; }
  static Id<Tag> get(const type* in, std::size_t, const char*) { return Id<Tag>(in[0]); }
};
template <>
struct Wire<Node> {
  using type = std::uint32_t;
  static constexpr std::size_t words = 2;
  static void put(Node n, type* out) { out[0] = static_cast<unsigned>(n.kind), out[1] = n.id; }
  static Node get(const type* in, std::size_t, const char*) { return Node(enum_checked<NodeKind>(in[0]), in[1]); }
};
template <>
struct Wire<Currency> {
  using type = std::uint32_t;
  static constexpr std::size_t words = 1;
  static void put(Currency c, type* out) { out[0] = c.packed(); }
  static Currency get(const type* in, std::size_t row, const char* what) {
    try {
      return Currency::from_packed(in[0], what);
    } catch (const validation_error& e) {
      throw validation_error(std::string(what) + " row " + std::to_string(row) + ": " + e.what(),
                             {.row = std::int64_t(row), .field = what, .value = std::to_string(in[0]),
                              .reason = std::string(reason::out_of_range)});
    }
  }
};
template <class E>
  requires std::is_enum_v<E>
struct Wire<E> {
  using type = int;
  static constexpr std::size_t words = 1;
  static void put(E e, type* out) { out[0] = static_cast<int>(e); }
  // one beyond the enumeration is refused here, before a conversion could fold it onto a known value
  static E get(const type* in, std::size_t row, const char* what) {
    if (in[0] < 0 || std::size_t(in[0]) >= enum_count<E>)
      throw validation_error(std::string(what) + " row " + std::to_string(row) + ": " +
                                 std::string(enum_names<E>::type) + " " + std::to_string(in[0]) + " is not a known value",
                             {.row = std::int64_t(row), .field = what, .value = std::to_string(in[0]),
                              .reason = std::string(reason::out_of_range)});
    return static_cast<E>(in[0]);
  }
};

/// Reads a vector's count, after refusing a class version this library never writes for the
/// vector (Boost does not compare it with ours).
template <class Vector, class Archive>
std::size_t load_count(Archive& ar, unsigned version, const char* what) {
  namespace bs = boost::serialization;
  if (version != bs::version<Vector>::value)
    throw format_error(std::string(what) + ": a vector of class version " + std::to_string(version) +
                       ", which this library never writes");
  bs::collection_size_type claimed;
  ar >> bs::make_nvp(count_tag.text, claimed);
  return std::as_const(claimed);
}

/// A std::vector in an archive, written exactly as Boost writes one (count, item version, items;
/// in binary archives a vector of numbers is count and raw bytes) and loaded within the bytes that
/// remain. The same type for every vector of T, nested or not, so that Boost's class information
/// comes out as it does for std::vector<T>.
template <class T>
struct Column {
  std::vector<T>* v;
  const char* what;                       // for messages: the column's name
  const ArchiveInput* input = nullptr;    // the archive's, when the caller has it at hand

  template <class Archive>
  static constexpr bool raw = boost::serialization::use_array_optimization<Archive>::template apply<T>::type::value;
  // a column of model values in a binary archive: as blocks of the integers they are written as
  using W = typename Wire<T>::type;
  template <class Archive>
  static constexpr bool blocks = !std::is_void_v<W> && binary<Archive>;
  static constexpr std::size_t block_rows = std::size_t(1) << 14;
  // room for a block of words: on the stack for the short columns that are a list's row
  struct Block {
    std::array<W, 16> small;
    std::vector<W> large;
    W* words(std::size_t n) {
      if (n <= small.size()) return small.data();
      large.resize(n);
      return large.data();
    }
  };

  template <class Archive>
  void save(Archive& ar, unsigned) const {
    namespace bs = boost::serialization;
    const bs::collection_size_type count(v->size());
    ar << bs::make_nvp(count_tag.text, count);
    if constexpr (raw<Archive>) {
      if (!v->empty()) ar << bs::make_array<const T, bs::collection_size_type>(v->data(), count);
    } else if constexpr (blocks<Archive>) {
      const bs::item_version_type item_version(bs::version<T>::value);
      ar << bs::make_nvp(item_version_tag.text, item_version);
      Block block;
      for (std::size_t done = 0; done < v->size(); done += block_rows) {
        const std::size_t n = std::min(block_rows, v->size() - done);
        W* words = block.words(n * Wire<T>::words);
        for (std::size_t i = 0; i < n; ++i) Wire<T>::put((*v)[done + i], words + i * Wire<T>::words);
        ar << bs::make_array<const W, bs::collection_size_type>(words, bs::collection_size_type(n * Wire<T>::words));
      }
    } else {
      const bs::item_version_type item_version(bs::version<T>::value);
      ar << bs::make_nvp(item_version_tag.text, item_version);
      for (const T& x : *v) save_item(ar, x);
    }
  }

  template <class Archive>
  void load(Archive& ar, unsigned version) {
    namespace bs = boost::serialization;
    const std::size_t count = load_count<std::vector<T>>(ar, version, what);
    const ArchiveInput& input = this->input ? *this->input : archive_input(ar);
    const unsigned library = version_number(ar.get_library_version());
    v->clear();
    if constexpr (raw<Archive>) {
      if (library == 4 || library == 5) {  // as Boost's own vector loader
        unsigned int item_version = 0;
        ar >> bs::make_nvp(item_version_tag.text, item_version);
      }
      require_room(input, count, sizeof(T), what);
      // known to fit: all at once; otherwise a bounded piece at a time, as the bytes arrive
      const std::size_t piece = input.bounded() ? std::size_t(count) : std::size_t(1) << 16;
      for (std::size_t done = 0; done < count;) {
        const std::size_t n = std::min<std::size_t>(piece, count - done);
        v->resize(done + n);
        ar >> bs::make_array<T, bs::collection_size_type>(v->data() + done, bs::collection_size_type(n));
        done += n;
      }
    } else if constexpr (blocks<Archive>) {
      bs::item_version_type item_version(0);
      if (library > 3) ar >> bs::make_nvp(item_version_tag.text, item_version);
      require_room(input, count, sizeof(W) * Wire<T>::words, what);
      // known to fit: all rows at once (no more memory than the bytes that remain); otherwise a
      // block at a time, as the bytes arrive
      if (input.bounded()) v->reserve(count);
      Block block;
      for (std::size_t done = 0; done < count; done += block_rows) {
        const std::size_t n = std::min(block_rows, count - done);
        W* words = block.words(n * Wire<T>::words);
        ar >> bs::make_array<W, bs::collection_size_type>(words, bs::collection_size_type(n * Wire<T>::words));
        for (std::size_t i = 0; i < n; ++i) v->push_back(Wire<T>::get(words + i * Wire<T>::words, done + i, what));
      }
    } else {
      bs::item_version_type item_version(0);
      if (library > 3) ar >> bs::make_nvp(item_version_tag.text, item_version);
      require_room(input, count, input.item_bytes(), what);
      // reserve no more memory than half the bytes that remain (or a few thousand items when
      // nothing is known); a longer column grows as its items are actually read
      const std::size_t room = input.bounded() ? input.remaining() / 2 / sizeof(T) : std::size_t(1) << 12;
      v->reserve(std::min<std::size_t>(count, room));
      for (std::size_t i = 0; i < count; ++i) {
        T x{};
        load_item(ar, input, x, i);
        v->push_back(std::move(x));
      }
    }
  }
  BOOST_SERIALIZATION_SPLIT_MEMBER()

  // One item of a column that is not written as raw numbers (Rows writes its rows through these).
  template <class Archive>
  void save_item(Archive& ar, const T& x) const {
    if constexpr (is_vector<T>) {
      const Column<typename T::value_type> inner{const_cast<T*>(&x), what};  // saving only reads
      ar << boost::serialization::make_nvp(item_tag.text, inner);
    } else {
      ar << boost::serialization::make_nvp(item_tag.text, x);
    }
  }
  template <class Archive>
  void load_item(Archive& ar, const ArchiveInput& input, T& x, std::size_t row) const {
    namespace bs = boost::serialization;
    if constexpr (std::is_same_v<T, std::string>) {
      load_text(ar, input, item_tag, x, what);
    } else if constexpr (is_vector<T>) {
      Column<typename T::value_type> inner{&x, what};
      ar >> bs::make_nvp(item_tag.text, inner);
    } else if constexpr (std::is_enum_v<T>) {
      int value = 0;  // Boost writes an enumerator as an int
      ar >> bs::make_nvp(item_tag.text, value);
      x = Wire<T>::get(&value, row, what);
    } else {
      ar >> bs::make_nvp(item_tag.text, x);
    }
  }
};

/// A ListColumn in an archive, written exactly as Column writes the std::vector of its rows
/// (std::vector<std::string> for text, std::vector<std::vector<T>> for lists), one row at a time
/// through the same item code, and loaded within the bytes that remain.
template <class C>
struct Rows {
  C* c;
  const char* what;  // for messages: the column's name
  using Row = typename C::value_type;

  template <class Archive>
  void save(Archive& ar, unsigned) const {
    namespace bs = boost::serialization;
    const bs::collection_size_type count(c->size());
    ar << bs::make_nvp(count_tag.text, count);
    const bs::item_version_type item_version(bs::version<Row>::value);
    ar << bs::make_nvp(item_version_tag.text, item_version);
    if constexpr (std::is_same_v<Row, std::string> && binary<Archive>) {
      // a binary archive writes a string as its length (a std::size_t) and its bytes: rows go
      // out a block at a time, with those bytes
      std::string block;
      for (std::size_t row = 0; row < c->size();) {
        block.clear();
        for (; row < c->size() && block.size() < (std::size_t(1) << 16); ++row) {
          const std::string_view text = (*c)[row];
          const std::size_t length = text.size();
          block.append(reinterpret_cast<const char*>(&length), sizeof length).append(text);
        }
        ar << bs::make_array<const char, bs::collection_size_type>(block.data(), bs::collection_size_type(block.size()));
      }
      return;
    }
    const Column<Row> items{nullptr, what};
    Row row;
    for (std::size_t i = 0; i < c->size(); ++i) {
      row.assign((*c)[i].begin(), (*c)[i].end());
      if constexpr (own_bytes<Archive>)
        if (i > 0) {
          Column<typename Row::value_type>{&row, what}.save(ar, 0);
          continue;
        }
      items.save_item(ar, row);
    }
  }
  // A binary archive writes the class information of the rows' vector type before the first row
  // only; each row after it is just that vector's own bytes (count, item version, values), which
  // these rows read and write directly, without Boost's bookkeeping of every object.
  template <class Archive>
  static constexpr bool own_bytes = is_vector<Row> && binary<Archive>;

  template <class Archive>
  void load(Archive& ar, unsigned version) {
    namespace bs = boost::serialization;
    const std::size_t count = load_count<std::vector<Row>>(ar, version, what);
    const ArchiveInput& input = archive_input(ar);
    bs::item_version_type item_version(0);
    if (version_number(ar.get_library_version()) > 3) ar >> bs::make_nvp(item_version_tag.text, item_version);
    require_room(input, count, input.item_bytes(), what);
    c->clear();
    // offsets for no more rows than half the bytes that remain could hold (see Column)
    const std::size_t room = input.bounded() ? input.remaining() / 2 / sizeof(std::int64_t) : std::size_t(1) << 12;
    c->reserve(std::min<std::size_t>(count, room));
    if constexpr (std::is_same_v<Row, std::string> && binary<Archive>)
      if (input.bounded()) return load_texts(*input.in, count);
    const Column<Row> items{nullptr, what};
    Row row;
    for (std::size_t i = 0; i < count; ++i) {
      if constexpr (own_bytes<Archive>) {
        if (i > 0 && input.bounded()) return load_lists(*input.in, count - 1, row);
        if (i > 0) Column<typename Row::value_type>{&row, what, &input}.load(ar, bs::version<Row>::value);
        else items.load_item(ar, input, row, i);
      } else {
        items.load_item(ar, input, row, i);
      }
      c->push_back(row);
    }
  }
  BOOST_SERIALIZATION_SPLIT_MEMBER()

  // The rows of a text column in a binary archive, read in place.
  void load_texts(MemoryBuffer& in, std::size_t count) const {
    const std::string_view bytes = in.rest();
    std::size_t at = 0;
    for (std::size_t i = 0; i < count; ++i) c->push_back(text_in_place(bytes, at, what));
    in.skip(at);
  }

  // The last `count` rows of a list column in a binary archive, read in place: each its vector's
  // own bytes as Column writes them (a count, an item version, the values as words), checked as
  // Column checks them.
  void load_lists(MemoryBuffer& in, std::size_t count, Row& row) const {
    using Item = typename Row::value_type;
    using W = typename Wire<Item>::type;
    namespace bs = boost::serialization;
    const std::string_view bytes = in.rest();
    std::size_t at = 0;
    const auto take = [&](void* out, std::size_t n) {
      if (bytes.size() - at < n) throw format_error(std::string(what) + ": a row is cut short");
      std::memcpy(out, bytes.data() + at, n);
      at += n;
    };
    static_assert(sizeof(bs::collection_size_type) == sizeof(std::size_t) &&
                  sizeof(bs::item_version_type) == sizeof(unsigned int));
    const std::size_t item_bytes = sizeof(W) * Wire<Item>::words;
    std::array<W, Wire<Item>::words> words;
    for (std::size_t i = 0; i < count; ++i) {
      std::size_t items = 0;
      unsigned int item_version = 0;
      take(&items, sizeof items), take(&item_version, sizeof item_version);
      const std::size_t remaining = bytes.size() - at;
      if (items > remaining || items * item_bytes > remaining) no_room(items, remaining, what, "items");
      row.clear();
      for (std::size_t k = 0; k < items; ++k) {
        take(words.data(), item_bytes);
        row.push_back(Wire<Item>::get(words.data(), k, what));
      }
      c->push_back(row);
    }
    in.skip(at);
  }
};

}  // namespace shanhai::detail

namespace shanhai {

// Value types: their state is one or two integers. Loading goes through the same checks as
// building them (a forged date or enum is refused, never stored).
template <class Archive>
void serialize(Archive& ar, Money& m, unsigned) {
  std::int64_t fen = m.fen();
  ar& boost::serialization::make_nvp(detail::fen_tag.text, fen);
  if constexpr (Archive::is_loading::value) m = Money::from_fen(fen);
}

template <class Archive>
void serialize(Archive& ar, Date& d, unsigned) {
  std::int32_t packed = d.packed();
  ar& boost::serialization::make_nvp(detail::ymd_tag.text, packed);
  if constexpr (Archive::is_loading::value) d = Date::from_packed(packed);
}

template <class Archive>
void serialize(Archive& ar, Currency& c, unsigned) {
  std::uint32_t packed = c.packed();
  ar& boost::serialization::make_nvp("code", packed);
  if constexpr (Archive::is_loading::value) c = Currency::from_packed(packed);
}

template <class Archive>
void serialize(Archive& ar, Node& n, unsigned) {
  unsigned kind = static_cast<unsigned>(n.kind);
  ar& boost::serialization::make_nvp(detail::kind_tag.text, kind);
  ar& boost::serialization::make_nvp(detail::id_tag.text, n.id);
  if constexpr (Archive::is_loading::value) n.kind = enum_checked<NodeKind>(kind);
}

template <class Archive, class Tag>
void serialize(Archive& ar, Id<Tag>& id, unsigned) {
  ar& boost::serialization::make_nvp(detail::id_tag.text, id.value);
}

template <class Archive>
void serialize(Archive& ar, Output& o, unsigned) {
  if constexpr (Archive::is_loading::value)
    detail::load_text(ar, detail::archive_input(ar), detail::name_tag, o.name, "outputs");
  else
    ar << boost::serialization::make_nvp(detail::name_tag.text, o.name);
  ar& boost::serialization::make_nvp(detail::count_tag.text, o.count);
}

namespace detail {

// Every column of a table, each under its name: those the format `version` holds. A column newer
// than the file is loaded as its default value in every row.
template <class Archive, class Table>
void serialize_columns(Archive& ar, Table& table, std::uint32_t version) {
  using T = std::remove_const_t<Table>;
  std::size_t i = 0, rows = 0;
  std::apply(
      [&](auto&... column) {
        (
            [&](auto& c) {
              using V = std::remove_cvref_t<decltype(c)>;
              const std::size_t k = i++;
              if (column_since<T>(k) > version) {
                if constexpr (Archive::is_loading::value) const_cast<V&>(c).resize(rows);
                return;
              }
              const char* name = column_tags<T>[k].text;
              using Wrapped = std::conditional_t<is_list_column<V>, Rows<V>, Column<typename V::value_type>>;
              Wrapped wrapped{const_cast<V*>(&c), name};  // saving only reads
              ar& boost::serialization::make_nvp(name, wrapped);
              rows = c.size();
            }(column),
            ...);
      },
      T::columns(table));
}

// The tables a format version holds (each table's table_since), in file order. A table newer
// than the file is left empty.
template <class Archive, class T>  // T: Tables or const Tables
void serialize_tables(Archive& ar, T& t, std::uint32_t version) {
  each_table(t, [&](const char*, auto& table) {
    if (table_since<std::remove_cvref_t<decltype(table)>>() <= version) serialize_columns(ar, table, version);
  });
}

// Erasures and restricted persons, after the tables, each since its table_since (6: none before);
// then the sharing record (7: none before, a file that is not shared).
template <class Archive, class P>  // P: Privacy or const Privacy
void serialize_privacy(Archive& ar, P& privacy, std::uint32_t version) {
  if (table_since<ErasureTable>() <= version) serialize_columns(ar, privacy.erasures, version);
  if (table_since<RestrictedTable>() <= version) serialize_columns(ar, privacy.restricted, version);
  if (table_since<SharingTable>() <= version) serialize_columns(ar, privacy.sharing, version);
}

// A currency as one number of fixed size (Currency::packed): a forged file cannot claim a length
// the way a string could.
inline Currency unpacked_currency(std::uint32_t packed) {
  try {
    return Currency::from_packed(packed, "file currency");
  } catch (const validation_error& e) {
    throw format_error(e.what(), e.where());
  }
}

// The registry's currency: since version 3 its code, before the tables; a file before it is CNY.
template <class Archive>
void serialize_currency(Archive& ar, Currency& currency, std::uint32_t version) {
  if (version < 3) return;
  std::uint32_t packed = currency.packed();
  ar& boost::serialization::make_nvp("currency", packed);
  if constexpr (Archive::is_loading::value) currency = unpacked_currency(packed);
}

}  // namespace detail

// `version`: the file format version (an archive of your own gives the class version, which was 0
// before version 2 and is the format version since).
template <class Archive>
void Registry::save(Archive& ar, unsigned version) const {
  Currency currency = currency_;
  detail::serialize_currency(ar, currency, version);
  detail::serialize_tables(ar, t_, std::max(1u, version));
  detail::serialize_privacy(ar, privacy_, version);
}

// Loads into a fresh registry by replaying every row through the validating insertions, so a
// file can never hold what the API would refuse.
template <class Archive>
void Registry::load(Archive& ar, unsigned version) {
  Currency currency;
  detail::serialize_currency(ar, currency, version);
  Tables in;
  detail::serialize_tables(ar, in, std::max(1u, version));
  if (version < 8) std::ranges::fill(in.flows.currency, currency);  // a flow was in its registry's currency
  Privacy privacy;
  detail::serialize_privacy(ar, privacy, version);
  *this = replay(std::move(in), {}, currency, privacy.sharing);
  set_privacy(std::move(privacy));
}

}  // namespace shanhai

// The value types are written as plain values: no class version, no object tracking.
#define SHANHAI_PLAIN_VALUE(T)                                                   \
  BOOST_CLASS_IMPLEMENTATION(T, boost::serialization::object_serializable)       \
  BOOST_CLASS_TRACKING(T, boost::serialization::track_never)
SHANHAI_PLAIN_VALUE(shanhai::Money)
SHANHAI_PLAIN_VALUE(shanhai::Date)
SHANHAI_PLAIN_VALUE(shanhai::Node)
SHANHAI_PLAIN_VALUE(shanhai::Output)
SHANHAI_PLAIN_VALUE(shanhai::Currency)
#undef SHANHAI_PLAIN_VALUE
BOOST_CLASS_VERSION(shanhai::Registry, 8)  // = io::format_version

namespace boost::serialization {
template <class Tag>
struct implementation_level<shanhai::Id<Tag>> {
  typedef mpl::integral_c_tag tag;
  typedef mpl::int_<object_serializable> type;
  BOOST_STATIC_CONSTANT(int, value = object_serializable);
};
template <class Tag>
struct tracking_level<shanhai::Id<Tag>> {
  typedef mpl::integral_c_tag tag;
  typedef mpl::int_<track_never> type;
  BOOST_STATIC_CONSTANT(int, value = track_never);
};
// A column has the class information Boost gives std::vector<T>: none for a vector of numbers
// (boost/serialization/collection_traits.hpp), else a class version (0) and tracking level; its
// tracking is the default, as std::vector's (a class id is counted for it, nothing is tracked).
template <class C>
struct implementation_level<shanhai::detail::Rows<C>> {  // as the Column of its rows' vector
  typedef mpl::integral_c_tag tag;
  typedef mpl::int_<object_class_info> type;
  BOOST_STATIC_CONSTANT(int, value = type::value);
};
template <class T>
struct implementation_level<shanhai::detail::Column<T>> {
  static constexpr bool numbers = std::is_arithmetic_v<T> && !std::is_same_v<T, char8_t> &&
                                  !std::is_same_v<T, char16_t> && !std::is_same_v<T, char32_t>;
  typedef mpl::integral_c_tag tag;
  typedef mpl::int_<numbers ? object_serializable : object_class_info> type;
  BOOST_STATIC_CONSTANT(int, value = type::value);
};
}  // namespace boost::serialization
