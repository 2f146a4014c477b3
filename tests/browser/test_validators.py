"""Rendered pages pass the W3C Nu HTML checker and axe-core (WCAG 2.2 AA).

Needs the npm packages `vnu-jar` and `axe-core` (and Java for vnu): by default in the
repository's node_modules, or where NODE_TOOLS points.
"""

import os
import subprocess
import urllib.error
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

NODE_MODULES = Path(os.environ.get("NODE_TOOLS", settings.BASE_DIR)) / "node_modules"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
WCAG = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]


def public_paths(archive):
    conference, article = archive["conference"], archive["article"]
    return [
        "/",
        "/conferences/",
        "/conferences/?province=phu-tho&year=2023",
        "/conferences/?province=vinh-phuc-cu&year=2024",  # empty state
        "/conferences/?year=abc",  # form errors
        conference.get_absolute_url(),
        "/officials/",
        "/officials/nguyen-van-ky/",
        "/organizations/",
        archive["organization"].get_absolute_url(),
        "/articles/",
        article.get_absolute_url(),
        "/provinces/",
        "/provinces/phu-tho/",
        "/provinces/vinh-phuc-cu/",
        archive["topic"].get_absolute_url(),
        "/search/?q=vinh+phuc",
        "/search/?q=khong+co+gi",
        # English pages, with Vietnamese content marked as such.
        f"/en{conference.get_absolute_url()}",
        f"/en{article.get_absolute_url()}",
        "/en/officials/nguyen-van-ky/",
        "/en/search/?q=%22nguyen+van+ky%22",
    ]


def fetch(url):
    try:
        with urllib.request.urlopen(url) as response:
            return response.read()
    except urllib.error.HTTPError as error:  # 400 pages are pages too
        return error.read()


def test_pages_pass_the_nu_html_checker(live_server, archive, tmp_path):
    assert VNU.exists(), "vnu-jar is missing: `make install` runs npm ci"
    files = []
    for index, path in enumerate(public_paths(archive)):
        file = tmp_path / f"page{index:02d}.html"
        file.write_bytes(fetch(live_server.url + path))
        files.append(str(file))
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", *files],
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert result.returncode == 0, result.stderr


@pytest.mark.parametrize("width", [390, 1280])
def test_pages_have_no_serious_accessibility_violations(browser, live_server, archive, width):
    assert AXE.exists(), "axe-core is missing: `make install` runs npm ci"
    # axe is injected as a script, which the site's Content-Security-Policy rightly blocks.
    context = browser.new_context(bypass_csp=True, locale="vi-VN")
    page = context.new_page()
    page.set_viewport_size({"width": width, "height": 900})
    problems = []
    for path in public_paths(archive):
        page.goto(live_server.url + path)
        page.add_script_tag(path=str(AXE))
        violations = page.evaluate(
            "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})"
            ".then(r => r.violations)",
            WCAG,
        )
        problems += [
            f"{path}: {v['id']} ({v['impact']}) {v['nodes'][0]['target']}"
            for v in violations
            if v["impact"] in ("serious", "critical")
        ]
    context.close()
    assert problems == []
