"""The dashboard served for real (python -m dashboard) and looked at in headless Chromium.

One server and one browser for every page; each page's screenshot is kept under
tests/artifacts/screenshots/ (CI keeps it as an artifact). Needs Debian's chromium and
chromium-driver, which .ci/run installs.
"""
from __future__ import annotations

import io
import shutil
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest
from PIL import Image
from selenium import webdriver
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support import expected_conditions
from selenium.webdriver.support.ui import WebDriverWait

from bench.cluster import free_port

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(not (shutil.which("chromium") and shutil.which("chromedriver")),
                       reason="needs Debian's chromium and chromium-driver (apt-get install chromium chromium-driver)"),
]

ROOT = Path(__file__).resolve().parent.parent
SCREENSHOTS = ROOT / "tests" / "artifacts" / "screenshots"
# page → (its path, its title, how many charts it draws at least)
PAGES = {
    "series": ("", "Series", 1),
    "coverage": ("coverage", "Coverage", 3),
    "story": ("story", "A number's story", 0),
    "quality": ("quality", "Quality", 0),
}
# What Streamlit draws when a script fails or a page is missing.
ERROR_BOXES = '[data-testid="stException"], [data-testid="stAlertContentError"], [role="dialog"]'
CHART = '[data-testid="stVegaLiteChart"]'


@pytest.fixture(scope="module")
def app_url(published, tmp_path_factory):
    port = free_port()
    # A file, not a pipe nobody reads: a chatty server would block on a full pipe.
    log = tmp_path_factory.mktemp("dashboard") / "server.log"
    with log.open("w") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "dashboard", "--port", str(port), "--warehouse", str(published.warehouse)],
            cwd=ROOT, stdout=output, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}"
    # Straight to loopback, whatever proxy the environment names.
    direct = urllib.request.build_opener(urllib.request.ProxyHandler({}))
    try:
        deadline = time.monotonic() + 60
        while True:
            assert server.poll() is None, log.read_text()
            try:
                with direct.open(f"{url}/_stcore/health", timeout=2) as health:
                    if health.read() == b"ok":
                        break
            except OSError:
                assert time.monotonic() < deadline, f"the dashboard did not answer within 60 s:\n{log.read_text()}"
                time.sleep(0.2)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


@pytest.fixture(scope="module")
def browser(tmp_path_factory):
    options = webdriver.ChromeOptions()
    options.binary_location = shutil.which("chromium")
    # As root, without a GPU, straight to loopback, and with none of Chromium's own calls home,
    # which this machine's closed network refuses.
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                 "--window-size=1400,1500", "--no-first-run", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--disable-quic", "--no-proxy-server",
                 f"--user-data-dir={tmp_path_factory.mktemp('chromium')}"):
        options.add_argument(flag)
    driver = webdriver.Chrome(service=Service(shutil.which("chromedriver")), options=options)
    yield driver
    driver.quit()


def drawn(png: bytes) -> float:
    """Share of a chart's pixels that differ from its background (the top-left pixel)."""
    image = Image.open(io.BytesIO(png)).convert("RGB")
    background = image.getpixel((0, 0))
    pixels = list(image.getdata())
    return sum(pixel != background for pixel in pixels) / len(pixels)


@pytest.mark.parametrize("page", PAGES)
def test_page_renders_in_chromium(app_url, browser, page):
    path, title, n_charts = PAGES[page]
    browser.get(f"{app_url}/{path}")
    wait = WebDriverWait(browser, 60)
    wait.until(expected_conditions.text_to_be_present_in_element((By.TAG_NAME, "h1"), title))
    # A chart is drawn once vega-embed has put its SVG in place; the script is done when
    # Streamlit's status widget stops saying it is running.
    wait.until(lambda driver: len(driver.find_elements(By.CSS_SELECTOR, f"{CHART} svg.marks")) >= n_charts)
    wait.until(lambda driver: not driver.find_elements(By.CSS_SELECTOR, '[data-testid="stStatusWidget"]'))

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    browser.save_screenshot(str(SCREENSHOTS / f"{page}.png"))
    assert not browser.find_elements(By.CSS_SELECTOR, ERROR_BOXES), browser.find_element(By.TAG_NAME, "body").text
    charts = browser.find_elements(By.CSS_SELECTOR, CHART)
    assert len(charts) >= n_charts
    for chart in charts:
        assert chart.find_elements(By.CSS_SELECTOR, "g.role-mark > path"), f"a chart without marks on {page}"
        assert drawn(chart.screenshot_as_png) > 0.01, f"a blank chart on {page}"
    if page == "story":
        # The marked sentence comes after the page's title and, on a busy machine, after the
        # status widget has come and gone once: wait for it rather than look once.
        marked = wait.until(lambda driver: driver.find_elements(By.TAG_NAME, "mark"))
        assert marked[0].text
