"""Bulk ingest and column views without copies."""

import gc
from decimal import Decimal

import numpy as np
import pandas as pd
import pytest

import shanhai as sh


def base():
    reg = sh.Registry()
    reg.add_partners(pd.DataFrame({
        "name": ["思明区", "临夏市", "王坪村", "单子庄村"],
        "kind": ["district", "county", "village", "village"],
        "side": ["east", "west", None, None],
        "parent": [None, None, 1, 1],
    }))
    return reg


def test_bulk_partners_households_flows_benefits_match_single_calls():
    reg = base()
    assert [p.name for p in reg.partners] == ["思明区", "临夏市", "王坪村", "单子庄村"]
    assert reg.partners[2].parent == reg.partners[1] and reg.partners[2].side == "west"
    hh = reg.add_households({"number": ["a1", "a2", None], "village": np.array([2, 2, 3]), "members": [3, 4, 5],
                             "status": ["poor", "extremely_poor", "poor"]})
    assert hh == range(0, 3) and reg.households[1].status == "extremely_poor" and reg.household("a2").id == 1
    fl = reg.add_flows(pd.DataFrame({
        "source": [0, 0, 1], "target": [1, 2, 0], "target_kind": ["partner", "partner", "household"],
        "amount": ["984万", "34万", "1,000.00元"], "date": ["2018", "2018-05", "2018-12-01"],
        "kind": ["fiscal", "fiscal", "dividend"], "parent": [None, 0, 0],
    }))
    assert fl == range(0, 3)
    f = reg.flows
    assert [x.amount for x in f] == [sh.Money("984万"), sh.Money("34万"), sh.Money("1000")]
    assert [x.link for x in f] == ["none", "part", "pass_through"] and f[2].target == reg.households[0]
    assert f[1].date == "2018-05" and f[2].date == "2018-12-01"
    assert reg.totals().total == sh.Money("984万")
    reg.add_benefits({"beneficiary": [0, None], "via": [0, 1], "via_kind": ["flow", "flow"],
                      "kind": ["dividend", "employment"], "persons": [1, 900], "date": [2018, 2018]})
    assert reg.benefits[1].persons == 900 and reg.benefits[0].beneficiary == reg.households[0]


@pytest.mark.parametrize("column, value, message", [
    ("amount", "12.345元", "finer than a fen"),
    ("amount", -5, "must be positive"),
    ("kind", "fiscl", "not a known FlowKind"),
    ("target", 99, "no partner with id 99"),
    ("parent", 7, "no flow with id 7"),
    ("date", "2018-13", "month must be 1..12"),
    ("amount", 1.5, "binary float"),
])
def test_a_bad_row_is_named_and_nothing_is_kept(column, value, message):
    reg = base()
    rows = {"source": [0, 0, 0], "target": [1, 1, 1], "amount": ["1万", "2万", "3万"], "kind": ["fiscal"] * 3,
            "date": ["2018"] * 3, "parent": [None, None, None]}
    rows[column] = list(rows[column])
    rows[column][2] = value
    before = reg.to_bytes("text")
    with pytest.raises(sh.Error, match=message) as caught:
        reg.add_flows(rows)
    assert "row 2" in str(caught.value)
    assert reg.to_bytes("text") == before and len(reg.flows) == 0


@pytest.mark.parametrize("bad, message, row, field", [
    ({"kind": (3, 200)}, "flows row 3, column 'kind': 200 is out of range (0..7)", 3, "kind"),
    ({"date": (2, 20181301)}, "flows row 2, column 'date': 20181301 is not a year or a date", 2, "date"),
    ({"kind": (3, 200), "date": (1, 20180230)}, "flows row 1, column 'date': 20180230 is not", 1, "date"),
    ({"target_kind": (2, 9), "stage": (2, 77)}, "flows row 2, column 'target': 9 is out of range (0..4)", 2, "target"),
    ({"amount_fen": (1, -5), "kind": (3, 200)}, "flows row 1: flow amount: must be positive", 1, None),  # a rule's
    ({"kind": (3, 200), "amount_fen": (4, -5)}, "flows row 3, column 'kind': 200 is out of range", 3, "kind"),
])
def test_codes_and_packed_dates_are_refused_at_the_earliest_row(bad, message, row, field):
    """Integer codes and packed dates are checked before anything is added: the earliest refused
    row is named (on a tie, the column the one-row call reads first), and a rule an earlier row
    breaks comes first, as the single insertions would have it."""
    reg = base()
    cols = {"source": np.zeros(6, np.int64), "target": np.ones(6, np.int64), "amount_fen": np.full(6, 100, np.int64),
            "date": np.full(6, 20180000, np.int32), "kind": np.ones(6, np.uint8), "stage": np.zeros(6, np.uint8),
            "source_kind": np.ones(6, np.uint8), "target_kind": np.ones(6, np.uint8)}
    for column, (at, value) in bad.items():
        cols[column][at] = value
    before = reg.to_bytes("binary")
    with pytest.raises(sh.Error) as caught:
        reg.add_flows(cols)
    assert str(caught.value).startswith(message)
    assert (caught.value.table, caught.value.row) == ("flows", row)
    assert field is None or caught.value.field == field
    assert reg.to_bytes("binary") == before


def test_a_batch_over_allocating_its_own_parent_is_refused_whole():
    reg = base()
    reg.add_flow(reg.partners[0], reg.partners[1], "10万")
    with pytest.raises(sh.ValidationError, match="row 1: flow amount"):
        reg.add_flows({"source": [1, 1], "target": [2, 3], "amount": ["6万", "6万"], "parent": [0, 0]})
    assert len(reg.flows) == 1 and reg.flows[0].remaining == sh.Money("10万")


def test_a_registry_s_own_columns_go_back_in_as_they_are():
    """Ids as the registry's columns hold them (uint32, 4294967295 for none) and packed dates are
    taken without conversion; the copy holds the same rows and the same chains."""
    reg = base()
    reg.add_flow(reg.partners[0], reg.partners[1], "10万", date="2018-05")
    reg.add_flow(reg.partners[1], reg.partners[2], "4万", date="2018-06-30", parent=reg.flows[0])
    reg.add_flow(reg.partners[0], reg.partners[3], "1万", date=2019)
    cols = {name: reg.flows.column(name).copy() for name in ("amount", "date", "parent", "kind")}
    source, target = reg.flows.column("source"), reg.flows.column("target")
    cols.update(source=source["id"], target=target["id"], amount_fen=cols.pop("amount"))
    assert cols["parent"].dtype == np.uint32 and cols["parent"].tolist() == [0xFFFFFFFF, 0, 0xFFFFFFFF]
    copy = base()
    assert copy.add_flows(cols) == range(3)
    del source, target
    assert copy.flows.links().tolist() == reg.flows.links().tolist() == [0, 2, 0]
    assert copy.flows.column("date").tolist() == [20180500, 20180630, 20190000]
    assert copy.flows[0].remaining == sh.Money("6万")
    cols["parent"][2] = 7  # a flow that is not there
    with pytest.raises(sh.NotFoundError, match="flows row 2, column .parent.: no flow with id 7"):
        copy.add_flows(cols)
    assert len(copy.flows) == 3


def test_column_views_share_memory_and_keep_the_registry_alive():
    reg = base()
    reg.add_flows({"source": [0] * 4, "target": [1, 2, 3, 1], "amount_fen": [100, 200, 300, 400],
                   "date": [20180500, 2018, 2019, 20190101]})
    amount = reg.flows.column("amount")
    again = reg.flows.column("amount")
    assert amount.ctypes.data == again.ctypes.data  # the same storage, not a copy
    assert amount.dtype == np.int64 and amount.tolist() == [100, 200, 300, 400]
    assert not amount.flags.writeable
    dates = reg.flows.column("date")
    assert dates.tolist() == [20180500, 20180000, 20190000, 20190101]
    target = reg.flows.column("target")
    assert target["id"].tolist() == [1, 2, 3, 1] and set(target["kind"].tolist()) == {1}
    assert reg.flows.column("parent").tolist() == [0xFFFFFFFF] * 4
    with pytest.raises(sh.ValidationError, match="lent to"):
        reg.add_partner("新")
    with pytest.raises(sh.ValidationError, match="text"):
        reg.partners.column("name")
    with pytest.raises(sh.NotFoundError, match="no column"):
        reg.flows.column("amounts")
    del reg, again, dates, target
    gc.collect()
    assert amount.sum() == 1000  # the registry lives as long as the view
    fresh = base()
    view = fresh.partners.column("kind")
    del view
    gc.collect()
    fresh.add_partner("新")  # no view left: the registry may grow again
    assert len(fresh.partners) == 5


# ---- nothing changes on the way in: each value the one-row call refuses is refused in bulk too


def refused(reg, call, *, row, field, reason, cls=sh.ValidationError, value="any"):
    """`call()` raises `cls` naming the table, row, field and reason (and `value`), and changes nothing."""
    before = reg.to_bytes()
    with pytest.raises(cls) as caught:
        call()
    e = caught.value
    assert (e.row, e.field, e.reason) == (row, field, reason), str(e)
    assert e.table and f"row {row}, column '" in str(e)
    if value != "any":
        assert e.value == value
    assert reg.to_bytes() == before
    return e


def households(reg):
    return {"number": ["1", "2", "3"], "village": [2, 2, 3], "members": [3, 4, 5]}


def test_an_integer_code_beyond_its_range_is_refused_not_wrapped():
    reg = base()
    flows = {"source": [0, 0], "target": [1, 1], "amount": ["1万", "2万"], "kind": np.array([1, 257], np.int64)}
    refused(reg, lambda: reg.add_flows(flows), row=1, field="kind", reason="out_of_range", value="257")
    flows["kind"] = np.array([1, -255], np.int16)  # -255 as uint8 would be 1 too
    refused(reg, lambda: reg.add_flows(flows), row=1, field="kind", reason="out_of_range", value="-255")


@pytest.mark.parametrize("dtype", [np.int32, np.int64, np.uint32, np.uint64, np.float64, object])
def test_exit_and_birth_years_beyond_int16_are_refused_not_wrapped(dtype):
    reg = base()
    rows = dict(households(reg), exit_year=np.array([2019, 0, 67554], dtype))  # 67554 as int16 is 2018
    e = refused(reg, lambda: reg.add_households(rows), row=2, field="exit_year", reason="out_of_range")
    assert float(e.value) == 67554
    reg.add_households(households(reg))
    persons = {"household": [0, 1], "birth_year": np.array([67554, 1960], dtype)}
    refused(reg, lambda: reg.add_persons(persons), row=0, field="birth_year", reason="out_of_range")


@pytest.mark.parametrize("members", [np.array([3, 2**32 + 3, 4]), [3, 2**32 + 3, 4], [3, 2**70, 4],
                                     np.array([3, 2**32 + 3, 4], np.uint64), np.array([3.0, 2.0**32 + 3, 4.0])])
def test_members_beyond_int32_are_refused_not_wrapped(members):
    reg = base()
    rows = dict(households(reg), members=members)  # 2**32 + 3 as int32 is 3
    refused(reg, lambda: reg.add_households(rows), row=1, field="members", reason="out_of_range")


@pytest.mark.parametrize("call, column", [("add_households", "members"), ("add_households", "village"),
                                          ("add_flows", "target"), ("add_flows", "date")])
def test_a_fraction_where_a_whole_number_goes_is_refused_not_truncated(call, column):
    reg = base()
    reg.add_households(households(reg))
    rows = households(reg) if call == "add_households" else {"source": [0, 0], "target": [1, 1],
                                                               "amount": ["1万", "2万"]}
    rows[column] = [2, 2.7] + [3] * (len(rows["village"] if "village" in rows else rows["source"]) - 2)
    rows.pop("number", None)
    refused(reg, lambda: getattr(reg, call)(rows), row=1, field=column, reason="too_fine", value="2.7")


@pytest.mark.parametrize("amount", [[True, "1万"], np.array([True, False]), [np.True_, "1万"]])
def test_a_bool_for_money_is_refused_not_one_yuan(amount):
    reg = base()
    rows = {"source": [0, 0], "target": [1, 1], "amount": amount}
    refused(reg, lambda: reg.add_flows(rows), row=0, field="amount", reason="wrong_type", cls=sh.WrongTypeError)
    rows = {"source": [0, 0], "target": [1, 1], "amount_fen": np.array([100, True], dtype=object)}
    refused(reg, lambda: reg.add_flows(rows), row=1, field="amount", reason="wrong_type", cls=sh.WrongTypeError)


@pytest.mark.parametrize("column", ["source", "target", "parent"])
def test_a_bool_for_an_id_is_refused_not_partner_one(column):
    reg = base()
    rows = {"source": [0, 0], "target": [1, 2], "amount": ["1万", "2万"], "parent": [None, None]}
    rows[column] = [rows[column][0], True]
    refused(reg, lambda: reg.add_flows(rows), row=1, field=column, reason="wrong_type", cls=sh.WrongTypeError)
    rows[column] = np.array([False, True])
    refused(reg, lambda: reg.add_flows(rows), row=0, field=column, reason="wrong_type", cls=sh.WrongTypeError)


def test_a_bool_for_a_count_is_refused():
    reg = base()
    rows = dict(households(reg), members=[3, True, 5])
    refused(reg, lambda: reg.add_households(rows), row=1, field="members", reason="wrong_type", cls=sh.WrongTypeError)


@pytest.mark.parametrize("number", [[6.2e17, "622901"], np.array([620000000000000000, 1]), [None, 622901],
                                    np.array([np.nan, 6.2e17])])
def test_a_number_where_text_goes_is_refused_not_written_out(number):
    """An ID number read as a float (6.2e17) would be stored as "6.2e+17": refused, and never quoted."""
    reg = base()
    rows = dict(households(reg), number=number, village=[2, 2], members=[1, 1])
    row = 1 if number[0] is None or number[0] != number[0] else 0
    e = refused(reg, lambda: reg.add_households(rows), row=row, field="number", reason="wrong_type",
                cls=sh.WrongTypeError, value=None)
    assert "62" not in str(e) and "e+17" not in str(e)


@pytest.mark.parametrize("call, rows", [
    ("add_households", {"village": [2], "member": [3]}),
    ("add_flows", {"source": [0], "target": [1], "amount": ["1万"], "purpose_": ["water"]}),
    ("add_persons", {"household": [0], "birthyear": [1960]}),
])
def test_a_misspelt_column_is_refused_not_dropped(call, rows):
    reg = base()
    reg.add_households(households(reg))
    before = reg.to_bytes()
    unknown = [c for c in rows if c not in ("village", "source", "target", "amount", "household")][0]
    with pytest.raises(sh.ValidationError, match=f"no column '{unknown}'") as caught:
        getattr(reg, call)(rows)
    assert (caught.value.field, caught.value.reason) == (unknown, "unknown_column")
    assert reg.to_bytes() == before


def every_table():
    """A registry with rows in every table that has a bulk call, using every column."""
    reg = base()
    reg.partners[0]  # noqa: B018
    reg.add_partner("枹罕镇", kind="town", parent=reg.partners[1], code="622901101", note="镇")
    h0 = reg.add_household("622901100201000001", village=reg.partners[2], members=4, status="exited", exit_year=2019,
                           note="注", causes=["illness", "lack_of_labour"], address="王坪村1号")
    h1 = reg.add_household(None, village=reg.partners[3], causes=[], address="")
    p0 = reg.add_person(h0, relation="head", sex="male", birth_year=1960, health="chronic_illness",
                        education="primary", labour="able", note="户主")
    reg.add_person(h1)
    ws = reg.add_project("扶贫车间", sector="industry", location=reg.partners[1])
    f0 = reg.add_flow(reg.partners[0], reg.partners[1], "984万", date="2018", kind="fiscal", purpose="industry")
    reg.add_flow(reg.partners[0], reg.partners[2], "34万", date="2018-05", parent=f0, note="部分")
    reg.add_flow(reg.partners[1], h0, sh.Money("1000.5"), date="2018-12-01", kind="dividend", parent=f0)
    reg.add_flow(reg.partners[0], ws, "20万", stage="commitment")
    reg.add_benefit(h0, via=ws, kind="employment", persons=1, date="2018-09", amount="1200元", note="岗位")
    reg.add_benefit(None, via=f0, kind="dividend", persons=900, households=300)
    reg.add_employment(ws, person=p0, month="2018-03", wage="2000元", note="月")
    reg.add_employment(ws, worker="W-17", month="2018-04")
    reg.add_employment(ws, month="2018", workers=40, poor=25)
    reg.add_project("道路", sector="infrastructure", implementer=reg.partners[0], start="2018", end="2019-06",
                    outputs={"bridges": 1, "km_road": 12}, note="硬化")  # by name, as Arrow's map of them
    reg.set_status(h0, "exited", date="2019-06", note="脱贫")
    reg.set_status(h1, "poor", date="2018-01-02")
    reg.set_status(h0, "monitored", date="2021")
    reg.pair(reg.partners[0], reg.partners[1], kind="east_west", since=2016, until="2020-12", note="协作")
    reg.pair(reg.partners[0], h1, kind="family_household", since="2018-03")
    ex = reg.add_exchange(reg.partners[0], reg.partners[1], role="teacher", person_times=12, persons=10, batches=2,
                          days=30, purpose="支教", date="2019-03")
    reg.add_exchange(reg.partners[0], reg.partners[1], role="teacher", person_times=5, part_of=ex, note="第二批")
    tr = reg.add_training(reg.partners[0], location=reg.partners[2], role="technician", trainees=120, days=3,
                          date="2019", sessions=2, note="培训")
    reg.add_training(reg.partners[0], role="technician", trainees=20, part_of=tr)
    wish = reg.add_wish(h0, "书包", cost="80元", date="2020-05", batch=1)
    reg.add_wish(h1, "轮椅", note="急")
    done = reg.add_wish(h1, "棉被", cost=sh.Money("120.5"), date="2020-06")
    reg.claim_wish(wish, by=reg.partners[0], date="2020-06")
    reg.claim_wish(done, by=reg.partners[1], date="2020-07")
    reg.fulfil_wish(done, date="2020-08-01")
    reg.add_event("signing", date="2019-05", partners=[reg.partners[0], reg.partners[1]], note="签约")
    reg.add_event("other", participants=7)
    whole = reg.add_labour(reg.partners[0], reg.partners[1], persons=145, date="2020", citation="报告", note="合计")
    reg.add_labour(reg.partners[0], reg.partners[1], persons=82, status="poor", destination="east", date="2020-05",
                   part_of=whole)
    return reg


BULK = [("partners", "add_partners"), ("projects", "add_projects"), ("households", "add_households"),
        ("persons", "add_persons"), ("status_changes", "add_status_changes"), ("flows", "add_flows"),
        ("pairings", "add_pairings"), ("benefits", "add_benefits"), ("exchanges", "add_exchanges"),
        ("trainings", "add_trainings"), ("wishes", "add_wishes"), ("events", "add_events"),
        ("employment", "add_employment_records"), ("labour", "add_labour_records")]


@pytest.mark.parametrize("through", ["to_pandas", "to_arrow", "polars", "itself"])
def test_causes_and_address_and_every_column_go_back_in_intact(through):
    """Each table's own to_pandas() (and Arrow table, a polars frame of it, the table itself) goes
    back into its bulk call: the copy is byte for byte the registry (causes and address were
    dropped once)."""
    reg = every_table()
    copy = sh.Registry()
    for table, call in BULK:
        view = getattr(reg, table)
        if through == "to_pandas":
            frame = view.to_pandas(personal="show")  # by default personal data is masked
        elif through == "to_arrow":
            frame = view.to_arrow(personal="show")  # the stream masks personal data
        elif through == "polars":  # text as Arrow's string views, through the stream interface
            frame = pytest.importorskip("polars").DataFrame(view.to_arrow(personal="show"))
        else:
            frame = view
        assert getattr(copy, call)(frame) == range(len(view))
        del frame
    assert copy.households[0].causes == ["illness", "lack_of_labour"] and copy.households[0].address == "王坪村1号"
    assert copy.to_bytes() == reg.to_bytes()


def test_ids_given_must_be_the_ids_the_rows_get():
    reg = every_table()
    copy = sh.Registry()
    frame = reg.partners.to_pandas().reset_index()  # an id column
    copy.add_partners(frame.iloc[:2])
    refused(copy, lambda: copy.add_partners(frame.iloc[:3]), row=0, field="id", reason="mismatch", value="0")
    assert copy.add_partners(frame.iloc[2:]) == range(2, len(frame))


def test_an_amount_and_its_fen_must_agree():
    reg = base()
    rows = {"source": [0, 0], "target": [1, 1], "amount": ["1万", "2万"], "amount_fen": [1_000_000, 2_000_001]}
    refused(reg, lambda: reg.add_flows(rows), row=1, field="amount", reason="mismatch")


def test_an_absurd_decimal_is_refused_at_once():
    """Decimal('1E+999999999') written out in full is a gigabyte: refused before that."""
    reg = base()
    rows = {"source": [0, 0], "target": [1, 1], "amount": [Decimal("1"), Decimal("1E+999999999")]}
    refused(reg, lambda: reg.add_flows(rows), row=1, field="amount", reason="overflow")
    rows["amount"][1] = Decimal("1E-999999999")
    refused(reg, lambda: reg.add_flows(rows), row=1, field="amount", reason="too_fine")


@pytest.mark.parametrize("dtype", [np.int8, np.int16, np.int32, np.int64, np.uint8, np.uint16, np.uint32, np.uint64])
def test_integers_of_every_width_are_checked_before_they_are_narrowed(dtype):
    reg = base()
    info = np.iinfo(dtype)
    village = np.array([2, 3], dtype)
    members = np.array([1, info.max], dtype)
    rows = {"village": village, "members": members, "exit_year": np.array([0, info.min], dtype)}
    if info.max > 2**31 - 1:
        refused(reg, lambda: reg.add_households(rows), row=1, field="members", reason="out_of_range")
    elif info.min < -(2**15):
        refused(reg, lambda: reg.add_households(rows), row=1, field="exit_year", reason="out_of_range")
    else:  # values the columns hold: taken as they are (the rules refuse an implausible exit year)
        rows["exit_year"] = np.array([0, 0], dtype)
        assert reg.add_households(rows) == range(2)
        assert [h.members for h in reg.households] == [1, int(info.max)]


def test_whole_floats_and_gaps_are_taken_where_pandas_made_integers_float():
    reg = base()
    frame = pd.DataFrame({"village": [2.0, 3.0], "members": [3.0, np.nan], "exit_year": [np.nan, 2019.0]})
    assert reg.add_households(frame) == range(2)
    assert [(h.members, h.exit_year) for h in reg.households] == [(3, 0), (0, 2019)]
    nullable = pd.DataFrame({"household": pd.array([0, 1], dtype="Int64"),
                             "birth_year": pd.array([None, 1960], dtype="Int64")})
    assert reg.add_persons(nullable) == range(2) and reg.persons[1].birth_year == 1960
