"""IATI activity import: every figure of the shared real cases (per currency, naive and counted
once, per publisher, the links, the unmatched) reproduced with the files in either order, and
each rule on small hand-made files."""

from __future__ import annotations

import json
import os
from decimal import Decimal
from pathlib import Path

import pytest

import shanhai as sh

# The repository's parent holds shared/ beside the checkout (SHANHAI_SHARED names it elsewhere).
SHARED = Path(os.environ.get("SHANHAI_SHARED") or Path(__file__).resolve().parents[3] / "shared")
CAPTURES = SHARED / "data" / "iati"
CASES = sorted(p.name for p in CAPTURES.iterdir() if (p / "expected.json").exists()) if CAPTURES.is_dir() else []


def require_captures() -> None:
    if not CASES:
        pytest.skip(f"the IATI captures are not at {CAPTURES} (the shared/ folder beside the repository)")


def named(transactions) -> list[tuple[str, int]]:
    return sorted((t.activity, t.position) for t in transactions)


@pytest.mark.parametrize("reverse", [False, True], ids=["in order", "reversed"])
@pytest.mark.parametrize("case", CASES or ["absent"])
def test_published_chains_counted_once(case, reverse):
    require_captures()
    exp = json.loads((CAPTURES / case / "expected.json").read_text())
    files = [CAPTURES / case / f for f in exp["files"]]
    acts = sh.iati.read_activities(files[::-1] if reverse else files)
    assert len(acts.activities) == exp["activities"]
    assert len(acts.transactions) == exp["transactions"]
    assert acts.currencies == sorted(exp["currencies"])
    assert acts.skipped == []  # dportal_20.xml breaks the schema 46 times, none of it in what is read

    assert acts.by_type() == {c: {t: (Decimal(v["sum"]), v["count"]) for t, v in d.items()}
                              for c, d in exp["naive_by_type"].items()}
    assert acts.naive() == {c: {s: Decimal(v) for s, v in d.items()} for c, d in exp["naive"].items()}
    assert acts.deduplicated() == {c: {s: Decimal(v) for s, v in d.items()} for c, d in exp["deduplicated"].items()}
    assert acts.matched() == {c: {"disbursement_stage": (Decimal(d["incoming_funds"]["sum"]), d["incoming_funds"]["count"]),
                                  "commitment_stage": (Decimal(d["incoming_commitments"]["sum"]),
                                                       d["incoming_commitments"]["count"])}
                              for c, d in exp["matched"].items()}

    got = [(k.incoming.activity, k.incoming.position, k.outgoing.activity, k.outgoing.position, k.matched_by,
            k.stage, str(k.incoming.value), k.incoming.currency) for k in acts.links]
    want = [(k["incoming"]["activity"], k["incoming"]["transaction"], k["outgoing"]["activity"],
             k["outgoing"]["transaction"], k["matched_by"], k["stage"], k["value"], k["currency"]) for k in exp["links"]]
    assert sorted(got) == sorted(want)
    assert sum(acts.activities[k.incoming.activity].publisher != acts.activities[k.outgoing.activity].publisher
               for k in acts.links) == sum(k["cross_publisher"] for k in exp["links"])
    assert named(acts.unmatched) == sorted((u["incoming"]["activity"], u["incoming"]["transaction"])
                                           for u in exp["unmatched"])
    assert named(acts.outgoing_without_incoming) == sorted(
        (o["provider_activity"], o["transaction"]) for o in exp["outgoing_to_case_activity_without_incoming"])
    assert len(acts.incoming_from_outside) == exp["incoming_naming_activity_outside_case"]
    assert sorted(acts.related) == sorted((r["activity"], r["type"], r["ref"]) for r in exp["related_activities"]["links"])
    assert sum(len(a.related) for a in acts.activities.values()) == exp["related_activities"]["total"]

    assert list(acts.publishers) == list(exp["publishers"]) or set(acts.publishers) == set(exp["publishers"])
    for pub, e in exp["publishers"].items():
        assert acts.publishers[pub] == e["name"]
        assert sum(a.publisher == pub for a in acts.activities.values()) == e["activities"]
        assert acts.by_type(pub) == {c: {t: (Decimal(v["sum"]), v["count"]) for t, v in d.items()}
                                     for c, d in e["sums"].items()}
        matched = acts.matched(pub)
        for c, d in e["matched_incoming"].items():
            assert (matched[c]["disbursement_stage"][0], matched[c]["commitment_stage"][0]) == \
                (Decimal(d["incoming_funds"]), Decimal(d["incoming_commitments"])), (pub, c)


def test_contact_info_is_not_read():
    require_captures()
    case = CAPTURES / "covid-dra-2c1137e"
    text = (case / "dportal_33.xml").read_text(encoding="utf-8")
    assert "<contact-info" in text and "@" in text
    acts = sh.iati.read_activities(case / "dportal_33.xml")
    held = repr(list(acts.activities.values()))
    assert "@" not in held.replace("receiver-org/@ref", "")  # no e-mail address is held anywhere


# ---- hand-made files: one rule each ------------------------------------------------------------

def tx(kind: str, value: str, *, currency: str | None = None, date: str = "2020-06-01", provider: str | None = None,
       provider_ref: str | None = None, receiver: str | None = None, receiver_ref: str | None = None) -> str:
    cur = f' currency="{currency}"' if currency else ""
    prov = "" if provider is None and provider_ref is None else (
        "<provider-org" + (f' provider-activity-id="{provider}"' if provider else "")
        + (f' ref="{provider_ref}"' if provider_ref else "") + "/>")
    recv = "" if receiver is None and receiver_ref is None else (
        "<receiver-org" + (f' receiver-activity-id="{receiver}"' if receiver else "")
        + (f' ref="{receiver_ref}"' if receiver_ref else "") + "/>")
    return (f'<transaction><transaction-type code="{kind}"/><transaction-date iso-date="{date}"/>'
            f'<value value-date="{date}"{cur}>{value}</value>{prov}{recv}</transaction>')


def activity(ident: str, publisher: str, *transactions: str, currency: str | None = "EUR", extra: str = "") -> str:
    cur = f' default-currency="{currency}"' if currency else ""
    return (f'<iati-activity{cur}><iati-identifier> {ident} </iati-identifier>'
            f'<reporting-org ref="{publisher}"><narrative>{publisher} name</narrative></reporting-org>'
            f'{extra}{"".join(transactions)}</iati-activity>')


def write(tmp_path: Path, *activities: str, name: str = "a.xml") -> Path:
    path = tmp_path / name
    path.write_text('<?xml version="1.0"?>\n<iati-activities version="2.03">\n' + "\n".join(activities)
                    + "\n</iati-activities>\n", encoding="utf-8")
    return path


def test_a_transfer_reported_by_both_ends_counts_once(tmp_path):
    acts = sh.iati.read_activities(write(
        tmp_path,
        activity("XM-F-1", "XM-F", tx("3", "1000.25", receiver="XM-R-1")),
        activity("XM-R-1", "XM-R", tx("1", "1000.25", provider="XM-F-1"), tx("3", "400", receiver_ref="XM-X"))))
    assert [(k.incoming.position, k.outgoing.activity, k.matched_by, k.stage) for k in acts.links] == \
        [(1, "XM-F-1", "receiver-activity-id", "disbursement")]
    assert acts.naive()["EUR"]["disbursement_stage"] == Decimal("2400.50")
    assert acts.deduplicated()["EUR"]["disbursement_stage"] == Decimal("1400.25")


def test_a_transfer_addressed_to_the_publisher_links_in_the_second_pass(tmp_path):
    acts = sh.iati.read_activities(write(
        tmp_path,
        activity("XM-F-1", "XM-F", tx("2", "500", receiver="XM-R-typo", receiver_ref="XM-R"),
                 tx("2", "500", receiver="XM-R-1")),
        activity("XM-R-1", "XM-R", tx("11", "500", provider="XM-F-1"), tx("11", "500", provider="XM-F-1"))))
    # the first incoming takes the transaction addressed to its activity; the second the one to its publisher
    assert [(k.incoming.position, k.outgoing.position, k.matched_by) for k in acts.links] == \
        [(1, 2, "receiver-activity-id"), (2, 1, "receiver-org/@ref")]
    assert acts.deduplicated()["EUR"]["commitment_stage"] == Decimal("1000")


def test_each_outgoing_serves_one_incoming_and_amounts_must_agree_exactly(tmp_path):
    acts = sh.iati.read_activities(write(
        tmp_path,
        activity("XM-F-1", "XM-F", tx("3", "700", receiver="XM-R-1"), tx("3", "800", receiver="XM-R-1")),
        activity("XM-R-1", "XM-R", tx("1", "700", provider="XM-F-1"), tx("1", "700", provider="XM-F-1"),
                 tx("1", "801", provider="XM-F-1"))))
    assert [(k.incoming.position, k.outgoing.position) for k in acts.links] == [(1, 1)]
    assert named(acts.unmatched) == [("XM-R-1", 2), ("XM-R-1", 3)]  # no second 700; 801 is not 800
    assert named(acts.outgoing_without_incoming) == [("XM-F-1", 2)]
    assert acts.deduplicated()["EUR"]["disbursement_stage"] == Decimal("3001")


def test_the_nearest_value_date_wins(tmp_path):
    acts = sh.iati.read_activities(write(
        tmp_path,
        activity("XM-F-1", "XM-F", tx("3", "50", date="2020-01-10", receiver="XM-R-1"),
                 tx("3", "50", date="2020-03-01", receiver="XM-R-1")),
        activity("XM-R-1", "XM-R", tx("1", "50", date="2020-02-25", provider="XM-F-1"))))
    assert [k.outgoing.position for k in acts.links] == [2]


def test_currencies_are_never_added_nor_matched_across(tmp_path):
    acts = sh.iati.read_activities(write(
        tmp_path,
        activity("XM-F-1", "XM-F", tx("3", "100", currency="USD", receiver="XM-R-1")),
        activity("XM-R-1", "XM-R", tx("1", "100", provider="XM-F-1"), tx("4", "30", currency="GBP"), currency="EUR")))
    assert acts.links == []
    assert acts.naive() == {
        "EUR": {"disbursement_stage": Decimal(100), "commitment_stage": Decimal(0), "expenditure": Decimal(0)},
        "GBP": {"disbursement_stage": Decimal(0), "commitment_stage": Decimal(0), "expenditure": Decimal(30)},
        "USD": {"disbursement_stage": Decimal(100), "commitment_stage": Decimal(0), "expenditure": Decimal(0)}}


def test_a_negative_correction_is_added_as_it_is_and_decimals_are_exact(tmp_path):
    acts = sh.iati.read_activities(write(
        tmp_path, activity("XM-A-1", "XM-A", tx("4", "759596882.034984"), tx("4", "-0.034984"), tx("4", "-82"))))
    assert acts.naive()["EUR"]["expenditure"] == Decimal("759596800")


def test_identifiers_are_compared_as_published(tmp_path):
    acts = sh.iati.read_activities(write(
        tmp_path,
        activity("XM-F-1", "XM-F", tx("3", "10", receiver="xm-r-1"), tx("3", "20", receiver_ref="XM- R")),
        activity("XM-R-1", "XM-R", tx("1", "10", provider="XM-F-1"), tx("1", "20", provider="XM-F-1"))))
    assert acts.links == []  # no case folding, no typo repair
    assert [a for a in acts.activities] == ["XM-F-1", "XM-R-1"]  # surrounding white space removed


def test_a_provider_activity_not_read_is_money_from_outside(tmp_path):
    acts = sh.iati.read_activities(write(
        tmp_path, activity("XM-R-1", "XM-R", tx("1", "10", provider="XM-ELSEWHERE-9"), tx("1", "5"))))
    assert named(acts.incoming_from_outside) == [("XM-R-1", 1)]
    assert acts.unmatched == [] and acts.deduplicated()["EUR"]["disbursement_stage"] == Decimal(15)


def test_files_are_read_in_the_order_of_their_names(tmp_path):
    funder = write(tmp_path, activity("XM-F-1", "XM-F", tx("3", "9", receiver="XM-R-1")), name="b.xml")
    receiver = write(tmp_path, activity("XM-R-1", "XM-R", tx("1", "9", provider="XM-F-1"),
                                        tx("1", "9", provider="XM-F-1")), name="a.xml")
    one, other = sh.iati.read_activities([funder, receiver]), sh.iati.read_activities([receiver, funder])
    assert one.files == other.files and list(one.activities) == ["XM-R-1", "XM-F-1"]
    assert [(k.incoming.activity, k.incoming.position) for k in one.links] == \
        [(k.incoming.activity, k.incoming.position) for k in other.links] == [("XM-R-1", 1)]


def test_what_cannot_be_read_is_skipped_with_where_and_why(tmp_path):
    path = write(
        tmp_path,
        activity("XM-A-1", "XM-A", tx("3", "12 000"), tx("3", "1e3"), tx("3", "5", currency="EURO"), tx("3", "7"),
                 currency=None),
        '<iati-activity><reporting-org ref="XM-A"/></iati-activity>',
        activity("XM-A-2", "XM-A", tx("4", "1")), activity("XM-A-2", "XM-A", tx("4", "2")))
    acts = sh.iati.read_activities(path)
    assert [(s.element, s.line) for s in acts.skipped] == [("transaction", 3)] * 4 + [("iati-activity", 4),
                                                                                     ("iati-activity", 6)]
    whys = [s.why for s in acts.skipped]
    assert "not a number" in whys[0] and "not a number" in whys[1]
    assert "ISO 4217" in whys[2] and "no currency" in whys[3]
    assert "no iati-identifier" in whys[4] and "read before" in whys[5]
    assert [t.value for t in acts.transactions] == [Decimal(1)]


def test_a_file_that_cannot_be_read_is_refused_naming_file_line_and_element(tmp_path):
    broken = tmp_path / "broken.xml"
    broken.write_text('<?xml version="1.0"?>\n<iati-activities>\n<iati-activity>\n</iati-activities>\n')
    with pytest.raises(sh.FormatError, match=r"broken\.xml, line \d: not XML"):
        sh.iati.read_activities(broken)
    other = tmp_path / "other.xml"
    other.write_text('<?xml version="1.0"?>\n<iati-organisations version="2.03"/>\n')
    with pytest.raises(sh.FormatError, match=r"other\.xml, line 2: <iati-organisations> is not"):
        sh.iati.read_activities([write(tmp_path, activity("XM-A-1", "XM-A")), other])
    with pytest.raises(sh.FileError):
        sh.iati.read_activities(tmp_path / "missing.xml")
    with pytest.raises(sh.ValidationError):
        sh.iati.read_activities(42)  # type: ignore[arg-type]


def test_a_frame_of_the_transactions_sums_to_the_figures():
    require_captures()
    exp = json.loads((CAPTURES / "covid-dra-2c1137e" / "expected.json").read_text())
    acts = sh.iati.read_activities(CAPTURES / "covid-dra-2c1137e" / "dportal_33.xml")
    frame = acts.to_pandas()
    assert len(frame) == exp["transactions"] and (~frame["counted"]).sum() == len(exp["links"])
    once = frame[frame["counted"] & frame["stage"].notna()].groupby(["currency", "stage"])["value"].sum()
    for currency, stages in exp["deduplicated"].items():
        for stage, value in stages.items():
            assert once.get((currency, stage), Decimal(0)) == Decimal(value), (currency, stage)
    link = exp["links"][0]
    row = frame[(frame["activity"] == link["incoming"]["activity"])
                & (frame["position"] == link["incoming"]["transaction"])].iloc[0]
    assert row["repeats"] == f"{link['outgoing']['activity']}#{link['outgoing']['transaction']}"
    assert isinstance(row["value"], Decimal)
