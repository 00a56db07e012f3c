// Boost.Serialization for the registry: one description of each type's state, used by the file
// archives and by pickle. Include this only to put a registry inside an archive of your own.
#pragma once

#include <shanhai/detail/registry_class.hpp>

#include <boost/serialization/level.hpp>
#include <boost/serialization/nvp.hpp>
#include <boost/serialization/string.hpp>
#include <boost/serialization/tracking.hpp>
#include <boost/serialization/vector.hpp>

#include <cstddef>
#include <tuple>

namespace shanhai {

// Value types: their state is one or two integers. Loading goes through the same checks as
// building them (a forged date or enum is refused, never stored).
template <class Archive>
void serialize(Archive& ar, Money& m, unsigned) {
  std::int64_t fen = m.fen();
  ar& boost::serialization::make_nvp("fen", fen);
  if constexpr (Archive::is_loading::value) m = Money::from_fen(fen);
}

template <class Archive>
void serialize(Archive& ar, Date& d, unsigned) {
  std::int32_t packed = d.packed();
  ar& boost::serialization::make_nvp("ymd", packed);
  if constexpr (Archive::is_loading::value) d = Date::from_packed(packed);
}

template <class Archive>
void serialize(Archive& ar, Node& n, unsigned) {
  unsigned kind = static_cast<unsigned>(n.kind);
  ar& boost::serialization::make_nvp("kind", kind);
  ar& boost::serialization::make_nvp("id", n.id);
  if constexpr (Archive::is_loading::value) n.kind = enum_checked<NodeKind>(kind);
}

template <class Archive, class Tag>
void serialize(Archive& ar, Id<Tag>& id, unsigned) {
  ar& boost::serialization::make_nvp("id", id.value);
}

template <class Archive>
void serialize(Archive& ar, Output& o, unsigned) {
  ar& boost::serialization::make_nvp("name", o.name);
  ar& boost::serialization::make_nvp("count", o.count);
}

namespace detail {

// Every column of a table, each under its name.
template <class Archive, class Table>
void serialize_columns(Archive& ar, Table& table) {
  std::size_t i = 0;
  std::apply([&](auto&... column) { ((ar & boost::serialization::make_nvp(Table::column_names[i++].data(), column)), ...); },
             std::remove_const_t<Table>::columns(table));
}

template <class Archive, class T>  // T: Tables or const Tables
void serialize_tables(Archive& ar, T& t) {
  serialize_columns(ar, t.partners);
  serialize_columns(ar, t.pairings);
  serialize_columns(ar, t.flows);
  serialize_columns(ar, t.projects);
  serialize_columns(ar, t.households);
  serialize_columns(ar, t.benefits);
  serialize_columns(ar, t.exchanges);
  serialize_columns(ar, t.trainings);
  serialize_columns(ar, t.wishes);
  serialize_columns(ar, t.events);
  serialize_columns(ar, t.expectations);
}

}  // namespace detail

template <class Archive>
void Registry::save(Archive& ar, unsigned) const {
  detail::serialize_tables(ar, t_);
}

// Loads into a fresh registry by replaying every row through the validating insertions, so a
// file can never hold what the API would refuse.
template <class Archive>
void Registry::load(Archive& ar, unsigned) {
  Tables in;
  detail::serialize_tables(ar, in);
  *this = replay(in);
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
#undef SHANHAI_PLAIN_VALUE

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
}  // namespace boost::serialization
