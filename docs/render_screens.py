"""Renders what a person should look at, headless, to PNG files (not committed).

    .venv/bin/python docs/render_screens.py [OUT]        # default OUT: build/screens

Writes, for the 2018 Siming–Linxia data set:
  sankey.png            the Sankey of reg.trace(思明区), static (matplotlib)
  sankey.html           the same, interactive (plotly); sankey_html.png its screenshot
  report_zh.html/.png   the report's notebook display (its _repr_html_), in Chinese
  report_en.html/.png   the same in English
  report_plot.png       rep.plot(), the indicators
  pairings.png          the pairing network
The HTML screenshots need a headless Chromium (Debian: apt-get install chromium); without one
they are skipped and said so. Chinese labels need a CJK font (Debian: fonts-wqy-microhei).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import shanhai as sh
from shanhai import display, plot

PAGE = """<!doctype html>
<html><head><meta charset="utf-8"><title>{title}</title>
<style>body{{font-family:"Noto Sans CJK SC","WenQuanYi Micro Hei",sans-serif;margin:16px;color:#222;background:#fff}}</style>
</head><body>{body}</body></html>
"""


def chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable"):
        path = shutil.which(name)
        if path:
            return path
    return None


def screenshot(browser: str, html: Path, png: Path, width: int, height: int) -> None:
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [browser, "--headless", "--no-sandbox", "--disable-gpu", "--hide-scrollbars", "--no-first-run",
             f"--user-data-dir={profile}", f"--window-size={width},{height}", "--virtual-time-budget=8000",
             f"--screenshot={png}", html.resolve().as_uri()],
            check=True, capture_output=True, timeout=120)


def main(out: Path) -> int:
    out.mkdir(parents=True, exist_ok=True)
    reg = sh.datasets.siming_linxia_2018()
    siming = next(p for p in reg.partners if p.name == "思明区")
    linxia = next(p for p in reg.partners if p.name == "临夏市")
    written = []

    fig = plot.sankey(reg.trace(siming))
    written += [fig.save(out / "sankey.png"), fig.save(out / "sankey.html")]
    rep = reg.report(year=2018, east=siming, west=linxia)
    written.append(rep.plot().save(out / "report_plot.png"))
    written.append(plot.pairings(reg, year=2018).save(out / "pairings.png"))
    pages = []
    for lang in ("zh", "en"):
        page = out / f"report_{lang}.html"
        page.write_text(PAGE.format(title=f"report {lang}", body=display.report_html(rep, lang=lang)),
                        encoding="utf-8")
        pages.append((page, out / f"report_{lang}.png", 900, 1900))
        written.append(page)
    pages.append((out / "sankey.html", out / "sankey_html.png", 1200, 560))

    browser = chromium()
    if browser is None:
        print("no headless Chromium found: HTML screenshots skipped (apt-get install chromium)")
    else:
        for html, png, width, height in pages:
            screenshot(browser, html, png, width, height)
            written.append(png)
    if plot.cjk_font() is None:
        print("no CJK font found: Chinese labels in the PNG pictures show as boxes (apt-get install fonts-wqy-microhei)")
    for path in written:
        print(f"{path}  {path.stat().st_size:,} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1]) if len(sys.argv) > 1 else Path("build/screens")))
