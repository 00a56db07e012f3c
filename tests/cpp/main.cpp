// The doctest runner: every tests/cpp/test_*.cpp links against this one main().
#define DOCTEST_CONFIG_IMPLEMENT_WITH_MAIN
#include <doctest/doctest.h>
