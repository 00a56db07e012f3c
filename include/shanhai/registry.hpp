// The store: every table of a programme, insertion with validation, lookup and structure,
// with the analyses that Registry's members run (totals, check, report, trace).
#pragma once

#include <shanhai/detail/registry_class.hpp>

#include <shanhai/analysis/check.hpp>
#include <shanhai/analysis/match_wishes.hpp>
#include <shanhai/analysis/report.hpp>
#include <shanhai/analysis/totals.hpp>
#include <shanhai/analysis/trace.hpp>
#include <shanhai/analysis/workshops.hpp>
