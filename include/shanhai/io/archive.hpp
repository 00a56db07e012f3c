// Saving and loading a registry: a Boost.Serialization archive inside an envelope that is checked
// before a byte of the archive is read. The envelope (little-endian, 40 bytes):
//
//   magic "SHANHAI\x1a" | u32 format version | u8 archive kind | u8 platform: little-endian bit,
//   then sizeof(int), sizeof(long), sizeof(size_t) | u8 reserved | u64 payload length |
//   u32 CRC-32C of the payload | u32 CRC-32C of the 36 bytes before it
//
// Text and XML archives are portable; a binary archive loads only where the platform matches.
#pragma once

#include <shanhai/progress.hpp>
#include <shanhai/registry.hpp>

#include <cstdint>
#include <iosfwd>
#include <string>
#include <string_view>

namespace shanhai::io {

enum class Format : std::uint8_t { binary, text, xml };

/// The file format this library writes; it reads this and every earlier one (docs/files.md).
/// 2: persons, status history, employment, targets; households' causes and address; wish batches.
/// 3: the registry's currency (files before it are CNY).
/// 4: persons' name, id_number and phone; households' head_name.
/// 5: published figures of report indicators, with how exact they were (以上, 约); breakdowns of
///    benefits and trainings (part_of); training sessions.
/// 6: erasures (date, reason, kind) and restricted persons, after the tables.
/// 7: targets per pair (east, west); figures; labour records; events' participants; partners'
///    count; flows' credited_to; the sharing record of a copy made for a researcher (k,
///    generalisation), after the erasures.
/// 8: flows' currency (before it, every flow is in its registry's currency).
inline constexpr std::uint32_t format_version = 8;

/// The whole file, envelope and archive, as bytes.
std::string to_bytes(const Registry& reg, Format format = Format::binary);
/// Checks the envelope, reads the archive and replays every row through the validating
/// insertions: anything wrong throws format_error and nothing half-valid is returned.
/// `progress` hears of the rows as they are validated.
Registry from_bytes(std::string_view bytes, const Progress& progress = {});

/// Writes atomically (io/file.hpp: a temporary file beside `path`, its owner's alone until it
/// takes the place, mode and owner of the file it replaces; fsync, rename, fsync of the folder).
/// A new file holding personal data (any identifier or sensitive value, personal.hpp, or a shared
/// copy) is its owner's alone (0600); one replaced keeps its mode.
/// On any error the file at `path` is as it was, and the error names path and cause. A symbolic
/// link is followed; a folder, a pipe or a read-only file is refused. The payload is written as
/// it is made (no copy of the file in memory).
void save(const Registry& reg, const std::string& path, Format format = Format::binary);
/// Loads a regular file, its envelope read and checked before anything else; anything else (a
/// pipe, a device, a folder) is refused with io_error at once: give it as a stream.
Registry load(const std::string& path, const Progress& progress = {});
/// Loads from a stream: the envelope first, then as much payload as it says, taken as it comes
/// (never reserved ahead), then the end of the stream.
Registry load(std::istream& in, const Progress& progress = {});

Format format_from_string(std::string_view name);
std::string_view to_string(Format format);

}  // namespace shanhai::io
