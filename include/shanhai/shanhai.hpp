// shanhai: the whole model and its analyses. No Boost, no iostream; saving is in io/archive.hpp.
#pragma once

#include <shanhai/analysis/check.hpp>
#include <shanhai/analysis/match.hpp>
#include <shanhai/analysis/match_wishes.hpp>
#include <shanhai/analysis/report.hpp>
#include <shanhai/analysis/totals.hpp>
#include <shanhai/analysis/trace.hpp>
#include <shanhai/analysis/workshops.hpp>
#include <shanhai/currency.hpp>
#include <shanhai/date.hpp>
#include <shanhai/enums.hpp>
#include <shanhai/erasure.hpp>
#include <shanhai/error.hpp>
#include <shanhai/identity.hpp>
#include <shanhai/ids.hpp>
#include <shanhai/money.hpp>
#include <shanhai/merge.hpp>
#include <shanhai/partition.hpp>
#include <shanhai/personal.hpp>
#include <shanhai/pseudonym.hpp>
#include <shanhai/progress.hpp>
#include <shanhai/registry.hpp>
#include <shanhai/shared_registry.hpp>
#include <shanhai/specs.hpp>
#include <shanhai/synthetic.hpp>
#include <shanhai/tables.hpp>
