// Keyed pseudonyms: SHA-256 and HMAC-SHA256 against their standards' vectors (FIPS 180-4
// examples, RFC 4231), then the pseudonyms themselves: stable per key, different across keys and
// domains, joined between a person's name and a head name, and refused for a short key.
#include <shanhai/detail/sha256.hpp>
#include <shanhai/pseudonym.hpp>

#include <doctest/doctest.h>

#include <set>
#include <string>
#include <string_view>

using namespace shanhai;

namespace {

std::string hex(const detail::Digest& d) {
  static constexpr std::string_view digits = "0123456789abcdef";
  std::string out;
  for (unsigned char c : d) out += digits[c >> 4], out += digits[c & 15];
  return out;
}

std::string hmac(std::string_view key, std::string_view data) { return hex(detail::HmacSha256(key)(data)); }

}  // namespace

TEST_CASE("SHA-256 gives the FIPS 180-4 example digests") {
  CHECK(hex(detail::sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(hex(detail::sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(hex(detail::sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  detail::Sha256 h;  // a million 'a' given in uneven pieces: the pending block is filled across calls
  const std::string piece(997, 'a');
  std::size_t left = 1000000;
  for (; left >= piece.size(); left -= piece.size()) h.update(piece);
  h.update(std::string(left, 'a'));
  CHECK(hex(h.finish()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
  for (std::size_t n : {55u, 56u, 63u, 64u, 65u}) {  // the padding's edge cases agree in one call and in bytes
    const std::string s(n, 'q');
    detail::Sha256 one;
    for (char c : s) one.update(std::string_view(&c, 1));
    CHECK(hex(one.finish()) == hex(detail::sha256(s)));
  }
}

TEST_CASE("HMAC-SHA256 gives the RFC 4231 test vectors") {
  CHECK(hmac(std::string(20, '\x0b'), "Hi There") ==
        "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
  CHECK(hmac("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(hmac(std::string(20, '\xaa'), std::string(50, '\xdd')) ==
        "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
  CHECK(hmac(std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First") ==
        "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  CHECK(hmac(std::string(131, '\xaa'),
             "This is a test using a larger than block-size key and a larger than block-size data. The key needs to "
             "be hashed before being used by the HMAC algorithm.") ==
        "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
  // a MAC given in parts is the MAC of their concatenation
  const detail::HmacSha256 mac("Jefe");
  CHECK(hex(mac(std::string_view("what do ya "), std::string_view("want for nothing?"))) ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST_CASE("A pseudonym is 16 base32 characters of HMAC-SHA256 over domain, a zero byte and the value") {
  const std::string key = "synthetic key 0123456789";
  const std::string p = pseudonym(key, "name", "马小红");
  CHECK(p.size() == 16);
  for (char c : p) CHECK(((c >= 'A' && c <= 'Z') || (c >= '2' && c <= '7')));
  // the first 10 bytes of the MAC, in base32 by hand
  const detail::Digest d = detail::HmacSha256(key)(std::string("name") + '\0' + "马小红");
  std::string bits;
  for (std::size_t i = 0; i < 10; ++i)
    for (int b = 7; b >= 0; --b) bits += (d[i] >> b) & 1 ? '1' : '0';
  std::string expected;
  for (std::size_t i = 0; i < 80; i += 5) expected += "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"[std::stoi(bits.substr(i, 5), nullptr, 2)];
  CHECK(p == expected);
}

TEST_CASE("Pseudonyms are stable per key and differ across keys and domains") {
  const std::string a = "recipient A 0123456789", b = "recipient B 0123456789";
  const Pseudonymiser pa(a), pb(b);
  CHECK(pa("id", "11010519491231002X") == pseudonym(a, "id", "11010519491231002X"));
  CHECK(pa("id", "11010519491231002X") != pb("id", "11010519491231002X"));
  CHECK(pa("id", "11010519491231002X") == pa("id", "11010519491231002x"));  // normalised: x is X
  CHECK(pa("phone", "13800000000") != pa("id", "13800000000"));           // the domain is hashed too
  CHECK(pa("name", " 马小红 ") == pa("name", "马小红"));                  // surrounding spaces are no part
  CHECK(pa("name", "马小红\xE3\x80\x80") == pa("name", "马小红"));
  CHECK(pa("name", "") == "");  // nothing recorded stays nothing
  std::set<std::string> seen;  // no two of 10,000 values collide
  for (int i = 0; i < 10000; ++i) seen.insert(pa("household", "6201020" + std::to_string(i)));
  CHECK(seen.size() == 10000);
  CHECK(pa("name", std::vector<std::string>{"马小红", "", "王芳"}) ==
        std::vector<std::string>{pa("name", "马小红"), "", pa("name", "王芳")});
}

TEST_CASE("A pseudonym key shorter than 16 bytes or an unknown domain is refused") {
  CHECK_THROWS_AS(Pseudonymiser("fifteen bytes!!"), validation_error);
  CHECK_NOTHROW(Pseudonymiser("sixteen bytes!!!"));
  try {
    (void)pseudonym("short", "name", "马小红");
    FAIL("a short key was taken");
  } catch (const validation_error& e) {
    CHECK(std::string(e.what()).find("short") == std::string::npos);  // the key is never echoed
    CHECK(e.where().reason == "out_of_range");
  }
  CHECK_THROWS_AS((void)pseudonym("sixteen bytes!!!", "address", "x"), validation_error);
  CHECK(pseudonym_domain("households", "head_name") == pseudonym_domain("persons", "name"));
  CHECK(pseudonym_domain("persons", "note").empty());
}
