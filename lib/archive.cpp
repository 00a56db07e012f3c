// The file envelope, atomic durable saves, and the Boost.Serialization archives of a registry.
#include <shanhai/detail/crc32c.hpp>
#include <shanhai/detail/io_failure.hpp>
#include <shanhai/detail/parallel.hpp>
#include <shanhai/io/archive.hpp>
#include <shanhai/io/file.hpp>
#include <shanhai/io/serialize.hpp>
#include <shanhai/personal.hpp>

#include <boost/archive/archive_exception.hpp>
#include <boost/archive/basic_archive.hpp>
#include <boost/archive/binary_iarchive.hpp>
#include <boost/archive/binary_oarchive.hpp>
#include <boost/archive/text_iarchive.hpp>
#include <boost/archive/text_oarchive.hpp>
#include <boost/archive/xml_iarchive.hpp>
#include <boost/archive/xml_oarchive.hpp>

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <exception>
#include <istream>
#include <memory>
#include <sstream>
#include <streambuf>
#include <vector>

namespace shanhai::io {
namespace {

constexpr char magic[8] = {'S', 'H', 'A', 'N', 'H', 'A', 'I', '\x1a'};
constexpr std::size_t envelope_size = 40;

struct Platform {
  std::uint8_t little_endian = std::endian::native == std::endian::little;
  std::uint8_t int_size = sizeof(int), long_size = sizeof(long), size_t_size = sizeof(std::size_t);
  bool operator==(const Platform&) const = default;
};

template <class T>
void put(std::string& out, T v) {
  for (std::size_t i = 0; i < sizeof(T); ++i) out.push_back(char(std::uint64_t(v) >> (8 * i) & 0xFF));
}
template <class T>
T get(std::string_view in, std::size_t at) {
  std::uint64_t v = 0;
  for (std::size_t i = 0; i < sizeof(T); ++i) v |= std::uint64_t(static_cast<unsigned char>(in[at + i])) << (8 * i);
  return T(v);
}

// An output stream buffer that appends to a string: the payload is written once, after the room
// kept for the envelope, and never copied.
class StringSink : public std::streambuf {
 public:
  explicit StringSink(std::string& out) : out_(out) {}

 protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) out_.push_back(traits_type::to_char_type(c));
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    out_.append(s, std::size_t(n));
    return n;
  }

 private:
  std::string& out_;
};

// Writes the registry's archive into `sink`.
void write_payload(std::streambuf& sink, const Registry& reg, Format format) {
  std::ostream os(&sink);
  os.exceptions(std::ios::badbit);  // a failure to append (bad_alloc) goes on as itself
  switch (format) {
    case Format::binary: {
      boost::archive::binary_oarchive ar(os);
      reg.save(ar, format_version);
      break;
    }
    case Format::text: {
      boost::archive::text_oarchive ar(os);
      reg.save(ar, format_version);
      break;
    }
    case Format::xml: {
      boost::archive::xml_oarchive ar(os);
      reg.save(ar, format_version);
      break;
    }
  }
}

// The 40-byte envelope of a payload of `length` bytes with CRC-32C `crc`.
std::string envelope(Format format, std::uint64_t length, std::uint32_t crc) {
  std::string head(magic, sizeof magic);
  put<std::uint32_t>(head, format_version);
  const Platform p;
  for (std::uint8_t b : {std::uint8_t(format), p.little_endian, p.int_size, p.long_size, p.size_t_size})
    head.push_back(char(b));
  head.append(7, '\0');
  put<std::uint64_t>(head, length);
  put<std::uint32_t>(head, crc);
  put<std::uint32_t>(head, detail::crc32c(head));
  return head;
}

using detail::fail_io;

/// CRC-32C of a payload on every core: each piece's own, then combined in order.
std::uint32_t checksum(std::string_view data) {
  struct Piece {
    std::uint32_t crc = 0;
    std::size_t size = 0;
  };
  std::vector<detail::Padded<Piece>> pieces(detail::pieces_for(data.size()));
  detail::in_parallel(data.size(), [&](std::size_t k, std::size_t begin, std::size_t end) {
    pieces[k].value = {detail::crc32c(data.substr(begin, end - begin)), end - begin};
  });
  std::uint32_t crc = pieces[0].value.crc;
  for (std::size_t k = 1; k < pieces.size(); ++k) crc = detail::crc32c_combine(crc, pieces[k].value.crc, pieces[k].value.size);
  return crc;
}

// An output stream buffer that writes the payload to a file a piece at a time while the archive
// is made, keeping its length and CRC-32C; each piece starts on its way to the disk at once
// (FileWriter::write): the disk works while the rest is serialised, and the fsync at the end has
// little left.
// A failed write is kept for finish() (an archive's destructor must not see it) and the rest of
// the payload is dropped.
class FileSink : public std::streambuf {
 public:
  explicit FileSink(FileWriter& file) : file_(file) { piece_.reserve(piece_bytes); }
  // Writes what is left; throws the first failure.
  void finish() {
    write_piece();
    if (failed_) std::rethrow_exception(failed_);
  }
  std::uint64_t length() const noexcept { return length_; }
  std::uint32_t crc() const noexcept { return crc_; }

 protected:
  int_type overflow(int_type c) override {
    if (!traits_type::eq_int_type(c, traits_type::eof())) {
      const char ch = traits_type::to_char_type(c);
      xsputn(&ch, 1);
    }
    return traits_type::not_eof(c);
  }
  std::streamsize xsputn(const char* s, std::streamsize n) override {
    piece_.append(s, std::size_t(n));
    if (piece_.size() >= piece_bytes) write_piece();
    return n;
  }

 private:
  static constexpr std::size_t piece_bytes = std::size_t(8) << 20;
  void write_piece() {
    if (!failed_ && !piece_.empty()) try {
        file_.write(piece_);
        crc_ = detail::crc32c(piece_, crc_);
        length_ += piece_.size();
      } catch (...) {
        failed_ = std::current_exception();
      }
    piece_.clear();
  }
  FileWriter& file_;
  std::string piece_;
  std::uint64_t length_ = 0;
  std::uint32_t crc_ = 0;
  std::exception_ptr failed_;
};

// Boost 1.74, the oldest Boost this library builds with, writes archive library version 18; an
// archive claiming an older one would send Boost down paths kept for old files (a bool read from
// any byte, other widths), so it is refused.
constexpr unsigned oldest_library_version = 18;

// What Boost would trust at the start of an archive, checked before it reads a byte: the length
// of its signature (binary and text archives allocate that length before comparing), and in xml
// the length of every end tag (Boost compares one with the name it expects by reading past the
// end of that name; io/serialize.hpp keeps each name in a buffer of xml_tag_room chars).
void check_archive_start(std::string_view payload, Format format) {
  const std::string_view signature = boost::archive::BOOST_ARCHIVE_SIGNATURE();
  switch (format) {
    case Format::binary: {
      std::size_t length = 0;
      if (payload.size() >= sizeof length) std::memcpy(&length, payload.data(), sizeof length);
      if (length != signature.size()) throw format_error("it does not start with Boost's archive signature");
      break;
    }
    case Format::text: {
      const std::string start = std::to_string(signature.size()) + " " + std::string(signature) + " ";
      if (!payload.starts_with(start)) throw format_error("it does not start with Boost's archive signature");
      break;
    }
    case Format::xml: {
      for (std::size_t at = payload.find("</"); at != std::string_view::npos; at = payload.find("</", at + 2)) {
        const std::size_t end = payload.find('>', at + 2);
        if (end == std::string_view::npos || end - (at + 2) > detail::xml_tag_room)
          throw format_error("an xml end tag at byte " + std::to_string(at) + " is not closed within " +
                             std::to_string(detail::xml_tag_room) + " characters");
      }
      break;
    }
  }
}

void check_library_version(unsigned version) {
  const unsigned newest = detail::version_number(boost::archive::BOOST_ARCHIVE_VERSION());
  if (version < oldest_library_version || version > newest)
    throw format_error("archive library version " + std::to_string(version) + " is not one this library reads (" +
                       std::to_string(oldest_library_version) + " to " + std::to_string(newest) + ")");
}

// After the last table: nothing (binary), blanks (text), or the closing tag (xml). The xml
// reader's destructor reads that tag and cannot report a failure, so it must be there.
void check_archive_end(std::string_view rest, Format format) {
  std::string_view s = rest;
  if (format != Format::binary) {
    auto blank = [](char c) { return c == ' ' || c == '\n' || c == '\r' || c == '\t'; };
    while (!s.empty() && blank(s.front())) s.remove_prefix(1);
    while (!s.empty() && blank(s.back())) s.remove_suffix(1);
  }
  if (format == Format::xml && s != "</boost_serialization>")
    throw format_error("the xml archive does not end with </boost_serialization> after its last table");
  if (format != Format::xml && !s.empty())
    throw format_error(std::to_string(rest.size()) + " bytes follow the end of the archive");
}

detail::ArchiveInput::Kind input_kind(Format format) {
  switch (format) {
    case Format::binary: return detail::ArchiveInput::Kind::binary;
    case Format::text: return detail::ArchiveInput::Kind::text;
    case Format::xml: return detail::ArchiveInput::Kind::xml;
  }
  return detail::ArchiveInput::Kind::unknown;
}

// Registry::load (io/serialize.hpp) in two steps: the tables are read here, the archive is closed
// (the xml reader keeps a copy of the longest string it read), and then they are replayed.
struct Read {
  Tables tables;
  Currency currency;
  Privacy privacy;
};

template <class Archive>
Read read_archive(std::string_view payload, Format format, std::uint32_t version) {
  check_archive_start(payload, format);
  Read read;
  {
    detail::MemoryBuffer buffer(payload);
    std::istream is(&buffer);
    Archive ar(is);
    check_library_version(detail::version_number(ar.get_library_version()));
    detail::ArchiveInput& input = detail::archive_input(ar);
    input.kind = input_kind(format);
    input.in = &buffer;
    detail::serialize_currency(ar, read.currency, version);
    detail::serialize_tables(ar, read.tables, version);
    detail::serialize_privacy(ar, read.privacy, version);
    check_archive_end(buffer.rest(), format);
  }
  return read;
}

Read read_tables(std::string_view payload, Format format, std::uint32_t version) {
  switch (format) {
    case Format::binary: return read_archive<boost::archive::binary_iarchive>(payload, format, version);
    case Format::text: return read_archive<boost::archive::text_iarchive>(payload, format, version);
    case Format::xml: return read_archive<boost::archive::xml_iarchive>(payload, format, version);
  }
  throw format_error("unknown archive kind");
}

}  // namespace

std::string_view to_string(Format format) {
  constexpr std::string_view names[] = {"binary", "text", "xml"};
  return names[std::size_t(format)];
}

Format format_from_string(std::string_view name) {
  for (Format f : {Format::binary, Format::text, Format::xml})
    if (to_string(f) == name) return f;
  throw validation_error("unknown file format '" + std::string(name) + "' (known: binary, text, xml)");
}

std::string to_bytes(const Registry& reg, Format format) {
  std::string out(envelope_size, '\0');  // the envelope, filled in once the payload is known
  StringSink sink(out);
  write_payload(sink, reg, format);
  const std::string_view payload = std::string_view(out).substr(envelope_size);
  out.replace(0, envelope_size, envelope(format, payload.size(), checksum(payload)));
  return out;
}

namespace {

format_error refused(const std::string& why) {
  return format_error("not a loadable shanhai file: " + why, Where{.reason = std::string(reason::bad_format)});
}

/// What the envelope says of the payload.
struct Envelope {
  Format format;
  std::uint32_t version;
  std::uint64_t length;
  std::uint32_t crc;
};

/// The envelope, checked: everything but the payload, which it describes.
Envelope read_envelope(std::string_view head) {
  if (head.size() < envelope_size)
    throw refused("it is " + std::to_string(head.size()) + " bytes, shorter than the 40-byte envelope");
  if (std::memcmp(head.data(), magic, sizeof magic) != 0) throw refused("wrong magic (not a shanhai file)");
  if (get<std::uint32_t>(head, 36) != detail::crc32c(head.substr(0, 36)))
    throw refused("the envelope is damaged (checksum mismatch)");
  const auto version = get<std::uint32_t>(head, 8);
  if (version == 0 || version > format_version)
    throw refused("format version " + std::to_string(version) + " is newer than this library reads (up to " +
                  std::to_string(format_version) + ")");
  const auto kind = static_cast<unsigned char>(head[12]);
  if (kind > std::uint8_t(Format::xml)) throw refused("unknown archive kind " + std::to_string(kind));
  const Format format = Format(kind);
  const Platform written{std::uint8_t(head[13]), std::uint8_t(head[14]), std::uint8_t(head[15]),
                         std::uint8_t(head[16])};
  if (format == Format::binary && !(written == Platform()))
    throw refused("a binary file from another platform (endianness or word sizes differ); save it as text or xml "
                  "there to move it");
  for (std::size_t i = 17; i < 24; ++i)
    if (head[i] != '\0') throw refused("reserved envelope bytes are not zero");
  return {format, version, get<std::uint64_t>(head, 24), get<std::uint32_t>(head, 32)};
}

void check_length(const Envelope& e, std::uint64_t actual) {
  if (e.length != actual)
    throw refused("the payload is " + std::to_string(actual) + " bytes but the envelope says " +
                  std::to_string(e.length) + (actual < e.length ? " (truncated)" : " (trailing bytes)"));
}

}  // namespace

Registry from_bytes(std::string_view bytes, const Progress& progress) {
  const Envelope e = read_envelope(bytes);
  check_length(e, bytes.size() - envelope_size);
  const std::string_view payload = bytes.substr(envelope_size);
  if (e.crc != checksum(payload)) throw refused("the payload is damaged (checksum mismatch)");

  Read read;
  try {
    read = read_tables(payload, e.format, e.version);
  } catch (const format_error& x) {
    throw refused(std::string("the archive is unreadable: ") + x.what());
  } catch (const error& x) {
    throw refused(std::string("its content is invalid: ") + x.what());
  } catch (const std::exception& x) {  // Boost's archive_exception among them
    throw refused(std::string("the archive is unreadable: ") + x.what());
  }
  // whatever `progress` throws (to stop the load) goes on as it is
  try {
    Registry reg = Registry::replay(std::move(read.tables), progress, read.currency, read.privacy.sharing);
    reg.set_privacy(std::move(read.privacy));
    return reg;
  } catch (const error& x) {
    throw refused(std::string("its content is invalid: ") + x.what());
  }
}

namespace {

// Whether a file of the registry holds personal data (personal.hpp): any identifier or sensitive
// value, or a shared copy's pseudonyms (still personal information). A new such file is its
// owner's alone. Free text alone does not count: every registry has some (a wish's text, a
// flow's citation), and most of it names nobody.
bool holds_personal_data(const Registry& reg) {
  if (reg.shared()) return true;
  bool any = false;
  each_table(reg.tables(), [&](const char* name, const auto& table) {
    using T = std::remove_cvref_t<decltype(table)>;
    std::size_t k = 0;
    std::apply(
        [&](const auto&... column) {
          (
              [&](const auto& c) {
                const Personal cls = personal_class(name, T::column_names[k++]);
                if (any || (cls != Personal::identifier && cls != Personal::sensitive)) return;
                using C = std::remove_cvref_t<decltype(c)>;
                if constexpr (is_list_column<C>) any = !c.values().empty();
                else any = std::any_of(c.begin(), c.end(), [](const auto& v) { return v != typename C::value_type{}; });
              }(column),
              ...);
        },
        T::columns(table));
  });
  return any;
}

}  // namespace

void save(const Registry& reg, const std::string& path, Format format) {
  FileWriter file(path, holds_personal_data(reg));
  file.write(std::string(envelope_size, '\0'));  // room for the envelope, written last
  FileSink sink(file);
  write_payload(sink, reg, format);
  sink.finish();
  file.write_at(0, envelope(format, sink.length(), sink.crc()));
  file.commit();
}

namespace {

/// Reads [at, end) of the file; returns how many bytes there were (fewer: the file ended).
std::size_t read_range(int fd, char* into, std::size_t at, std::size_t end, const std::string& path) {
  std::size_t got = at;
  while (got < end) {
    const ssize_t n = ::pread(fd, into + got, std::min<std::size_t>(end - got, std::size_t(1) << 24), off_t(got));
    if (n < 0 && errno == EINTR) continue;
    if (n < 0) fail_io("cannot read", path, errno);
    if (n == 0) break;
    got += std::size_t(n);
  }
  return got - at;
}

/// The whole of a regular file of `size` bytes, its envelope read and checked before anything
/// else: a file that is not ours, or is not as long as its envelope says, is refused at once.
/// The rest is read in pieces on every core: most of a large read is the kernel copying into
/// memory not touched before, which on some machines is slow, and it splits.
std::string_view read_file(int fd, std::size_t size, const std::string& path, std::unique_ptr<char[]>& keep) {
  keep.reset(new char[std::min(size, envelope_size) + 1]);
  const std::size_t head = read_range(fd, keep.get(), 0, std::min(size, envelope_size), path);
  check_length(read_envelope({keep.get(), head}), size - envelope_size);
  keep.reset(new char[size + 1]);  // not zeroed: the reads are the first touch
  std::vector<std::size_t> missing(detail::pieces_for(size));
  detail::in_parallel(size, [&](std::size_t piece, std::size_t begin, std::size_t end) {
    missing[piece] = end - begin - read_range(fd, keep.get(), begin, end, path);
  });
  const bool shorter = std::any_of(missing.begin(), missing.end(), [](std::size_t m) { return m > 0; });
  if (shorter || read_range(fd, keep.get(), size, size + 1, path) > 0)
    throw refused("it changed while it was read (" + std::to_string(size) + " bytes when it was opened)");
  return {keep.get(), size};
}

/// A load's format_error, naming what was loaded.
template <class Load>
auto naming(const std::string& what, Load&& load) {
  try {
    return load();
  } catch (const format_error& e) {
    throw format_error(what + " is " + e.what(), e.where());
  }
}

}  // namespace

Registry load(const std::string& path, const Progress& progress) {
  // O_NONBLOCK: opening a pipe does not wait for a writer to come (a regular file ignores it)
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOCTTY);
  if (fd < 0) fail_io("cannot open", path, errno);
  std::unique_ptr<char[]> keep;
  std::string_view bytes;
  try {
    struct stat st;
    if (::fstat(fd, &st) != 0) fail_io("cannot read", path, errno);
    if (!S_ISREG(st.st_mode))
      throw io_error("cannot load '" + path + "': it is " + detail::file_kind(st.st_mode) +
                         ", not a regular file (to load from a pipe or a device, give load an open stream of it)",
                     Where{.reason = std::string(reason::io)});
    bytes = naming("'" + path + "'", [&] { return read_file(fd, std::size_t(st.st_size), path, keep); });
  } catch (...) {
    ::close(fd);
    throw;
  }
  ::close(fd);
  return naming("'" + path + "'", [&] { return from_bytes(bytes, progress); });
}

Registry load(std::istream& in, const Progress& progress) {
  return naming("the stream", [&] {
    const auto read = [&](std::string& into, std::size_t n) {
      const std::size_t had = into.size();
      into.resize(had + n);
      in.read(into.data() + had, std::streamsize(n));
      into.resize(had + std::size_t(in.gcount()));
      return std::size_t(in.gcount()) == n;
    };
    std::string bytes;
    if (read(bytes, envelope_size)) {
      // as much payload as the envelope says, taken as it comes: a length is never trusted with
      // memory before the bytes are there
      const std::uint64_t length = read_envelope(bytes).length;
      while (bytes.size() - envelope_size < length &&
             read(bytes, std::size_t(std::min<std::uint64_t>(length - (bytes.size() - envelope_size), std::uint64_t(1) << 24)))) {
      }
      if (bytes.size() - envelope_size == length && in.peek() != std::istream::traits_type::eof())
        read(bytes, 1);  // more follows: refused as trailing bytes
    }
    return from_bytes(bytes, progress);
  });
}

}  // namespace shanhai::io
